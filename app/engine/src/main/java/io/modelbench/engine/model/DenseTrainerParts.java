package io.modelbench.engine.model;

import io.modelbench.engine.model.DenseForward.Act;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@link DenseTrainer}'s checks and small pieces: whether a network and its data are ones it trains exactly as DL4J
 * (and where their numbers live: the flattened parameter buffer, each layer's W and b in it, Adam's moments), the L2
 * step, and the activations' derivatives as DL4J takes them.
 */
final class DenseTrainerParts {

    /** Hidden-layer activations whose derivative is computed here (the ones the model editor offers). */
    static final Set<Act> HIDDEN = EnumSet.of(Act.IDENTITY, Act.RELU, Act.LEAKYRELU, Act.ELU, Act.TANH, Act.SIGMOID, Act.SWISH);

    private static final int SAMPLES = 8;

    private DenseTrainerParts() {
    }

    /** What {@link #inspect} found: everything the trainer needs. */
    static class Parts {
        MultiLayerNetwork net;
        int[] width;
        Act[] act;
        float[] alpha;
        boolean[] wColumnMajor;
        int[] wOff;
        int[] bOff;
        boolean crossEntropy;
        float[] classWeights;
        float clipEps;
        Adam adam;
        ISchedule[] l2W;
        ISchedule[] l2B;
        List<UpdaterBlock> blocks;
        FloatBuffer params;
        int paramBase;
        int paramCount;
        FloatBuffer xs;
        int xBase;
        FloatBuffer ys;
        int yBase;
        int batch;
        float[] inputRetain;   // dropout on a layer's inputs: the probability of keeping each (1: none)
        long seed;

        /** The network, the batch, the seed and the per-layer arrays both trainers fill (one entry per layer). */
        void allocate(MultiLayerNetwork network, int batchSize) {
            int layers = network.getnLayers();
            net = network;
            batch = batchSize;
            seed = network.getLayerWiseConfigurations().getConf(0).getSeed();
            width = new int[layers + 1];
            act = new Act[layers];
            alpha = new float[layers];
            wColumnMajor = new boolean[layers];
            wOff = new int[layers];
            bOff = new int[layers];
            l2W = new ISchedule[layers];
            l2B = new ISchedule[layers];
            inputRetain = new float[layers];
        }
    }

    /** The parts; throws {@link Decline} when the network or the data is not one the trainer handles ({@link DenseTrainer}). */
    static Parts inspect(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int layers = net.getnLayers();
        INDArray flat = floatParams(net, 1);
        Parts s = new Parts();
        s.allocate(net, batchSize);
        s.paramCount = (int) flat.length();
        FloatBuffer fb = flat.data().asNioFloat();
        int off = 0;
        for (int l = 0; l < layers; l++) {
            NeuralNetConfiguration c = conf.getConf(l);
            boolean last = l == layers - 1;
            if (conf.getInputPreProcess(l) != null || c.getLayer().getClass() != (last ? OutputLayer.class : DenseLayer.class)) {
                throw new Decline("layer " + l + " is not a plain " + (last ? "output" : "dense") + " layer");
            }
            BaseLayer bl = (BaseLayer) c.getLayer();
            boolean hasBias = last ? ((OutputLayer) bl).hasBias() : ((DenseLayer) bl).hasBias();
            trainedLayer(s, l, c, hasBias && (last || !((DenseLayer) bl).hasLayerNorm()), last);
            INDArray w = net.getLayer(l).getParam("W");
            INDArray b = net.getLayer(l).getParam("b");
            List<String> keys = new ArrayList<>(net.getLayer(l).paramTable().keySet());
            if (w == null || b == null || w.rank() != 2 || !keys.equals(List.of("W", "b")) || (l > 0 && w.size(0) != s.width[l])
                    || b.length() != w.size(1)) {
                throw new Decline("layer " + l + "'s parameters are not W [nIn, nOut] and b [nOut]: " + keys);
            }
            s.width[l] = (int) w.size(0);
            s.width[l + 1] = (int) w.size(1);
            s.wColumnMajor[l] = w.ordering() == 'f';
            s.wOff[l] = off;
            s.bOff[l] = off + (int) w.length();
            off += (int) (w.length() + b.length());
        }
        if (off != s.paramCount) {
            throw new Decline("the layers' parameters do not add up to the network's " + s.paramCount);
        }
        s.paramBase = base(flat, fb, s.paramCount);
        if (s.paramBase < 0 || !layersAt(s, fb)) {
            throw new Decline("the flattened parameters are not where W and b read them");
        }
        s.params = fb;
        if (!moments(s, net)) {
            throw new Decline("the updater state is not one Adam block after another over all parameters");
        }
        s.xs = rows(features, s.width[0]);
        s.ys = rows(labels, s.width[layers]);
        if (s.xs == null || s.ys == null || features.size(0) != labels.size(0)) {
            throw new Decline("the features or labels are not float rows of the network's widths");
        }
        s.xBase = base(features, s.xs, features.length());
        s.yBase = base(labels, s.ys, labels.length());
        if (s.xBase < 0 || s.yBase < 0) {
            throw new Decline("the features' or labels' buffer does not hold their values where read");
        }
        return s;
    }

