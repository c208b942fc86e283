package io.modelbench.engine.model;

import io.modelbench.engine.model.DenseTrainerParts.Decline;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ConvTrainer}'s checks: whether a network (2-D convolutions, max/average pooling, dense layers, an output layer,
 * DL4J's preprocessors between them) and its data are ones it trains exactly as DL4J, and every layer's geometry and
 * where its numbers live in the flattened parameter buffer. The per-layer checks shared with the dense trainer
 * (updater, regularization, activation, loss, Adam's state) are {@link DenseTrainerParts}'.
 */
final class ConvTrainerParts {

    static final int DENSE = 0;
    static final int CONV = 1;
    static final int POOL = 2;
    static final int DROP = 3;

    private static final int SAMPLES = 8;

    private ConvTrainerParts() {
    }

    /** What {@link #inspect} found; {@code width[l]} is layer l's input size per example (c·h·w for images). */
    static final class Parts extends DenseTrainerParts.Parts {
        int[] kind;
        int[] inC;
        int[] inH;
        int[] inW;
        int[] outC;
        int[] outH;
        int[] outW;
        int[] kH;
        int[] kW;
        int[] sH;
        int[] sW;
        int[] padT;
        int[] padL;
        boolean[] same;   // a convolution in DL4J's Same mode (its padding from the op's own rule)
        boolean[] max;
        float[] retain;   // a dropout layer's probability of keeping an input

        /** Whether layer l has parameters (a convolution, dense or output layer). */
        boolean trained(int l) {
            return kind[l] == CONV || kind[l] == DENSE;
        }

        /** Layer l's weight count (W [nOut, nIn, kH, kW] of a convolution, [nIn, nOut] of a dense layer). */
        int weights(int l) {
            return kind[l] == CONV ? outC[l] * inC[l] * kH[l] * kW[l] : width[l] * width[l + 1];
        }

        /** Layer l's bias count. */
        int biases(int l) {
            return kind[l] == CONV ? outC[l] : width[l + 1];
        }

        /** Whether layer l is a dense layer whose input is images ([c, n, h, w] in the trainer, [n, c·h·w] for the product). */
        boolean flattens(int l) {
            return kind[l] == DENSE && l > 0 && (kind[l - 1] != DENSE && outH[l - 1] > 0);
        }
    }

    /**
     * The parts; throws {@link Decline} when the network or the data is not one {@link ConvTrainer} handles. Null features
     * and labels: for inference only (no rows to train on, and Adam's state neither read nor created).
     */
    static Parts inspect(MultiLayerNetwork net, INDArray features, INDArray labels, int batchSize) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int layers = net.getnLayers();
        INDArray flat = DenseTrainerParts.floatParams(net, 2);
        Parts s = new Parts();
        s.allocate(net, batchSize);
        allocate(s, layers);
        s.paramCount = (int) flat.length();
        int off = 0;
        boolean spatial = false;
        int c = 0;
        int h = 0;
        int w = 0;
        for (int l = 0; l < layers; l++) {
            NeuralNetConfiguration lc = conf.getConf(l);
            Object layer = lc.getLayer();
            InputPreProcessor pre = conf.getInputPreProcess(l);
            boolean last = l == layers - 1;
            if (l == 0) {
                if (!(pre instanceof FeedForwardToCnnPreProcessor f) || pre.getClass() != FeedForwardToCnnPreProcessor.class
                        || layer.getClass() == DenseLayer.class) {
                    throw new Decline("the input is not flat images (convolutionalFlat) into a convolution or pooling layer");
                }
                spatial = true;
                c = (int) f.getNumChannels();
                h = (int) f.getInputHeight();
                w = (int) f.getInputWidth();
            } else if (spatial && (layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class)) {
                if (!(pre instanceof CnnToFeedForwardPreProcessor f) || pre.getClass() != CnnToFeedForwardPreProcessor.class
                        || f.getFormat() != CNN2DFormat.NCHW || f.getNumChannels() != c || f.getInputHeight() != h
                        || f.getInputWidth() != w) {
                    throw new Decline("layer " + l + " does not flatten its images [c, h, w] as DL4J's CnnToFeedForward does");
                }
                spatial = false;
            } else if (pre != null) {
                throw new Decline("layer " + l + " has a preprocessor other than DL4J's image reshapes: " + pre);
            }
            s.width[l] = spatial ? c * h * w : s.width[l];
            if (layer.getClass() == ConvolutionLayer.class && spatial) {
                ConvolutionLayer cl = (ConvolutionLayer) layer;
                DenseTrainerParts.trainedLayer(s, l, lc, cl.hasBias(), false);
                if (s.act[l] == DenseForward.Act.SOFTMAX) {   // DL4J's softmax of a [n, c, h, w] array runs along x, not per image
                    throw new Decline("layer " + l + " is a convolution with a softmax activation");
                }
                geometry(s, l, c, h, w, cl.getKernelSize(), cl.getStride(), cl.getPadding(), cl.getDilation(),
                        cl.getConvolutionMode(), cl.getCnn2dDataFormat());
                s.kind[l] = CONV;
                s.outC[l] = (int) cl.getNOut();
                off = convParams(s, l, off);
            } else if (layer.getClass() == SubsamplingLayer.class && spatial) {
                SubsamplingLayer sl = (SubsamplingLayer) layer;
                geometry(s, l, c, h, w, sl.getKernelSize(), sl.getStride(), sl.getPadding(), sl.getDilation(),
                        sl.getConvolutionMode(), sl.getCnn2dDataFormat());
                s.kind[l] = POOL;
                s.outC[l] = c;
                s.max[l] = sl.getPoolingType() == PoolingType.MAX;
                if (!s.max[l] && (sl.getPoolingType() != PoolingType.AVG || s.padT[l] != 0 || s.padL[l] != 0
                        || (s.outH[l] - 1) * s.sH[l] + s.kH[l] > h || (s.outW[l] - 1) * s.sW[l] + s.kW[l] > w)) {
                    throw new Decline("layer " + l + " pools other than by max or by average without padding");
                }
                if (net.getLayer(l).numParams() != 0) {
                    throw new Decline("layer " + l + " is a pooling layer with parameters");
                }
            } else if (!last && layer.getClass() == DropoutLayer.class && pre == null) {
                s.kind[l] = DROP;
                s.act[l] = DenseForward.Act.IDENTITY;
                s.retain[l] = retain((DropoutLayer) layer, net, l);
                if (!spatial) {
                    s.width[l + 1] = s.width[l];
                    continue;
                }
                s.outC[l] = c;   // between image layers: the images pass with their shape (outH > 0 marks it)
                s.outH[l] = h;
                s.outW[l] = w;
            } else if (!spatial && layer.getClass() == (last ? OutputLayer.class : DenseLayer.class)) {
                boolean hasBias = last ? ((OutputLayer) layer).hasBias() : ((DenseLayer) layer).hasBias();
                DenseTrainerParts.trainedLayer(s, l, lc, hasBias && (last || !((DenseLayer) layer).hasLayerNorm()), last);
                s.kind[l] = DENSE;
                off = denseParams(s, l, off);
                w = s.width[l + 1];
                continue;
            } else {
                throw new Decline("layer " + l + " is not a convolution, max/average pooling, dense or output layer in its place: "
                        + layer.getClass().getSimpleName());
            }
            c = s.outC[l];
            h = s.outH[l];
            w = s.outW[l];
            s.width[l + 1] = c * h * w;
        }
        if (s.kind[layers - 1] != DENSE) {
            throw new Decline("the last layer is not an output layer");
        }
        if (off != s.paramCount) {
            throw new Decline("the layers' parameters do not add up to the network's " + s.paramCount);
        }
        tail(s, net, flat, features, labels);
        return s;
    }

    /**
     * A dropout layer's keep probability: DL4J's plain {@code Dropout} with a fixed p (inverted dropout: kept inputs times
     * 1/p while training, all of them unchanged in inference; DL4J's dropout layer applies no activation).
     */
    private static float retain(DropoutLayer layer, MultiLayerNetwork net, int l) {
        if (layer.getIDropout() == null || net.getLayer(l).numParams() != 0) {
            throw new Decline("layer " + l + " is a dropout layer without dropout or with parameters");
        }
        return DenseTrainerParts.keepProbability(layer.getIDropout(), "layer " + l + "'s dropout");
    }

    private static void allocate(Parts s, int layers) {
        s.kind = new int[layers];
        s.inC = new int[layers];
        s.inH = new int[layers];
        s.inW = new int[layers];
        s.outC = new int[layers];
        s.outH = new int[layers];
        s.outW = new int[layers];
        s.kH = new int[layers];
        s.kW = new int[layers];
        s.sH = new int[layers];
        s.sW = new int[layers];
        s.padT = new int[layers];
        s.padL = new int[layers];
        s.same = new boolean[layers];
        s.max = new boolean[layers];
        s.retain = new float[layers];
    }

    /**
     * Kernel, stride, padding and output size as DL4J computes them: Truncate/Strict {@code (in + 2·pad − k) / s + 1};
     * Same {@code ceil(in / s)} with top/left padding {@code ((out − 1)·s + k − in) / 2} (the rest at the bottom/right).
     */
    private static void geometry(Parts s, int l, int c, int h, int w, int[] k, int[] st, int[] pad, int[] dil, ConvolutionMode mode,
                                 CNN2DFormat format) {
        if (k == null || k.length != 2 || st == null || st.length != 2 || (dil != null && (dil[0] != 1 || dil[1] != 1))
                || format != CNN2DFormat.NCHW || k[0] < 1 || k[1] < 1 || st[0] < 1 || st[1] < 1) {
            throw new Decline("layer " + l + " has dilation, a channels-last format or an unusual kernel");
        }
        s.inC[l] = c;
        s.inH[l] = h;
        s.inW[l] = w;
        s.kH[l] = k[0];
        s.kW[l] = k[1];
        s.sH[l] = st[0];
        s.sW[l] = st[1];
        s.same[l] = mode == ConvolutionMode.Same;
        if (mode == ConvolutionMode.Same) {
            s.outH[l] = (h + st[0] - 1) / st[0];
            s.outW[l] = (w + st[1] - 1) / st[1];
            s.padT[l] = ((s.outH[l] - 1) * st[0] + k[0] - h) / 2;
            s.padL[l] = ((s.outW[l] - 1) * st[1] + k[1] - w) / 2;
        } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            int pt = pad == null ? 0 : pad[0];
            int pl = pad == null ? 0 : pad[1];
            s.padT[l] = pt;
            s.padL[l] = pl;
            s.outH[l] = (h + 2 * pt - k[0]) / st[0] + 1;
            s.outW[l] = (w + 2 * pl - k[1]) / st[1] + 1;
        } else {
            throw new Decline("layer " + l + " has convolution mode " + mode);
        }
        if (s.padT[l] < 0 || s.padL[l] < 0 || s.outH[l] < 1 || s.outW[l] < 1) {
            throw new Decline("layer " + l + "'s window does not fit its input");
        }
    }

    /** A convolution's W [nOut, nIn, kH, kW] ('c') and b [nOut]: their offsets (DL4J puts b first), checked. */
    private static int convParams(Parts s, int l, int off) {
        INDArray wt = s.net.getLayer(l).getParam("W");
        INDArray b = s.net.getLayer(l).getParam("b");
        List<String> keys = new ArrayList<>(s.net.getLayer(l).paramTable().keySet());
        int nOut = s.outC[l];
        int k = s.inC[l] * s.kH[l] * s.kW[l];
        if (wt == null || b == null || wt.rank() != 4 || wt.ordering() != 'c' || wt.size(0) != nOut || wt.size(1) != s.inC[l]
                || wt.size(2) != s.kH[l] || wt.size(3) != s.kW[l] || b.length() != nOut || keys.size() != 2) {
            throw new Decline("layer " + l + "'s parameters are not W [nOut, nIn, kH, kW] and b [nOut]: " + keys);
        }
        boolean biasFirst = keys.get(0).equals("b");
        s.bOff[l] = biasFirst ? off : off + nOut * k;
        s.wOff[l] = biasFirst ? off + nOut : off;
        return off + nOut * k + nOut;
    }

    /** A dense or output layer's W [nIn, nOut] and b [nOut]: their offsets and W's order, checked. */
    private static int denseParams(Parts s, int l, int off) {
        INDArray wt = s.net.getLayer(l).getParam("W");
        INDArray b = s.net.getLayer(l).getParam("b");
        List<String> keys = new ArrayList<>(s.net.getLayer(l).paramTable().keySet());
        if (wt == null || b == null || wt.rank() != 2 || !keys.equals(List.of("W", "b")) || wt.size(0) != s.width[l]
                || b.length() != wt.size(1)) {
            throw new Decline("layer " + l + "'s parameters are not W [nIn, nOut] and b [nOut]: " + keys);
        }
        s.width[l + 1] = (int) wt.size(1);
        s.wColumnMajor[l] = wt.ordering() == 'f';
        s.wOff[l] = off;
        s.bOff[l] = off + (int) wt.length();
        return off + (int) (wt.length() + b.length());
    }

    /** The flattened parameters, each layer's W and b read back where found, Adam's state, and the data's rows. */
    private static void tail(Parts s, MultiLayerNetwork net, INDArray flat, INDArray features, INDArray labels) {
        FloatBuffer fb = flat.data().asNioFloat();
        s.paramBase = DenseTrainerParts.base(flat, fb, s.paramCount);
        if (s.paramBase < 0 || !layersAt(s, fb)) {
            throw new Decline("the flattened parameters are not where W and b read them");
        }
        s.params = fb;
        if (features == null && labels == null) {
            return;   // inference
        }
        if (!DenseTrainerParts.moments(s, net)) {
            throw new Decline("the updater state is not one Adam block after another over all parameters");
        }
        int layers = s.kind.length;
        s.xs = DenseTrainerParts.rows(features, s.width[0]);
        s.ys = DenseTrainerParts.rows(labels, s.width[layers]);
        if (s.xs == null || s.ys == null || features.size(0) != labels.size(0)) {
            throw new Decline("the features or labels are not float rows of the network's input and output sizes");
        }
        s.xBase = DenseTrainerParts.base(features, s.xs, features.length());
        s.yBase = DenseTrainerParts.base(labels, s.ys, labels.length());
        if (s.xBase < 0 || s.yBase < 0) {
            throw new Decline("the features' or labels' buffer does not hold their values where read");
        }
    }

    private static boolean layersAt(Parts s, FloatBuffer fb) {
        for (int l = 0; l < s.kind.length; l++) {
            if (!s.trained(l)) {
                continue;
            }
            INDArray w = s.net.getLayer(l).getParam("W");
            INDArray b = s.net.getLayer(l).getParam("b");
            for (int k = 0; k < SAMPLES; k++) {
                int o = (int) ((b.length() - 1) * (SAMPLES - 1 - k) / (SAMPLES - 1));
                float wv;
                int at;
                if (s.kind[l] == CONV) {
                    int i = (int) ((long) (s.inC[l] - 1) * k / (SAMPLES - 1));
                    int y = (int) ((long) (s.kH[l] - 1) * k / (SAMPLES - 1));
                    int x = (int) ((long) (s.kW[l] - 1) * (SAMPLES - 1 - k) / (SAMPLES - 1));
                    wv = w.getFloat(new long[] {o, i, y, x});
                    at = ((o * s.inC[l] + i) * s.kH[l] + y) * s.kW[l] + x;
                } else {
                    int in = s.width[l];
                    int i = (int) ((long) (in - 1) * k / (SAMPLES - 1));
                    wv = w.getFloat(i, o);
                    at = s.wColumnMajor[l] ? i + o * in : i * s.width[l + 1] + o;
                }
                if (Float.compare(wv, fb.get(s.paramBase + s.wOff[l] + at)) != 0
                        || Float.compare(b.getFloat(o), fb.get(s.paramBase + s.bOff[l] + o)) != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
