package io.modelbench.engine.model;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.stats.MinMaxStats;

/**
 * The forward pass of a plain dense network (dense layers and an output layer) in plain Java, for a few rows at a
 * time: what {@code predict} and the server pay per request. ND4J runs every matrix product through libnd4j's
 * {@code matmul} op, which costs ~24 µs even for a 1×4 · 4×4 product, and an MLP's forward pass is ~9 such native
 * calls: the MLP 784-256-256-10 at batch 1 took ~0.25 ms in ND4J against PyTorch's ~0.03 ms (docs/PERFORMANCE.md,
 * "CNNs with oneDNN, and inference latency"). Here the same pass is loops over float arrays copied once from the
 * network's parameters, one array per weight row [nIn][nOut] so that the inner loop {@code out[j] += x[i] · W[i][j]}
 * runs over contiguous {@code j} and HotSpot's C2 vectorizes it (no Vector API; see {@link #layer}).
 *
 * <p>{@link #of} returns null for anything it does not compute exactly as ND4J does (a layer other than
 * {@code DenseLayer}/{@code OutputLayer}, layer norm, weight noise, an input preprocessor, an activation not listed in
 * {@link Act}, a non-float network, a normalizer other than standardize/min-max, non-finite parameters): such networks
 * stay on ND4J. Dropout is the identity at inference, as in DL4J. Float sums in another order than BLAS: results agree
 * with {@code net.output()} within ~1e-6 ({@code DenseForwardTest} checks 1e-5 relative and absolute). Each row is
 * computed in the same order whatever the other rows, so a row comes out bit for bit the same alone or in any batch up
 * to {@link #MAX_ROWS}: the server's {@code HostedModel.sameAsAlone} then batches such a model's requests up to 32 rows.
 *
 * <p>The copy is of the parameters when built; {@link #current} says whether it still matches the network (the same
 * flattened parameter array, the same iteration and epoch counts — {@code fit} moves them — and the same values at a
 * few sampled positions). Not thread-safe (scratch buffers): {@link TrainedModel} calls it under its lock.
 */
final class DenseForward {

    /** The system property that turns the fast path off ({@code -Dmodelbench.fastDense=false}). */
    static final String SWITCH = "modelbench.fastDense";

    /** Activations computed here, each exactly as ND4J's {@code IActivation} of the same name. */
    enum Act { IDENTITY, RELU, RELU6, LEAKYRELU, ELU, SELU, TANH, SIGMOID, HARDTANH, HARDSIGMOID, SOFTSIGN, SOFTPLUS, SWISH, SOFTMAX }

    /**
     * The most rows computed here; larger batches go to ND4J. Plain Java was faster at every size tried up to 64 rows
     * (ND4J's per-call cost swung from 0.25 to 57 ms at load ~4), but at 256 rows ND4J's two-thread BLAS does the MLP
     * 784-256-256-10 in ~12.5 µs a row against ~17 µs here (docs/PERFORMANCE.md): 32 keeps requests, forms and small
     * files here and leaves large files to BLAS.
     */
    static final int MAX_ROWS = 32;

    private final ParamsWatch watch;
    private final int[] width;          // width[0] = inputs, width[l + 1] = layer l's outputs
    private final float[][][] weights;  // layer l: width[l] rows of width[l + 1] weights, W[i][j] as in DL4J's [nIn, nOut]
    private final float[][] bias;       // layer l: width[l + 1] values (zeros without a bias)
    private final Act[] act;
    private final float[] alpha;        // leaky ReLU's and ELU's alpha
    private final float[] shift;        // normalizer: x' = (x - shift) / scale * mul + add; null without one
    private final float[] scale;
    private final float mul;
    private final float add;
    private final int maxWidth;
    private final float[][][] buf = new float[2][0][];

    private DenseForward(MultiLayerNetwork net, int[] width, float[][][] weights, float[][] bias, Act[] act, float[] alpha,
                         float[] shift, float[] scale, float mul, float add) {
        this.watch = new ParamsWatch(net);
        this.width = width;
        this.weights = weights;
        this.bias = bias;
        this.act = act;
        this.alpha = alpha;
        this.shift = shift;
        this.scale = scale;
        this.mul = mul;
        this.add = add;
        this.maxWidth = java.util.Arrays.stream(width).max().orElse(0);
    }