    /**
     * The checks every layer with parameters passes (trained by plain SGD steps, a bias, no dropout, weight noise, layer
     * norm or gradient normalization, the network's Adam, L2 only), and its activation and L2 schedules into s.
     */
    static void trainedLayer(Parts s, int l, NeuralNetConfiguration c, boolean biasNoLayerNorm, boolean last) {
        if (!c.isMiniBatch() || !c.isMinimize() || c.getStepFunction() != null
                || c.getOptimizationAlgo() != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            throw new Decline("layer " + l + " is not trained by plain SGD steps");
        }
        BaseLayer bl = (BaseLayer) c.getLayer();
        if (!biasNoLayerNorm || bl.getWeightNoise() != null
                || (bl.getGradientNormalization() != null && bl.getGradientNormalization() != GradientNormalization.None)) {
            throw new Decline("layer " + l + " has no bias, weight noise, layer norm or gradient normalization");
        }
        s.inputRetain[l] = bl.getIDropout() == null ? 1f : keepProbability(bl.getIDropout(), "layer " + l + "'s dropout");
        if (!adam(s, bl.getIUpdater()) || (bl.getBiasUpdater() != null && !bl.getBiasUpdater().equals(s.adam))) {
            throw new Decline("layer " + l + "'s updater is not the network's Adam: " + bl.getIUpdater());
        }
        s.l2W[l] = l2(bl.getRegularization());
        s.l2B[l] = l2(bl.getRegularizationBias());
        if (s.l2W[l] == NOT_L2 || s.l2B[l] == NOT_L2) {
            throw new Decline("layer " + l + " has regularization other than L2");
        }
        s.act[l] = Activations.of(bl.getActivationFn());
        s.alpha[l] = Activations.alpha(bl.getActivationFn());
        if (last ? !output(s, ((OutputLayer) bl).getLossFn()) : !HIDDEN.contains(s.act[l])) {
            throw new Decline("layer " + l + "'s activation or loss is not one computed here: " + bl.getActivationFn());
        }
    }

    /**
     * The keep probability p of DL4J's plain {@code Dropout} with a fixed p (inverted dropout: each input kept with
     * probability p and then times 1/p while training, all of them unchanged in inference); throws for anything else
     * (a schedule, Gaussian dropout or noise, alpha dropout, spatial dropout).
     */
    static float keepProbability(IDropout d, String what) {
        if (!(d instanceof Dropout dd) || d.getClass() != Dropout.class || dd.getPSchedule() != null || !(dd.getP() > 0 && dd.getP() <= 1)) {
            throw new Decline(what + " is not a fixed keep probability: " + d);
        }
        return (float) dd.getP();
    }

    /** Why {@link #inspect} declines a network: said in the log, and by tests. */
    static final class Decline extends RuntimeException {
        Decline(String why) {
            super(why, null, false, false);
        }
    }

    private static final ISchedule NOT_L2 = new org.nd4j.linalg.schedule.FixedSchedule(Double.NaN);

    /** The L2 coefficient's schedule, null for no regularization, NOT_L2 for anything else. */
    private static ISchedule l2(List<Regularization> regs) {
        if (regs == null || regs.isEmpty()) {
            return null;
        }
        if (regs.size() == 1 && regs.get(0).getClass() == L2Regularization.class) {
            return ((L2Regularization) regs.get(0)).getL2();
        }
        return NOT_L2;
    }

    private static boolean adam(Parts s, IUpdater u) {
        if (u == null || u.getClass() != Adam.class) {
            return false;
        }
        if (s.adam == null) {
            s.adam = (Adam) u;
            return true;
        }
        return s.adam.equals(u);
    }

    static boolean output(Parts s, ILossFunction loss) {
        if (loss != null && loss.getClass() == LossMCXENT.class && s.act[s.act.length - 1] == Act.SOFTMAX) {
            LossMCXENT x = (LossMCXENT) loss;
            s.crossEntropy = true;
            s.clipEps = (float) x.getSoftmaxClipEps();
            s.classWeights = x.getWeights() == null ? null : x.getWeights().castTo(DataType.FLOAT).dup('c').data().asFloat();
            return true;
        }
        return loss != null && loss.getClass() == LossMSE.class && ((LossMSE) loss).getWeights() == null
                && s.act[s.act.length - 1] == Act.IDENTITY;
    }

