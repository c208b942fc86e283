package io.modelbench.engine.model;

import io.modelbench.engine.model.DenseForward.Act;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * Trains a plain dense network (dense layers and an output layer, Adam) the way DL4J's {@code fit} does, mini-batch by
 * mini-batch, but with the matrix products as direct OpenBLAS {@code cblas_sgemm} calls and everything else in plain
 * Java over float arrays. Why: DL4J spends most of an MLP iteration outside the products. On the MLP 784-256-256-10 at
 * batch 128 a DL4J iteration took ~8 ms here (perf: OpenBLAS ~25 %, libnd4j's per-op overhead, Adam in libnd4j ~12 %,
 * DL4J's Java, JavaCPP deallocator bookkeeping, GC), and ND4J's {@code mmul} on the layer's shape reached 77 GFLOP/s
 * where {@code cblas_sgemm} on the same library and threads reaches ~190 (docs/PERFORMANCE.md, issue 17).
 *
 * <p>It works on the network itself: the weights are DL4J's flattened parameter buffer (written after every step, so
 * the network is always current), Adam's moments are copied from DL4J's updater state at the start of {@link #fitEpoch}
 * and written back at its end, and the iteration and epoch counts move as {@code fit} moves them. Checkpoints, resume,
 * validation, export and serving therefore see a DL4J network as always. The arithmetic is DL4J's: loss gradients
 * divided by the mini-batch size, L2 added before the updater, Adam with DL4J's bias correction
 * ({@code lr·√(1−β₂ᵗ)/(1−β₁ᵗ)}, t = iteration + 1), the score the loss plus the L2 terms; float sums in another order,
 * so weights agree with DL4J's {@code fit} to ~1e-6 per step ({@code DenseTrainerTest}).
 *
 * <p>Dropout on a layer's inputs ({@code dropOut(p)}, DL4J's {@code Dropout} with a fixed p) is inverted dropout as DL4J's,
 * with random numbers of its own from the network's seed and the iteration ({@link TrainerMath#dropoutRandom}): the same
 * run drops the same inputs, not the ones DL4J would, so such a network learns as DL4J's does rather than to the float.
 *
 * <p>{@link #of} returns null for anything it does not train exactly as DL4J does: a layer other than
 * {@code DenseLayer}/{@code OutputLayer}, other dropout (a schedule, Gaussian, alpha or spatial dropout), layer norm,
 * weight noise, an input preprocessor, an activation other than identity/ReLU/leaky ReLU/ELU/tanh/sigmoid/swish, an
 * output other than softmax + cross-entropy (class weights allowed) or identity + mean squared error, an updater other
 * than Adam, regularization other than L2, gradient normalization, truncated BPTT, a non-float network or data, masks.
 * Those stay on DL4J's {@code fit}.
 * {@code -Dmodelbench.fastTrain=false} turns it off. One instance per training session; not thread-safe.
 */
public final class DenseTrainer implements FastTrainer {

    /** The system property that turns the fast path off ({@code -Dmodelbench.fastTrain=false}). */
    public static final String SWITCH = "modelbench.fastTrain";

    /** What the trainer reports after each mini-batch: the score (as DL4J's {@code score()}) and the rows. */
    @FunctionalInterface
    public interface BatchDone {
        void done(double score, int rows);
    }

    private final MultiLayerNetwork net;
    private final int layers;
    private final int[] width;
    private final Act[] act;
    private final float[] alpha;
    private final boolean[] wColumnMajor;   // W [nIn, nOut] stored column-major ('f', DL4J's default) or row-major
    private final int[] wOff;
    private final int[] bOff;
    private final TrainerMath.Loss loss;
    private final Adam adam;
    private final ISchedule[] l2W;          // null: none
    private final ISchedule[] l2B;
    private final List<UpdaterBlock> blocks;
    private final FloatBuffer params;
    private final int paramBase;
    private final int paramCount;
    private final FloatBuffer xs;
    private final int xBase;
    private final FloatBuffer ys;
    private final int yBase;
    private final int batch;

    private final float[] p;
    private final float[] g;
    private final float[] m;
    private final float[] v;
    private final FloatBuffer[] act0;       // act0[l]: layer l's input, direct (batch × width[l])
    private final FloatBuffer[] zb;         // zb[l]: layer l's output before activation, direct
    private final float[][] z;
    private final float[][] a;              // a[l]: layer l's output after activation
    private final FloatBuffer[] gw;         // gw[l]: dL/dW of layer l, direct, in W's own layout
    private final FloatBuffer dzb;
    private final FloatBuffer dab;
    private final float[] dz;
    private final float[] da;
    private final float[] y;
    private final float[] retain;           // dropout on layer l's inputs: the probability of keeping each (1: none)
    private final long seed;
    private final float[][] mask;           // mask[l]: 1/p or 0 per input of layer l in this step (null: no dropout)
    private final float[] dropped;

    private DenseTrainer(DenseTrainerParts.Parts s) {
        this.net = s.net;
        this.layers = s.width.length - 1;
        this.width = s.width;
        this.act = s.act;
        this.alpha = s.alpha;
        this.wColumnMajor = s.wColumnMajor;
        this.wOff = s.wOff;
        this.bOff = s.bOff;
        this.loss = new TrainerMath.Loss(s.crossEntropy, s.classWeights, s.clipEps);
        this.adam = s.adam;
        this.l2W = s.l2W;
        this.l2B = s.l2B;
        this.blocks = s.blocks;
        this.params = s.params;
        this.paramBase = s.paramBase;
        this.paramCount = s.paramCount;
        this.xs = s.xs;
        this.xBase = s.xBase;
        this.ys = s.ys;
        this.yBase = s.yBase;
        this.batch = s.batch;
        p = new float[paramCount];
        g = new float[paramCount];
        m = new float[paramCount];
        v = new float[paramCount];
        int maxWidth = java.util.Arrays.stream(width).max().orElse(1);
        act0 = new FloatBuffer[layers];
        zb = new FloatBuffer[layers];
        z = new float[layers][];
        a = new float[layers][];
        gw = new FloatBuffer[layers];
        for (int l = 0; l < layers; l++) {
            act0[l] = direct(batch * width[l]);
            zb[l] = direct(batch * width[l + 1]);
            z[l] = new float[batch * width[l + 1]];
            a[l] = new float[batch * width[l + 1]];
            gw[l] = direct(width[l] * width[l + 1]);
        }
        dzb = direct(batch * maxWidth);
        dab = direct(batch * maxWidth);
        dz = new float[batch * maxWidth];
        da = new float[batch * maxWidth];
        y = new float[batch * width[layers]];
        retain = s.inputRetain;
        seed = s.seed;
        mask = new float[layers][];
        for (int l = 0; l < layers; l++) {
            mask[l] = retain[l] < 1f ? new float[batch * width[l]] : null;
        }
        dropped = new float[batch * maxWidth];
    }

    /** True unless {@code -Dmodelbench.fastTrain=false}. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH, "true").trim());
    }

    /**
     * The fast trainer for this network on these rows (features [n, inputs], labels [n, outputs], float, row-major), or
     * null when the network or the data is not one it trains exactly as DL4J (the class comment lists them) or the
     * switch is off.
     */
    public static DenseTrainer of(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize) {
        if (net == null || batchSize < 1) {
            return null;
        }
        return TrainerMath.build(() -> DenseTrainerParts.inspect(net, features, labels, batchSize), DenseTrainer::new);
    }

    /** Why {@link #of} declines this network and data (null: it does not). */
    public static String whyNot(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize) {
        return TrainerMath.whyNot(() -> DenseTrainerParts.inspect(net, features, labels, batchSize));
    }

    /**
     * One epoch over the rows in {@code order}, {@code batch} rows per step; before each step {@code proceed} may hold
     * (pause) or end the epoch (false). Returns the steps done. Increments the network's epoch count at the end, as
     * DL4J's {@code fit(iterator)} does.
     */
    @Override
    public int fitEpoch(int[] order, BooleanSupplier proceed, BatchDone done) {
        params.get(paramBase, p, 0, paramCount);
        return TrainerMath.epoch(net, blocks, m, v, order, batch, proceed, done, this::step);
    }

    /** One forward pass, backward pass and Adam step over rows order[from .. from + n); returns the score. */
    private double step(int[] order, int from, int n) {
        int in = width[0];
        int out = width[layers];
        for (int r = 0; r < n; r++) {
            int row = order[from + r];
            act0[0].put(r * in, xs, xBase + row * in, in);
            ys.get(yBase + row * out, y, r * out, out);
        }
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        forward(n, iteration);
        double score = lossAndOutputGradient(n) / n;
        for (int l = layers - 1; l >= 0; l--) {
            backward(l, n);
        }
        // DL4J: gradients divided by the mini-batch size, then L2 (before the updater), then Adam, then params -= update;
        // one pass per layer's W and b with all three
        TrainerMath.AdamStep a = TrainerMath.adamStep(adam, iteration, epoch);
        float inv = 1f / n;
        for (int l = 0; l < layers; l++) {
            score += TrainerMath.update(a, p, g, m, v, wOff[l], width[l] * width[l + 1], inv, l2W[l], iteration, epoch);
            score += TrainerMath.update(a, p, g, m, v, bOff[l], width[l + 1], inv, l2B[l], iteration, epoch);
        }
        params.put(paramBase, p, 0, paramCount);
        net.setIterationCount(iteration + 1);
        return score;
    }

    /** The network's score on some rows and its outputs for them: what DL4J's {@code score(data)} and {@code output()} give. */
    public record Evaluation(double score, INDArray output) {
    }

    /**
     * The score (mean loss plus the L2 terms, as {@code net.score(data, false)}) and the outputs ([rows, outputs]) of the
     * network as it is now on {@code features}/{@code labels} (float rows of the network's widths), in one forward pass
     * per {@code batch} rows; null when the arrays are not such rows (the caller asks DL4J then).
     */
    @Override
    public Evaluation evaluate(INDArray features, INDArray labels) {
        DenseTrainerParts.Rows r = DenseTrainerParts.Rows.of(features, labels, width[0], width[layers]);
        if (r == null) {
            return null;
        }
        params.get(paramBase, p, 0, paramCount);   // the network may have been given other weights since (setParams)
        int rows = r.n();
        int in = width[0];
        int out = width[layers];
        float[] outputs = new float[rows * out];
        double sum = 0;
        for (int from = 0; from < rows; from += batch) {
            int n = Math.min(batch, rows - from);
            act0[0].put(0, r.x(), r.xBase() + from * in, n * in);
            r.y().get(r.yBase() + from * out, y, 0, n * out);
            forward(n, -1);
            sum += lossAndOutputGradient(n);
            System.arraycopy(a[layers - 1], 0, outputs, from * out, n * out);
        }
        double score = sum / rows;
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        for (int l = 0; l < layers; l++) {
            score += TrainerMath.squares(l2W[l], p, wOff[l], width[l] * width[l + 1], iteration, epoch);
            score += TrainerMath.squares(l2B[l], p, bOff[l], width[l + 1], iteration, epoch);
        }
        return new Evaluation(score, org.nd4j.linalg.factory.Nd4j.create(outputs, new long[] {rows, out}, 'c'));
    }

    /** The forward pass over the n rows in act0[0]; dropout on layers' inputs while training (iteration ≥ 0), not in inference. */
    private void forward(int n, int iteration) {
        for (int l = 0; l < layers; l++) {
            int in = width[l];
            int out = width[l + 1];
            if (mask[l] != null && iteration >= 0) {   // DL4J's Dropout on this layer's inputs: inverted, as ConvPooling.dropout
                if (l == 0) {
                    act0[0].get(0, dropped, 0, n * in);
                }
                ConvPooling.dropout(l == 0 ? dropped : a[l - 1], dropped, mask[l], n * in, retain[l],
                        TrainerMath.dropoutRandom(seed, iteration, l));
                act0[l].put(0, dropped, 0, n * in);
            }
            if (wColumnMajor[l]) {   // W as row-major [out, in] at wOff: Z = A · Wᵀ
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1f, act0[l], in,
                        params.position(paramBase + wOff[l]), in, 0f, zb[l], out);
            } else {                 // W row-major [in, out]: Z = A · W
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, out, in, 1f, act0[l], in,
                        params.position(paramBase + wOff[l]), out, 0f, zb[l], out);
            }
            params.position(0);
            float[] zl = z[l];
            zb[l].get(0, zl, 0, n * out);
            int b = bOff[l];
            for (int r = 0; r < n; r++) {
                int o = r * out;
                for (int j = 0; j < out; j++) {
                    zl[o + j] += p[b + j];
                }
            }
            System.arraycopy(zl, 0, a[l], 0, n * out);
            Activations.apply(act[l], alpha[l], a[l], n, out);
            if (l + 1 < layers) {
                act0[l + 1].put(0, a[l], 0, n * out);
            }
        }
    }

    /** The loss summed over the n rows; dz = dL/dz of the output layer per row (not yet divided by n). */
    private double lossAndOutputGradient(int n) {
        return TrainerMath.lossAndOutputGradient(loss, a[layers - 1], y, dz, n, width[layers]);
    }

    /** Layer l's weight and bias gradients into g, and (l > 0) dz of the layer below. dz holds layer l's on entry. */
    private void backward(int l, int n) {
        int in = width[l];
        int out = width[l + 1];
        dzb.put(0, dz, 0, n * out);
        if (wColumnMajor[l]) {   // dWᵀ [out, in] = dZᵀ · A
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, n, 1f, dzb, out, act0[l], in, 0f, gw[l], in);
        } else {                 // dW [in, out] = Aᵀ · dZ
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, in, out, n, 1f, act0[l], in, dzb, out, 0f, gw[l], out);
        }
        gw[l].get(0, g, wOff[l], in * out);
        int b = bOff[l];
        java.util.Arrays.fill(g, b, b + out, 0f);
        for (int r = 0; r < n; r++) {
            int o = r * out;
            for (int j = 0; j < out; j++) {
                g[b + j] += dz[o + j];
            }
        }
        if (l == 0) {
            return;
        }
        if (wColumnMajor[l]) {   // dA [n, in] = dZ · W, W as row-major [out, in]
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in, out, 1f, dzb, out,
                    params.position(paramBase + wOff[l]), in, 0f, dab, in);
        } else {                 // dA = dZ · Wᵀ, W row-major [in, out]
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, in, out, 1f, dzb, out,
                    params.position(paramBase + wOff[l]), out, 0f, dab, in);
        }
        params.position(0);
        dab.get(0, da, 0, n * in);
        if (mask[l] != null) {   // the dropped inputs get no gradient, the kept ones theirs times 1/p (DL4J's Dropout.backprop)
            float[] mk = mask[l];
            for (int k = 0; k < n * in; k++) {
                da[k] *= mk[k];
            }
        }
        DenseTrainerParts.derivative(act[l - 1], alpha[l - 1], z[l - 1], a[l - 1], da, dz, n * in);
    }

    private static FloatBuffer direct(int floats) {
        return TrainerMath.direct(floats);
    }
}