    /** True unless {@code -Dmodelbench.fastDense=false}. */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH, "true").trim());
    }

    /**
     * The plain-Java forward pass of this network with this normalizer (null: none), or null when it cannot be computed
     * exactly here (the class comment lists what is supported).
     */
    static DenseForward of(MultiLayerNetwork net, DataNormalization normalizer) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int layers = net.getnLayers();
        if (layers == 0 || conf.getDataType() != DataType.FLOAT || net.params() == null || net.params().dataType() != DataType.FLOAT) {
            return null;
        }
        int[] width = new int[layers + 1];
        float[][][] weights = new float[layers][][];
        float[][] bias = new float[layers][];
        Act[] act = new Act[layers];
        float[] alpha = new float[layers];
        for (int l = 0; l < layers; l++) {
            InputPreProcessor pre = conf.getInputPreProcess(l);
            NeuralNetConfiguration c = conf.getConf(l);
            org.deeplearning4j.nn.conf.layers.Layer lc = c.getLayer();
            boolean last = l == layers - 1;
            if (pre != null || lc.getClass() != (last ? OutputLayer.class : DenseLayer.class)) {
                return null;
            }
            org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) lc;
            boolean hasBias = last ? ((OutputLayer) lc).hasBias() : ((DenseLayer) lc).hasBias();
            if ((!last && ((DenseLayer) lc).hasLayerNorm()) || ff.getWeightNoise() != null) {
                return null;
            }
            IActivation fn = ff.getActivationFn();
            act[l] = Activations.of(fn);
            if (act[l] == null) {
                return null;
            }
            alpha[l] = Activations.alpha(fn);
            INDArray w = net.getLayer(l).getParam("W");
            if (w == null || w.rank() != 2 || (l > 0 && w.size(0) != width[l])) {
                return null;
            }
            width[l] = (int) w.size(0);
            width[l + 1] = (int) w.size(1);
            float[] flat = w.dup('c').data().asFloat();
            if (!finite(flat)) {
                return null;
            }
            weights[l] = new float[width[l]][];
            for (int i = 0; i < width[l]; i++) {
                weights[l][i] = java.util.Arrays.copyOfRange(flat, i * width[l + 1], (i + 1) * width[l + 1]);
            }
            bias[l] = hasBias ? net.getLayer(l).getParam("b").dup('c').data().asFloat() : new float[width[l + 1]];
            if (bias[l].length != width[l + 1] || !finite(bias[l])) {
                return null;
            }
        }
        if (normalizer == null) {
            return new DenseForward(net, width, weights, bias, act, alpha, null, null, 1f, 0f);
        }
        float[] shift;
        float[] scale;
        float mul = 1f;
        float add = 0f;
        if (normalizer.getClass() == NormalizerStandardize.class) {
            NormalizerStandardize s = (NormalizerStandardize) normalizer;
            shift = s.getMean().castTo(DataType.FLOAT).dup('c').data().asFloat();
            scale = s.getStd().castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (float v : scale) {
                if (!(Math.abs(v) >= 1e-4f)) {
                    return null;   // ND4J swaps a zero std for 1 (by its own tolerance): left to ND4J
                }
            }
        } else if (normalizer.getClass() == NormalizerMinMaxScaler.class) {
            NormalizerMinMaxScaler m = (NormalizerMinMaxScaler) normalizer;
            MinMaxStats stats = new MinMaxStats(m.getMin(), m.getMax());   // its range is the divisor ND4J uses
            shift = stats.getLower().castTo(DataType.FLOAT).dup('c').data().asFloat();
            scale = stats.getRange().castTo(DataType.FLOAT).dup('c').data().asFloat();
            mul = (float) (m.getTargetMax() - m.getTargetMin());
            add = (float) m.getTargetMin();
        } else {
            return null;
        }
        if (shift.length != width[0] || scale.length != width[0] || !finite(shift) || !finite(scale)) {
            return null;
        }
        return new DenseForward(net, width, weights, bias, act, alpha, shift, scale, mul, add);
    }

    /** Every value finite (also {@link LstmForward}'s check of its weights). */
    static boolean finite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    /** The network's inputs. */
    int inputs() {
        return width[0];
    }

    /** The network's outputs per row. */
    int outputs() {
        return width[width.length - 1];
    }

    /**
     * True while the copied parameters still are the network's: the same parameter array, iteration and epoch counts
     * (training moves them) and the same values at {@value ParamsWatch#SAMPLES} sampled positions (~1 µs).
     */
    boolean current() {
        return watch.current();
    }

    /**
     * The network's outputs for these raw (not yet normalized) rows, row-major [rows × outputs]: the normalizer, then
     * each layer's {@code x · W + b} and activation. Rows must all be {@link #inputs()} wide.
     */
    float[] output(float[][] rows) {
        int n = rows.length;
        float[][] x = scratch(0, n, width[0]);
        for (int r = 0; r < n; r++) {
            normalize(rows[r], x[r], 0);
        }
        int in = 0;
        for (int l = 0; l < act.length; l++) {
            float[][] y = scratch(1 - in, n, width[l + 1]);
            for (int r = 0; r < n; r++) {
                System.arraycopy(bias[l], 0, y[r], 0, width[l + 1]);
            }
            layer(x, n, width[l], width[l + 1], weights[l], y);
            for (int r = 0; r < n; r++) {
                Activations.apply(act[l], alpha[l], y[r], 1, width[l + 1]);
            }
            x = y;
            in = 1 - in;
        }
        int k = outputs();
        float[] out = new float[n * k];
        for (int r = 0; r < n; r++) {
            System.arraycopy(x[r], 0, out, r * k, k);
        }
        return out;
    }

    /** One raw row normalized as ND4J's normalizer does, into {@code to[at ..]} ({@link #inputs()} values). */
    void normalize(float[] row, float[] to, int at) {
        if (shift == null) {
            System.arraycopy(row, 0, to, at, width[0]);
            return;
        }
        for (int i = 0; i < width[0]; i++) {
            to[at + i] = (row[i] - shift[i]) / scale[i] * mul + add;
        }
    }

    /** The number of layers. */
    int layers() {
        return act.length;
    }

    /** Layer l's inputs ({@code width(l)}) and outputs ({@code width(l + 1)}). */
    int width(int k) {
        return width[k];
    }

    /** Layer l's weights, one array per input: {@code W[i][j]} as in DL4J's [nIn, nOut] (the copy itself: do not write). */
    float[][] weights(int l) {
        return weights[l];
    }

    /** Layer l's bias (zeros without one; the copy itself: do not write). */
    float[] bias(int l) {
        return bias[l];
    }

    /** Layer l's activation and its alpha (leaky ReLU, ELU). */
    Act act(int l) {
        return act[l];
    }

    float alpha(int l) {
        return alpha[l];
    }

    /** Scratch rows: buffer {@code b}'s first {@code n} rows, each at least {@code width} long. */
    private float[][] scratch(int b, int n, int width) {
        if (buf[b].length < n) {
            buf[b] = java.util.Arrays.copyOf(buf[b], n);
        }
        for (int r = 0; r < n; r++) {
            if (buf[b][r] == null || buf[b][r].length < width) {
                buf[b][r] = new float[maxWidth];
            }
        }
        return buf[b];
    }

    /**
     * {@code y += x · W} for n rows, four inputs at a time: {@code y[j] += x0·W0[j] + x1·W1[j] + x2·W2[j] + x3·W3[j]}.
     * Each weight row is its own array and the loop indexes every array from 0: C2 in JDK 17 vectorizes that loop, and
     * not one that reads a flat matrix at an offset ({@code w[i * nOut + j]}: 59 µs for 784×256 against 10.5 µs here,
     * measured on the build machine). Four inputs per pass load and store {@code y} a quarter as often (15.5 µs with
     * one). Four zero inputs are skipped (exact: the weights are finite, {@link #of} checks it), which sparse inputs
     * such as pixels gain from. The input index runs outside the rows, so each weight row is reused for all rows.
     */
    private static void layer(float[][] x, int n, int nIn, int nOut, float[][] w, float[][] y) {
        int i = 0;
        for (; i + 3 < nIn; i += 4) {
            float[] w0 = w[i];
            float[] w1 = w[i + 1];
            float[] w2 = w[i + 2];
            float[] w3 = w[i + 3];
            for (int r = 0; r < n; r++) {
                float[] xr = x[r];
                float x0 = xr[i];
                float x1 = xr[i + 1];
                float x2 = xr[i + 2];
                float x3 = xr[i + 3];
                if (x0 == 0f && x1 == 0f && x2 == 0f && x3 == 0f) {
                    continue;
                }
                float[] yr = y[r];
                for (int j = 0; j < nOut; j++) {
                    yr[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
                }
            }
        }
        for (; i < nIn; i++) {
            float[] wi = w[i];
            for (int r = 0; r < n; r++) {
                float xi = x[r][i];
                float[] yr = y[r];
                for (int j = 0; j < nOut; j++) {
                    yr[j] += xi * wi[j];
                }
            }
        }
    }
}