    /** Adam's state for every parameter, one Adam updater block after another, covering all of them. */
    static boolean moments(Parts s, MultiLayerNetwork net) {
        if (!(net.getUpdater(true) instanceof BaseMultiLayerUpdater<?> u)) {
            return false;
        }
        s.blocks = u.getUpdaterBlocks();
        int at = 0;
        for (UpdaterBlock block : s.blocks) {
            if (block.getParamOffsetStart() != at || !(block.getGradientUpdater() instanceof AdamUpdater au)
                    || au.getM() == null || au.getV() == null || !s.adam.equals(au.getConfig())
                    || au.getM().length() != block.getParamOffsetEnd() - at || au.getV().length() != au.getM().length()) {
                return false;
            }
            at = block.getParamOffsetEnd();
        }
        return at == s.paramCount;
    }

    /**
     * Adam's m and v of every block into m and v at the block's parameter offsets: straight from the updater state's
     * buffer where a moment is a contiguous float view at a known place in it (ND4J 1.0.0-M2.1: the whole state buffer,
     * at the view's offset), else through a copy. A LeNet's moments (2 × 431,080 floats) took ~10 ms per epoch in and
     * out through ND4J copies.
     */
    static void readMoments(List<UpdaterBlock> blocks, float[] m, float[] v) {
        for (UpdaterBlock block : blocks) {
            AdamUpdater au = (AdamUpdater) block.getGradientUpdater();
            int start = block.getParamOffsetStart();
            read(au.getM(), m, start);
            read(au.getV(), v, start);
        }
    }

    static void writeMoments(List<UpdaterBlock> blocks, float[] m, float[] v) {
        for (UpdaterBlock block : blocks) {
            AdamUpdater au = (AdamUpdater) block.getGradientUpdater();
            int start = block.getParamOffsetStart();
            write(m, start, au.getM());
            write(v, start, au.getV());
        }
    }

    private static void read(INDArray moment, float[] into, int start) {
        int n = (int) moment.length();
        FloatBuffer fb = inPlace(moment);
        if (fb != null) {
            fb.get((int) moment.offset(), into, start, n);
        } else {
            System.arraycopy(moment.dup('c').data().asFloat(), 0, into, start, n);
        }
    }

    private static void write(float[] from, int start, INDArray moment) {
        int n = (int) moment.length();
        FloatBuffer fb = inPlace(moment);
        if (fb != null) {
            fb.put((int) moment.offset(), from, start, n);
        } else {
            moment.assign(Nd4j.createFromArray(java.util.Arrays.copyOfRange(from, start, start + n)).reshape(moment.shape()));
        }
    }

    /**
     * The buffer that holds a float moment stored as one run ([n] or [1, n], unit stride) from its offset on: the whole
     * underlying buffer (so the offset cannot be mistaken, even while every value is still zero), with the sampled values
     * there; null otherwise.
     */
    private static FloatBuffer inPlace(INDArray a) {
        boolean run = a.dataType() == DataType.FLOAT && a.length() < Integer.MAX_VALUE && a.offset() < Integer.MAX_VALUE
                && (a.rank() == 1 ? a.length() < 2 || a.stride(0) == 1 : a.rank() == 2 && a.size(0) == 1 && (a.size(1) < 2 || a.stride(1) == 1));
        if (!run) {
            return null;
        }
        FloatBuffer fb = a.data().asNioFloat();
        boolean whole = fb.capacity() == a.data().underlyingLength() && a.offset() + a.length() <= fb.capacity();
        return whole && base(a, fb, a.length()) == a.offset() ? fb : null;
    }

