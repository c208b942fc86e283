package io.modelbench.engine.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import static io.modelbench.engine.model.ConvTrainerParts.CONV;
import static io.modelbench.engine.model.ConvTrainerParts.DENSE;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * Trains a small convolutional network (2-D convolutions, max/average pooling, dense layers, an output layer; Adam) the
 * way DL4J's {@code fit} does, as {@link DenseTrainer} does for dense networks: each convolution as im2col and one
 * {@code cblas_sgemm} over the whole mini-batch (forward, dW, and dX below the first layer), pooling, bias, activations,
 * loss, L2 and Adam in plain Java, on DL4J's flattened parameter buffer and updater state, so the network stays a normal
 * {@code MultiLayerNetwork}. Why: DL4J's LeNet iteration (batch 64) runs each layer through libnd4j ops with their own
 * copies and per-op costs, and reached 0.42× PyTorch in the session where the products alone run near PyTorch's speed
 * (issue 17, docs/PERFORMANCE.md).
 *
 * <p>DL4J's arithmetic: a convolution's W is [nOut, nIn, kH, kW] ('c', the bias before it in the buffer), Truncate/Strict
 * mode with the layer's padding, Same mode with DL4J's top/left padding {@code ((out − 1)·s + k − in) / 2}; max pooling's
 * gradient goes to the first largest element of a window (row by row), average pooling divides by the window's size
 * (no padding); the images enter as DL4J's {@code FeedForwardToCnn} reshapes a flat row (NCHW) and leave as
 * {@code CnnToFeedForward} flattens them (c, then y, then x); gradients divided by the mini-batch size, L2 before Adam.
 *
 * <p>{@link #of} returns null for anything else (dropout, batch normalization, recurrent layers, dilation, channels-last,
 * other pooling, the dense trainer's declines) and when {@code -Dmodelbench.fastTrain=false}. One instance per
 * session; not thread-safe.
 */
public final class ConvTrainer implements FastTrainer {

    private final MultiLayerNetwork net;
    private final ConvTrainerParts.Parts s;
    private final int layers;
    private final int[] width;
    private final Adam adam;
    private final TrainerMath.Loss loss;
    private final List<UpdaterBlock> blocks;
    private final FloatBuffer params;
    private final int paramBase;
    private final int paramCount;
    private final int batch;

    private final float[] p;
    private final float[] g;
    private final float[] m;
    private final float[] v;
    private final float[][] act;       // act[l]: layer l's input (l = 0: the images), act[l + 1] its output, [n, width[l]] row-major
    private final float[][] z;         // z[l]: layer l's output before its activation (convolution and dense layers)
    private final float[][] grad;      // grad[l]: dL/d act[l]
    private final float[] dz;          // dL/dz of the layer being differentiated
    private final int[][] argmax;      // max pooling: where each output came from, in its input
    private final float[] y;
    private final FloatBuffer[] colB;  // convolution: im2col of its input [K, n·P]; dense: its input [n, in]
    private final float[] col;
    private final FloatBuffer outB;    // a product's result
    private final float[] out;
    private final FloatBuffer dB;      // dZ as a product's operand ([nOut, n·P] for a convolution)
    private final float[] dArr;

    private ConvTrainer(ConvTrainerParts.Parts s) {
        this.s = s;
        this.net = s.net;
        this.layers = s.kind.length;
        this.width = s.width;
        this.adam = s.adam;
        this.loss = new TrainerMath.Loss(s.crossEntropy, s.classWeights, s.clipEps);
        this.blocks = s.blocks;
        this.params = s.params;
        this.paramBase = s.paramBase;
        this.paramCount = s.paramCount;
        this.batch = s.batch;
        p = new float[paramCount];
        g = new float[paramCount];
        m = new float[paramCount];
        v = new float[paramCount];
        act = new float[layers + 1][];
        z = new float[layers][];
        grad = new float[layers + 1][];
        argmax = new int[layers][];
        colB = new FloatBuffer[layers];
        int most = 0;
        int mostCol = 0;
        for (int l = 0; l <= layers; l++) {
            act[l] = new float[batch * width[l]];
            grad[l] = l == 0 ? null : new float[batch * width[l]];   // no dX for the first layer
            most = Math.max(most, batch * width[l]);
        }
        for (int l = 0; l < layers; l++) {
            // z is read by the activations' derivatives but for identity (LeNet's convolutions): then it is the output itself
            z[l] = s.kind[l] == ConvTrainerParts.POOL ? null
                    : s.act[l] == DenseForward.Act.IDENTITY && l < layers - 1 ? act[l + 1] : new float[batch * width[l + 1]];
            if (s.kind[l] == CONV) {
                int cols = batch * s.outH[l] * s.outW[l] * s.inC[l] * s.kH[l] * s.kW[l];
                colB[l] = TrainerMath.direct(cols);
                mostCol = Math.max(mostCol, cols);
                most = Math.max(most, s.outC[l] * s.inC[l] * s.kH[l] * s.kW[l]);
            } else if (s.kind[l] == DENSE) {
                colB[l] = TrainerMath.direct(batch * width[l]);
                most = Math.max(most, width[l] * width[l + 1]);
            } else if (s.max[l]) {
                argmax[l] = new int[batch * width[l + 1]];
            }
        }
        // one scratch array for im2col's result, a product's result and dZ's transpose: each is done with (copied into a
        // direct buffer or read) before the next is written (LeNet: ~16 MB less to allocate per session, with the aliases above)
        col = new float[Math.max(mostCol, most)];
        outB = TrainerMath.direct(Math.max(mostCol, most));
        out = col;
        dB = TrainerMath.direct(most);
        dArr = col;
        dz = new float[most];
        y = new float[batch * width[layers]];
    }

    /**
     * The fast trainer for this network on these images (features [n, c·h·w] float rows, as DL4J's convolutionalFlat input
     * takes them; labels [n, outputs]), or null when the network or data is not one it trains exactly as DL4J (the class
     * comment lists them) or the switch ({@link DenseTrainer#SWITCH}) is off.
     */
    public static ConvTrainer of(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize) {
        if (net == null || batchSize < 1) {
            return null;
        }
        return TrainerMath.build(() -> ConvTrainerParts.inspect(net, features, labels, batchSize), ConvTrainer::new);
    }

    /** Why {@link #of} declines this network and data (null: it does not). */
    public static String whyNot(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize) {
        return TrainerMath.whyNot(() -> ConvTrainerParts.inspect(net, features, labels, batchSize));
    }

    @Override
    public int fitEpoch(int[] order, BooleanSupplier proceed, DenseTrainer.BatchDone done) {
        params.get(paramBase, p, 0, paramCount);
        return TrainerMath.epoch(net, blocks, m, v, order, batch, proceed, done, this::step);
    }

    private double step(int[] order, int from, int n) {
        int in = width[0];
        int outs = width[layers];
        for (int r = 0; r < n; r++) {
            int row = order[from + r];
            s.xs.get(s.xBase + row * in, act[0], r * in, in);
            s.ys.get(s.yBase + row * outs, y, r * outs, outs);
        }
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        forward(n);
        double score = TrainerMath.lossAndOutputGradient(loss, act[layers], y, grad[layers], n, outs) / n;
        for (int l = layers - 1; l >= 0; l--) {
            backward(l, n);
        }
        TrainerMath.AdamStep a = TrainerMath.adamStep(adam, iteration, epoch);
        float inv = 1f / n;
        for (int l = 0; l < layers; l++) {
            if (s.kind[l] != ConvTrainerParts.POOL) {
                score += TrainerMath.update(a, p, g, m, v, s.wOff[l], weights(l), inv, s.l2W[l], iteration, epoch);
                score += TrainerMath.update(a, p, g, m, v, s.bOff[l], biases(l), inv, s.l2B[l], iteration, epoch);
            }
        }
        params.put(paramBase, p, 0, paramCount);
        net.setIterationCount(iteration + 1);
        return score;
    }

    @Override
    public DenseTrainer.Evaluation evaluate(INDArray features, INDArray labels) {
        DenseTrainerParts.Rows r = DenseTrainerParts.Rows.of(features, labels, width[0], width[layers]);
        if (r == null) {
            return null;
        }
        params.get(paramBase, p, 0, paramCount);   // the network may have been given other weights since (setParams)
        int rows = r.n();
        int in = width[0];
        int outs = width[layers];
        float[] outputs = new float[rows * outs];
        double sum = 0;
        for (int from = 0; from < rows; from += batch) {
            int n = Math.min(batch, rows - from);
            r.x().get(r.xBase() + from * in, act[0], 0, n * in);
            r.y().get(r.yBase() + from * outs, y, 0, n * outs);
            forward(n);
            sum += TrainerMath.lossAndOutputGradient(loss, act[layers], y, grad[layers], n, outs);
            System.arraycopy(act[layers], 0, outputs, from * outs, n * outs);
        }
        double score = sum / rows;
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        for (int l = 0; l < layers; l++) {
            if (s.kind[l] != ConvTrainerParts.POOL) {
                score += TrainerMath.squares(s.l2W[l], p, s.wOff[l], weights(l), iteration, epoch);
                score += TrainerMath.squares(s.l2B[l], p, s.bOff[l], biases(l), iteration, epoch);
            }
        }
        return new DenseTrainer.Evaluation(score, Nd4j.create(outputs, new long[] {rows, outs}, 'c'));
    }

    private int weights(int l) {
        return s.kind[l] == CONV ? s.outC[l] * s.inC[l] * s.kH[l] * s.kW[l] : width[l] * width[l + 1];
    }

    private int biases(int l) {
        return s.kind[l] == CONV ? s.outC[l] : width[l + 1];
    }

    private void forward(int n) {
        for (int l = 0; l < layers; l++) {
            switch (s.kind[l]) {
                case CONV -> convForward(l, n);
                case DENSE -> denseForward(l, n);
                default -> ConvPooling.forward(s, l, act[l], act[l + 1], argmax[l], n);
            }
            if (s.kind[l] != ConvTrainerParts.POOL) {
                int len = n * width[l + 1];
                System.arraycopy(z[l], 0, act[l + 1], 0, len);
                Activations.apply(s.act[l], s.alpha[l], act[l + 1], n, width[l + 1]);
            }
        }
    }

    /** z = W · im2col(x) + b, over the whole mini-batch in one product, back to [n, nOut, oh, ow]. */
    private void convForward(int l, int n) {
        int k = s.inC[l] * s.kH[l] * s.kW[l];
        int plane = s.outH[l] * s.outW[l];
        int cols = n * plane;
        int nOut = s.outC[l];
        ConvPooling.im2col(s, l, act[l], col, n);
        colB[l].put(0, col, 0, k * cols);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nOut, cols, k, 1f, params.position(paramBase + s.wOff[l]), k,
                colB[l], cols, 0f, outB, cols);
        params.position(0);
        outB.get(0, out, 0, nOut * cols);
        float[] zl = z[l];
        int b0 = s.bOff[l];
        ConvPooling.halves(nOut, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                float bias = p[b0 + o];
                for (int r = 0; r < n; r++) {
                    int src = o * cols + r * plane;
                    int dst = (r * nOut + o) * plane;
                    for (int q = 0; q < plane; q++) {
                        zl[dst + q] = out[src + q] + bias;
                    }
                }
            }
        });
    }

    private void denseForward(int l, int n) {
        int in = width[l];
        int outs = width[l + 1];
        colB[l].put(0, act[l], 0, n * in);
        if (s.wColumnMajor[l]) {   // W as row-major [out, in] at wOff: Z = A · Wᵀ
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, outs, in, 1f, colB[l], in,
                    params.position(paramBase + s.wOff[l]), in, 0f, outB, outs);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, outs, in, 1f, colB[l], in,
                    params.position(paramBase + s.wOff[l]), outs, 0f, outB, outs);
        }
        params.position(0);
        float[] zl = z[l];
        outB.get(0, zl, 0, n * outs);
        int b = s.bOff[l];
        for (int r = 0; r < n; r++) {
            int o = r * outs;
            for (int j = 0; j < outs; j++) {
                zl[o + j] += p[b + j];
            }
        }
    }

    /** Layer l's parameter gradients into g and (l > 0) grad[l]; grad[l + 1] holds dL/d(its output) (the last: dL/dz). */
    private void backward(int l, int n) {
        int len = n * width[l + 1];
        if (s.kind[l] == ConvTrainerParts.POOL) {
            ConvPooling.backward(s, l, grad[l + 1], grad[l], argmax[l], n);
            return;
        }
        if (l == layers - 1) {
            System.arraycopy(grad[l + 1], 0, dz, 0, len);
        } else {
            DenseTrainerParts.derivative(s.act[l], s.alpha[l], z[l], act[l + 1], grad[l + 1], dz, len);
        }
        if (s.kind[l] == CONV) {
            convBackward(l, n);
        } else {
            denseBackward(l, n);
        }
    }

    private void convBackward(int l, int n) {
        int k = s.inC[l] * s.kH[l] * s.kW[l];
        int plane = s.outH[l] * s.outW[l];
        int cols = n * plane;
        int nOut = s.outC[l];
        int b0 = s.bOff[l];
        ConvPooling.halves(nOut, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {   // dZ [n, nOut, P] → [nOut, n·P]; the bias gradient its rows' sums
                float sum = 0f;
                for (int r = 0; r < n; r++) {
                    int src = (r * nOut + o) * plane;
                    int dst = o * cols + r * plane;
                    for (int q = 0; q < plane; q++) {
                        float d = dz[src + q];
                        dArr[dst + q] = d;
                        sum += d;
                    }
                }
                g[b0 + o] = sum;
            }
        });
        dB.put(0, dArr, 0, nOut * cols);
        // dW [nOut, K] = dZ · colᵀ
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, nOut, k, cols, 1f, dB, cols, colB[l], cols, 0f, outB, k);
        outB.get(0, g, s.wOff[l], nOut * k);
        if (l == 0) {
            return;
        }
        // dcol [K, n·P] = Wᵀ · dZ, then back onto the input's pixels
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, cols, nOut, 1f, params.position(paramBase + s.wOff[l]), k,
                dB, cols, 0f, outB, cols);
        params.position(0);
        outB.get(0, out, 0, k * cols);
        ConvPooling.col2im(s, l, out, grad[l], n);
    }

    private void denseBackward(int l, int n) {
        int in = width[l];
        int outs = width[l + 1];
        dB.put(0, dz, 0, n * outs);
        if (s.wColumnMajor[l]) {   // dWᵀ [out, in] = dZᵀ · A
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, outs, in, n, 1f, dB, outs, colB[l], in, 0f, outB, in);
        } else {                   // dW [in, out] = Aᵀ · dZ
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, in, outs, n, 1f, colB[l], in, dB, outs, 0f, outB, outs);
        }
        outB.get(0, g, s.wOff[l], in * outs);
        int b = s.bOff[l];
        Arrays.fill(g, b, b + outs, 0f);
        for (int r = 0; r < n; r++) {
            int o = r * outs;
            for (int j = 0; j < outs; j++) {
                g[b + j] += dz[o + j];
            }
        }
        if (l == 0) {
            return;
        }
        if (s.wColumnMajor[l]) {   // dA [n, in] = dZ · W, W as row-major [out, in]
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in, outs, 1f, dB, outs,
                    params.position(paramBase + s.wOff[l]), in, 0f, outB, in);
        } else {                   // dA = dZ · Wᵀ, W row-major [in, out]
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, in, outs, 1f, dB, outs,
                    params.position(paramBase + s.wOff[l]), outs, 0f, outB, in);
        }
        params.position(0);
        outB.get(0, grad[l], 0, n * in);
    }
}
