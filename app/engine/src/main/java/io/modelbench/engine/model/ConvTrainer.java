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
import static io.modelbench.engine.model.ConvTrainerParts.DROP;
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
 * <p>Inside, images are [c, n, h, w] (channel-major over the mini-batch) rather than DL4J's [n, c, h, w]: a convolution's
 * product W · im2col(x) comes out as [nOut, n·P] and is its output as it stands, and its dZ goes into the next products
 * as it stands, with no transposes; the input's rows are gathered into that order, and a dense layer after images gets
 * them in DL4J's flattened order. A first convolution with stride 1 followed by 2×2 max pooling runs with its pooling in
 * one pass, image by image ({@link FirstConvPool}); any other first convolution as im2col and products in chunks of images
 * whose im2col is at most {@link #CHUNK_FLOATS} ({@link Im2colConv}; docs/PERFORMANCE.md "The convolutional trainer"), the
 * others through libnd4j's oneDNN kernels where ND4J has them ({@link NativeConv}; 2.3 ms off a LeNet step), else the same
 * way ({@link ConvLayers}).
 *
 * <p>Dropout layers and dropout on a layer's inputs ({@code dropOut(p)}) are inverted dropout as DL4J's, elementwise, with
 * random numbers of their own from the network's seed and the iteration ({@link ConvPooling#dropout}). {@link #of} returns
 * null for anything else (other dropout, batch normalization, recurrent layers, dilation, channels-last, other pooling,
 * softmax on a convolution, the dense trainer's declines) and when {@code -Dmodelbench.fastTrain=false}. One instance per
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
    private float[] g;                 // g, m, v: on the first epoch (none for inference, forInference)
    private float[] m;
    private float[] v;
    private final float[][] act;       // act[l]: layer l's input (l = 0: the images), act[l + 1] its output (layouts: class comment)
    private final float[][] z;         // z[l]: layer l's output before its activation (convolution and dense layers)
    private final float[][] grad;      // grad[l]: dL/d act[l]
    private final float[] dz;          // dL/dz of the layer being differentiated
    private final int[][] argmax;      // max pooling: where each output came from, in its input
    private final float[] y;
    private final float[][] mask;      // a dropout layer's 1/p or 0 per input of this step
    private final float[][] inMask;    // dropout on layer l's inputs (its dropOut): 1/p or 0 per input of this step
    private final float[][] dropped;   // layer l's inputs after that dropout (read instead of act[l] while training)
    private boolean training;
    private final FloatBuffer[] denseIn;   // a dense layer's input [n, in], kept for its dW
    private final float[] scratch;     // a flattened or unflattened dense input
    private final ConvLayers convs;    // each convolution through libnd4j's ops (NativeConv) or im2col and products
    private final FirstConvPool fused; // the first convolution and its 2×2 max pooling in one pass, or null
    private final FloatBuffer outB;    // a product's result
    private final FloatBuffer dB;      // dZ as a product's operand

    /**
     * A chunk's im2col at most this many floats (1 MB): it and the product's result stay in a core's 2 MB cache here.
     */
    static final int CHUNK_FLOATS = 1 << 18;

    private ConvTrainer(ConvTrainerParts.Parts s, int chunkFloats, boolean nativeConvs, boolean fuse) {
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
        act = new float[layers + 1][];
        z = new float[layers][];
        grad = new float[layers + 1][];
        argmax = new int[layers][];
        mask = new float[layers][];
        inMask = new float[layers][];
        dropped = new float[layers][];
        denseIn = new FloatBuffer[layers];
        fused = fuse ? FirstConvPool.of(s, batch) : null;
        convs = new ConvLayers(s, batch, chunkFloats, nativeConvs, fused == null ? 0 : 2);
        int most = 1;
        int mostCol = 1;
        int mostOut = 1;
        int mostD = 1;
        for (int l = 0; l <= layers; l++) {
            boolean inside = l == 1 && fused != null;   // the fused layers' images between them never exist
            act[l] = inside ? new float[0] : new float[batch * width[l]];
            grad[l] = l == 0 || inside ? null : new float[batch * width[l]];   // no dX for the first layer
        }
        for (int l = 0; l < layers; l++) {
            if (l <= 1 && fused != null) {   // FirstConvPool has its own buffers
                inputDropout(l);
                continue;
            }
            // z is read by the activations' derivatives but for identity (LeNet's convolutions): then it is the output itself
            z[l] = !s.trained(l) ? null
                    : s.act[l] == DenseForward.Act.IDENTITY && l < layers - 1 ? act[l + 1] : new float[batch * width[l + 1]];
            if (s.trained(l) && (l == layers - 1 || s.act[l] != DenseForward.Act.IDENTITY)) {
                most = Math.max(most, batch * width[l + 1]);   // dz: the others differentiate straight from grad (backward)
            }
            if (s.kind[l] == DENSE) {
                denseIn[l] = TrainerMath.direct(batch * width[l]);
                mostCol = Math.max(mostCol, batch * width[l]);
                // the product's result: Z [n, out], dW [in, out] or dA [n, in]
                mostOut = Math.max(mostOut, Math.max(width[l] * width[l + 1], batch * Math.max(width[l], width[l + 1])));
                mostD = Math.max(mostD, batch * width[l + 1]);
            } else if (s.max[l]) {
                argmax[l] = new int[batch * width[l + 1]];
            } else if (s.kind[l] == DROP) {
                mask[l] = new float[batch * width[l]];
            }
            inputDropout(l);
        }
        scratch = new float[mostCol];
        outB = TrainerMath.direct(mostOut);
        dB = TrainerMath.direct(mostD);
        dz = new float[most];
        y = new float[batch * width[layers]];
    }

    /** The buffers of dropout on layer l's inputs, where it has some. */
    private void inputDropout(int l) {
        if (s.trained(l) && s.inputRetain[l] < 1f) {
            inMask[l] = new float[batch * width[l]];
            dropped[l] = new float[batch * width[l]];
        }
    }

    /**
     * The fast trainer for this network on these images (features [n, c·h·w] float rows, DL4J's convolutionalFlat input;
     * labels [n, outputs]), or null when it does not train it exactly as DL4J (the class comment lists why) or the switch
     * ({@link DenseTrainer#SWITCH}) is off. {@code oneDnn}: ND4J has oneDNN here ({@code OneDnn.available()}): {@link NativeConv}.
     */
    public static ConvTrainer of(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize, boolean oneDnn) {
        return of(net, features, labels, batchSize, CHUNK_FLOATS, oneDnn && NativeConv.enabled(), FirstConvPool.enabled());
    }

    /**
     * As {@link #of}: im2col chunks of ≤ {@code chunkFloats} floats, {@link NativeConv} or not, {@link FirstConvPool} where
     * it applies or not (tests: every path).
     */
    static ConvTrainer of(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize, int chunkFloats,
                          boolean nativeConvs, boolean fuse) {
        if (net == null || batchSize < 1) {
            return null;
        }
        return TrainerMath.build(() -> ConvTrainerParts.inspect(net, features, labels, batchSize),
                parts -> new ConvTrainer(parts, chunkFloats, nativeConvs, fuse));
    }

    /** Whether the first convolution and its pooling run as one ({@link FirstConvPool}). */
    boolean fusesFirstLayers() {
        return fused != null;
    }

    /**
     * This network's forward pass for {@link #predict} in mini-batches of {@code batchSize} rows (buffers for that many),
     * or null where {@link #of} would decline the network; Adam's state is neither read nor created. Every convolution
     * im2col and a product: for a few images {@link NativeConv}'s op costs more than it saves (a LeNet image: 0.35–0.46
     * ms against 0.82–0.89 through it; 4 images 0.8–0.9 against 1.1).
     */
    public static ConvTrainer forInference(MultiLayerNetwork net, int batchSize) {
        return forInference(net, batchSize, false);
    }

    /**
     * As {@link #forInference(MultiLayerNetwork, int)}, with the convolutions after the first through libnd4j's ops where
     * {@code oneDnn} (ND4J has oneDNN here) and the switch allows (many images at a time: {@code DensePredictions}).
     */
    public static ConvTrainer forInference(MultiLayerNetwork net, int batchSize, boolean oneDnn) {
        return net == null || batchSize < 1 ? null : TrainerMath.build(() -> ConvTrainerParts.inspect(net, null, null, batchSize),
                parts -> new ConvTrainer(parts, CHUNK_FLOATS, oneDnn && NativeConv.enabled(), FirstConvPool.enabled()));
    }

    /** Why {@link #of} declines this network and data (null: it does not). */
    public static String whyNot(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize) {
        return TrainerMath.whyNot(() -> ConvTrainerParts.inspect(net, features, labels, batchSize));
    }

    @Override
    public int fitEpoch(int[] order, BooleanSupplier proceed, DenseTrainer.BatchDone done) {
        if (s.xs == null) {
            throw new IllegalStateException("a trainer made for inference has no rows to train on");
        }
        if (g == null) {
            g = new float[paramCount];
            m = new float[paramCount];
            v = new float[paramCount];
        }
        params.get(paramBase, p, 0, paramCount);
        return TrainerMath.epoch(net, blocks, m, v, order, batch, proceed, done, this::step);
    }

    private double step(int[] order, int from, int n) {
        int outs = width[layers];
        ConvPooling.gather(s.xs, s.xBase, order, from, n, s.inC[0], width[0], act[0]);
        for (int r = 0; r < n; r++) {
            s.ys.get(s.yBase + order[from + r] * outs, y, r * outs, outs);
        }
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        forward(n, iteration);
        double score = TrainerMath.lossAndOutputGradient(loss, act[layers], y, grad[layers], n, outs) / n;
        for (int l = layers - 1; l >= 0; l--) {
            backward(l, n);
        }
        TrainerMath.AdamStep a = TrainerMath.adamStep(adam, iteration, epoch);
        float inv = 1f / n;
        for (int l = 0; l < layers; l++) {
            if (s.trained(l)) {
                score += TrainerMath.update(a, p, g, m, v, s.wOff[l], s.weights(l), inv, s.l2W[l], iteration, epoch);
                score += TrainerMath.update(a, p, g, m, v, s.bOff[l], s.biases(l), inv, s.l2B[l], iteration, epoch);
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
        int rows = r.n();
        int outs = width[layers];
        float[] outputs = predict(r.x(), r.xBase(), rows);
        float[] labelRows = new float[rows * outs];
        r.y().get(r.yBase(), labelRows, 0, rows * outs);
        double score = TrainerMath.lossAndOutputGradient(loss, outputs, labelRows, new float[rows * outs], rows, outs) / rows;
        int iteration = net.getIterationCount();
        int epoch = net.getEpochCount();
        for (int l = 0; l < layers; l++) {
            if (s.trained(l)) {
                score += TrainerMath.squares(s.l2W[l], p, s.wOff[l], s.weights(l), iteration, epoch);
                score += TrainerMath.squares(s.l2B[l], p, s.bOff[l], s.biases(l), iteration, epoch);
            }
        }
        return new DenseTrainer.Evaluation(score, Nd4j.create(outputs, new long[] {rows, outs}, 'c'));
    }

    /**
     * The network's outputs [rows, outputs] (row-major) for these rows (features [rows, c·h·w], float, row-major, as
     * {@link #of} takes them) as its weights are now, without dropout; null when they are not such rows. Made for
     * inference ({@link #forInference}) or training.
     */
    public float[] predict(INDArray features) {
        FloatBuffer xs = DenseTrainerParts.rows(features, width[0]);
        int base = xs == null || features.size(0) == 0 ? -1 : DenseTrainerParts.base(features, xs, features.length());
        return base < 0 ? null : predict(xs, base, (int) features.size(0));
    }

    private float[] predict(FloatBuffer xs, int base, int rows) {
        // the network may have been given other weights since (setParams): the products read W from its buffer, the
        // rest reads p (all of it where a convolution is native, else only the biases: a LeNet image 0.1 ms less)
        if (convs.anyNative()) {
            params.get(paramBase, p, 0, paramCount);
        } else {
            for (int l = 0; l < layers; l++) {
                if (s.trained(l)) {
                    params.get(paramBase + s.bOff[l], p, s.bOff[l], s.biases(l));
                }
            }
            if (fused != null) {   // it reads W from p as well
                params.get(paramBase + s.wOff[0], p, s.wOff[0], s.weights(0));
            }
        }
        int outs = width[layers];
        float[] outputs = new float[rows * outs];
        for (int from = 0; from < rows; from += batch) {
            int n = Math.min(batch, rows - from);
            ConvPooling.gather(xs, base, null, from, n, s.inC[0], width[0], act[0]);
            forward(n, -1);
            System.arraycopy(act[layers], 0, outputs, from * outs, n * outs);
        }
        return outputs;
    }

    /** The forward pass over n rows in act[0]; dropout while training (iteration ≥ 0), none in inference (−1). */
    private void forward(int n, int iteration) {
        training = iteration >= 0;
        for (int l = 0; l < layers; l++) {
            if (inMask[l] != null && training) {   // DL4J's dropOut on this layer: its inputs, as DenseTrainer drops them
                ConvPooling.dropout(act[l], dropped[l], inMask[l], n * width[l], s.inputRetain[l],
                        TrainerMath.dropoutRandom(s.seed, iteration, l));
            }
            if (l == 0 && fused != null) {
                fused.forward(input(0), p, act[2], n);
                l++;
                continue;
            }
            switch (s.kind[l]) {
                case CONV -> convs.forward(l, input(l), z[l], p, n);
                case DENSE -> denseForward(l, n);
                case DROP -> ConvPooling.dropout(act[l], act[l + 1], mask[l], n * width[l], s.retain[l], iteration < 0 ? null
                        : TrainerMath.dropoutRandom(s.seed, iteration, l));
                default -> ConvPooling.forward(s, l, act[l], act[l + 1], argmax[l], n);
            }
            if (s.trained(l)) {
                int len = n * width[l + 1];
                if (z[l] != act[l + 1]) {
                    System.arraycopy(z[l], 0, act[l + 1], 0, len);
                }
                Activations.apply(s.act[l], s.alpha[l], act[l + 1], n, width[l + 1]);
            }
        }
    }


    private void denseForward(int l, int n) {
        int in = width[l];
        int outs = width[l + 1];
        if (s.flattens(l)) {
            ConvPooling.flatten(input(l), scratch, n, s.outC[l - 1], in / s.outC[l - 1]);
            denseIn[l].put(0, scratch, 0, n * in);
        } else {
            denseIn[l].put(0, input(l), 0, n * in);
        }
        if (s.wColumnMajor[l]) {   // W as row-major [out, in] at wOff: Z = A · Wᵀ
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, outs, in, 1f, denseIn[l], in,
                    params.position(paramBase + s.wOff[l]), in, 0f, outB, outs);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, outs, in, 1f, denseIn[l], in,
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

    /** What layer l reads: its inputs after its dropout while training, else act[l]. */
    private float[] input(int l) {
        return inMask[l] != null && training ? dropped[l] : act[l];
    }

    /** Layer l's parameter gradients into g and (l > 0) grad[l]; grad[l + 1] holds dL/d(its output) (the last: dL/dz). */
    private void backward(int l, int n) {
        int len = n * width[l + 1];
        if (l <= 1 && fused != null) {
            if (l == 0) {
                fused.backward(grad[2], act[2], g);
            }
            return;
        }
        if (s.kind[l] == ConvTrainerParts.POOL) {
            ConvPooling.backward(s, l, grad[l + 1], grad[l], argmax[l], n);
            return;
        }
        if (s.kind[l] == DROP) {   // the kept inputs' gradients times 1/p, as DL4J's Dropout.backprop
            ConvPooling.masked(grad[l + 1], mask[l], grad[l], len);
            return;
        }
        float[] d = dz;
        if (l == layers - 1) {
            System.arraycopy(grad[l + 1], 0, dz, 0, len);
        } else if (s.act[l] == DenseForward.Act.IDENTITY) {
            d = grad[l + 1];   // read only from here on
        } else {
            DenseTrainerParts.derivative(s.act[l], s.alpha[l], z[l], act[l + 1], grad[l + 1], dz, len);
        }
        if (s.kind[l] == CONV) {
            convs.backward(l, d, g, l > 0 ? grad[l] : null, n);
        } else {
            denseBackward(l, n, d);
        }
        if (l > 0 && inMask[l] != null) {   // through the layer's own dropout on its inputs, the same way
            ConvPooling.masked(grad[l], inMask[l], grad[l], n * width[l]);
        }
    }

    private void denseBackward(int l, int n, float[] d) {
        int in = width[l];
        int outs = width[l + 1];
        dB.put(0, d, 0, n * outs);
        if (s.wColumnMajor[l]) {   // dWᵀ [out, in] = dZᵀ · A
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, outs, in, n, 1f, dB, outs, denseIn[l], in, 0f, outB, in);
        } else {                   // dW [in, out] = Aᵀ · dZ
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, in, outs, n, 1f, denseIn[l], in, dB, outs, 0f, outB, outs);
        }
        outB.get(0, g, s.wOff[l], in * outs);
        int b = s.bOff[l];
        Arrays.fill(g, b, b + outs, 0f);
        for (int r = 0; r < n; r++) {
            int o = r * outs;
            for (int j = 0; j < outs; j++) {
                g[b + j] += d[o + j];
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
        if (s.flattens(l)) {
            outB.get(0, scratch, 0, n * in);
            ConvPooling.unflatten(scratch, grad[l], n, s.outC[l - 1], in / s.outC[l - 1]);
        } else {
            outB.get(0, grad[l], 0, n * in);
        }
    }
}