    /**
     * The network's flattened parameters; throws {@link Decline} unless it is a float network of at least
     * {@code minLayers} layers trained with standard backpropagation (both trainers' first check).
     */
    static INDArray floatParams(MultiLayerNetwork net, int minLayers) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        INDArray flat = net.params();
        if (net.getnLayers() < minLayers || conf.getDataType() != DataType.FLOAT || conf.getBackpropType() != BackpropType.Standard
                || flat == null || flat.dataType() != DataType.FLOAT || flat.length() >= Integer.MAX_VALUE) {
            throw new Decline("not a float network trained with standard backpropagation");
        }
        return flat;
    }

    /** Features and labels as float rows in their buffers, from element {@code xBase}/{@code yBase}; {@code n} rows. */
    record Rows(FloatBuffer x, int xBase, FloatBuffer y, int yBase, int n) {

        /** The rows of features [n, inputs] and labels [n, outputs] (float, row-major, n > 0), or null: DL4J's turn. */
        static Rows of(INDArray features, INDArray labels, int inputs, int outputs) {
            FloatBuffer fx = rows(features, inputs);
            FloatBuffer fy = rows(labels, outputs);
            if (fx == null || fy == null || features.size(0) != labels.size(0) || features.size(0) == 0) {
                return null;
            }
            int bx = base(features, fx, features.length());
            int by = base(labels, fy, labels.length());
            return bx < 0 || by < 0 ? null : new Rows(fx, bx, fy, by, (int) features.size(0));
        }
    }

    /** A float, row-major [n, width] array's buffer, or null. */
    static FloatBuffer rows(INDArray a, int width) {
        if (a == null || a.rank() != 2 || a.dataType() != DataType.FLOAT || a.size(1) != width || a.ordering() != 'c'
                || a.length() >= Integer.MAX_VALUE || (a.size(0) > 1 && a.stride(0) != width) || (width > 1 && a.stride(1) != 1)) {
            return null;
        }
        return a.data().asNioFloat();
    }

    /**
     * Where element 0 of {@code a} (row-major, contiguous) sits in {@code fb}: the array's offset or 0, whichever the
     * sampled values confirm; -1 when neither does.
     */
    static int base(INDArray a, FloatBuffer fb, long length) {
        if (a.rank() > 2) {
            return -1;
        }
        long cols = a.rank() == 2 ? a.size(1) : a.length();
        for (long candidate : new long[]{a.offset(), 0}) {
            if (candidate + length > fb.capacity()) {
                continue;
            }
            boolean ok = true;
            for (int k = 0; k < SAMPLES && ok; k++) {
                long i = (length - 1) * k / (SAMPLES - 1);
                float value = a.rank() == 2 ? a.getFloat(i / cols, i % cols) : a.getFloat(i);
                ok = Float.compare(value, fb.get((int) (candidate + i))) == 0;
            }
            if (ok) {
                return (int) candidate;
            }
        }
        return -1;
    }

    /** Each layer's W and b read back at the offsets found, through the buffer the trainer writes. */
    private static boolean layersAt(Parts s, FloatBuffer fb) {
        for (int l = 0; l < s.width.length - 1; l++) {
            INDArray w = s.net.getLayer(l).getParam("W");
            INDArray b = s.net.getLayer(l).getParam("b");
            int in = s.width[l];
            int out = s.width[l + 1];
            for (int k = 0; k < SAMPLES; k++) {
                int i = (int) ((long) (in - 1) * k / (SAMPLES - 1));
                int j = (int) ((long) (out - 1) * (SAMPLES - 1 - k) / (SAMPLES - 1));
                int at = s.wColumnMajor[l] ? i + j * in : i * out + j;
                if (Float.compare(w.getFloat(i, j), fb.get(s.paramBase + s.wOff[l] + at)) != 0
                        || Float.compare(b.getFloat(j), fb.get(s.paramBase + s.bOff[l] + j)) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** dz = da · f'(z) for n values; a = f(z). */
    static void derivative(Act f, float alpha, float[] z, float[] a, float[] da, float[] dz, int n) {
        switch (f) {
            case IDENTITY -> System.arraycopy(da, 0, dz, 0, n);
            case RELU -> {
                // dz = z > 0 ? da : 0 without a branch (it mispredicted on half the values: ~155 µs against ~15 µs per
                // 32k values; issue 17): the bits of z are > 0 exactly when z > 0 (+0, -0 and negatives give a mask of
                // all ones, which clears da's bits)
                for (int k = 0; k < n; k++) {
                    int b = Float.floatToRawIntBits(z[k]);
                    int clear = ((b - 1) | b) >> 31;
                    dz[k] = Float.intBitsToFloat(Float.floatToRawIntBits(da[k]) & ~clear);
                }
            }
            case LEAKYRELU -> {
                for (int k = 0; k < n; k++) {
                    dz[k] = z[k] >= 0f ? da[k] : alpha * da[k];
                }
            }
            case ELU -> {
                for (int k = 0; k < n; k++) {
                    dz[k] = z[k] >= 0f ? da[k] : da[k] * (a[k] + alpha);
                }
            }
            case TANH -> {
                for (int k = 0; k < n; k++) {
                    dz[k] = da[k] * (1f - a[k] * a[k]);
                }
            }
            case SIGMOID -> {
                for (int k = 0; k < n; k++) {
                    dz[k] = da[k] * a[k] * (1f - a[k]);
                }
            }
            case SWISH -> {
                for (int k = 0; k < n; k++) {
                    double s = 1.0 / (1.0 + Math.exp(-z[k]));
                    dz[k] = (float) (da[k] * (s + z[k] * s * (1.0 - s)));
                }
            }
            default -> throw new IllegalStateException("no derivative for " + f);
        }
    }
}
