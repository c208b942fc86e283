package io.modelbench.engine.onnx;

import io.modelbench.engine.onnx.OnnxGraph.Attr;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.List;

/**
 * DL4J layers as ONNX nodes, with DL4J 1.0.0-M2.1's conventions made explicit:
 * <ul>
 *   <li>dense and output layers: {@code W} is {@code [nIn, nOut]} and {@code b} {@code [1, nOut]}, so {@code x·W + b} is
 *       ONNX {@code Gemm(x, W, b)} with no transposes;</li>
 *   <li>convolution: {@code W} is {@code [out, in, kh, kw]} on NCHW data, ONNX's own layout; {@code Same} mode pads
 *       {@code (out - 1)·stride + kernel - in} in total per axis with the odd pixel at the bottom/right (DL4J's
 *       {@code ConvolutionUtils.getSameModeTopLeftPadding}), given to ONNX as explicit pads;</li>
 *   <li>pooling: the same padding; average pooling counts the padding in its divisor only when DL4J's
 *       {@code avgPoolIncludePadInDivisor} says so;</li>
 *   <li>batch normalization: inference uses the running mean and variance, {@code (x - mean) / sqrt(var + eps) * gamma + beta};
 *       with {@code useLogStd} (DL4J's default) the variance is stored as {@code log10(std)} and is {@code (10^s)^2};</li>
 *   <li>flattening an image for a dense layer ({@code CnnToFeedForwardPreProcessor}) takes {@code [c, h, w]} in C order,
 *       which is ONNX {@code Flatten(axis = 1)}.</li>
 * </ul>
 */
final class OnnxLayers {

    /** A tensor in the graph and its shape without the batch: {@code [n]} or {@code [c, h, w]}. */
    record Tensor(String name, long[] dims) {
        boolean spatial() {
            return dims.length == 3;
        }
    }

    private OnnxLayers() {
    }

    /** An image as one vector per example (a no-op for a vector). */
    static Tensor flatten(OnnxGraph g, Tensor t) {
        if (!t.spatial()) {
            return t;
        }
        return new Tensor(g.node("Flatten", "flatten", List.of(t.name()), Attr.i("axis", 1)),
                new long[] {t.dims()[0] * t.dims()[1] * t.dims()[2]});
    }

    static Tensor dense(OnnxGraph g, Tensor t, org.deeplearning4j.nn.api.Layer layer, boolean bias, IActivation act, String where) {
        INDArray w = layer.getParam("W");
        long nIn = w.size(0);
        long nOut = w.size(1);
        if (nIn != t.dims()[0]) {
            throw OnnxExport.refuse(where, "it takes " + nIn + " inputs but receives " + t.dims()[0]);
        }
        String prefix = "layer" + (layer.getIndex() + 1);
        String wName = g.constant(prefix + "_W", new long[] {nIn, nOut}, w);
        String bName = bias ? g.constant(prefix + "_b", new long[] {nOut}, layer.getParam("b"))
                : g.constant(prefix + "_b", new long[] {nOut}, new float[(int) nOut]);
        String y = g.node("Gemm", prefix, List.of(t.name(), wName, bName));
        return activation(g, new Tensor(y, new long[] {nOut}), act, prefix, where);
    }

    static Tensor conv(OnnxGraph g, Tensor t, ConvolutionLayer c, org.deeplearning4j.nn.api.Layer layer, String where) {
        requireSpatial(t, where);
        if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw OnnxExport.refuse(where, "it reads channel-last data (" + c.getCnn2dDataFormat() + ")");
        }
        INDArray w = layer.getParam("W");
        long[] ws = w.shape();
        if (ws[1] != t.dims()[0]) {
            throw OnnxExport.refuse(where, "it takes " + ws[1] + " channels but receives " + t.dims()[0]);
        }
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] d = c.getDilation() == null ? new int[] {1, 1} : c.getDilation();
        Window win = window(t, k, s, d, c.getPadding(), c.getConvolutionMode(), where);
        String prefix = "layer" + (layer.getIndex() + 1);
        String wName = g.constant(prefix + "_W", ws, w);
        String bName = c.hasBias() ? g.constant(prefix + "_b", new long[] {ws[0]}, layer.getParam("b"))
                : g.constant(prefix + "_b", new long[] {ws[0]}, new float[(int) ws[0]]);
        String y = g.node("Conv", prefix, List.of(t.name(), wName, bName),
                Attr.ints("kernel_shape", k[0], k[1]), Attr.ints("strides", s[0], s[1]),
                Attr.ints("dilations", d[0], d[1]), Attr.ints("pads", win.pads()));
        return activation(g, new Tensor(y, new long[] {ws[0], win.outH(), win.outW()}), c.getActivationFn(), prefix, where);
    }

    static Tensor pool(OnnxGraph g, Tensor t, SubsamplingLayer p, int index, String where) {
        requireSpatial(t, where);
        if (p.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw OnnxExport.refuse(where, "it reads channel-last data (" + p.getCnn2dDataFormat() + ")");
        }
        int[] d = p.getDilation() == null ? new int[] {1, 1} : p.getDilation();
        if (d[0] != 1 || d[1] != 1) {
            throw OnnxExport.refuse(where, "dilated pooling is not in ONNX operator set " + OnnxExport.OPSET);
        }
        int[] k = p.getKernelSize();
        int[] s = p.getStride();
        Window win = window(t, k, s, d, p.getPadding(), p.getConvolutionMode(), where);
        String prefix = "layer" + (index + 1);
        String y;
        if (p.getPoolingType() == PoolingType.MAX) {
            y = g.node("MaxPool", prefix, List.of(t.name()), Attr.ints("kernel_shape", k[0], k[1]),
                    Attr.ints("strides", s[0], s[1]), Attr.ints("pads", win.pads()));
        } else if (p.getPoolingType() == PoolingType.AVG) {
            y = g.node("AveragePool", prefix, List.of(t.name()), Attr.ints("kernel_shape", k[0], k[1]),
                    Attr.ints("strides", s[0], s[1]), Attr.ints("pads", win.pads()),
                    Attr.i("count_include_pad", p.isAvgPoolIncludePadInDivisor() ? 1 : 0));
        } else {
            throw OnnxExport.refuse(where, p.getPoolingType() + " pooling has no ONNX counterpart here (max and average do)");
        }
        return new Tensor(y, new long[] {t.dims()[0], win.outH(), win.outW()});
    }

    static Tensor batchNorm(OnnxGraph g, Tensor t, BatchNormalization bn, org.deeplearning4j.nn.api.Layer layer, String where) {
        if (t.spatial() && bn.getCnn2DFormat() != CNN2DFormat.NCHW) {
            throw OnnxExport.refuse(where, "it normalizes channel-last data (" + bn.getCnn2DFormat() + ")");
        }
        long n = t.dims()[0];
        INDArray gamma;
        INDArray beta;
        if (bn.isLockGammaBeta()) {
            gamma = Nd4j.valueArrayOf(new long[] {n}, bn.getGamma(), DataType.FLOAT);
            beta = Nd4j.valueArrayOf(new long[] {n}, bn.getBeta(), DataType.FLOAT);
        } else {
            gamma = layer.getParam(BatchNormalizationParamInitializer.GAMMA);
            beta = layer.getParam(BatchNormalizationParamInitializer.BETA);
        }
        INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray var;
        if (bn.isUseLogStd()) {
            INDArray log10std = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).castTo(DataType.DOUBLE);
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(log10std.shape(), 10.0, DataType.DOUBLE), log10std, true);
            var = std.mul(std);
        } else {
            var = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        if (mean.length() != n) {
            throw OnnxExport.refuse(where, "it normalizes " + mean.length() + " values but receives " + n);
        }
        String prefix = "layer" + (layer.getIndex() + 1);
        long[] dims = {n};
        String y = g.node("BatchNormalization", prefix, List.of(t.name(), g.constant(prefix + "_gamma", dims, gamma),
                        g.constant(prefix + "_beta", dims, beta), g.constant(prefix + "_mean", dims, mean),
                        g.constant(prefix + "_var", dims, var)),
                Attr.f("epsilon", bn.getEps()));
        return new Tensor(y, t.dims());
    }

    /** The activation after a layer; anything but the listed functions is refused, naming the layer. */
    static Tensor activation(OnnxGraph g, Tensor t, IActivation act, String prefix, String where) {
        List<String> in = List.of(t.name());
        String y;
        if (act == null || act instanceof ActivationIdentity) {
            return t;
        } else if (act instanceof ActivationReLU r) {
            if (r.getMax() != null || (r.getThreshold() != null && r.getThreshold() != 0)
                    || (r.getNegativeSlope() != null && r.getNegativeSlope() != 0)) {
                throw OnnxExport.refuse(where, "its ReLU has a maximum, threshold or negative slope");
            }
            y = g.node("Relu", prefix, in);
        } else if (act instanceof ActivationLReLU l) {
            y = g.node("LeakyRelu", prefix, in, Attr.f("alpha", l.getAlpha()));
        } else if (act instanceof ActivationELU e) {
            y = g.node("Elu", prefix, in, Attr.f("alpha", e.getAlpha()));
        } else if (act instanceof ActivationTanH) {
            y = g.node("Tanh", prefix, in);
        } else if (act instanceof ActivationSigmoid) {
            y = g.node("Sigmoid", prefix, in);
        } else if (act instanceof ActivationSwish) {
            String s = g.node("Sigmoid", prefix, in);
            y = g.node("Mul", prefix, List.of(t.name(), s));
        } else if (act instanceof ActivationSoftmax) {
            if (t.spatial()) {
                throw OnnxExport.refuse(where, "softmax over an image's channels");
            }
            y = g.node("Softmax", prefix, in, Attr.i("axis", 1));
        } else {
            throw OnnxExport.refuse(where, "its activation " + act + " is not one of identity, relu, leakyrelu, elu, tanh, "
                    + "sigmoid, swish and softmax");
        }
        return new Tensor(y, t.dims());
    }

    /** A window's explicit ONNX pads {@code [top, left, bottom, right]} and its output size. */
    record Window(long[] pads, long outH, long outW) {
    }

    static Window window(Tensor t, int[] k, int[] s, int[] d, int[] padding, ConvolutionMode mode, String where) {
        long[] in = {t.dims()[1], t.dims()[2]};
        long[] pads = new long[4];
        long[] out = new long[2];
        for (int a = 0; a < 2; a++) {
            long ek = (long) (k[a] - 1) * d[a] + 1;
            if (mode == ConvolutionMode.Same) {
                out[a] = (in[a] + s[a] - 1) / s[a];
                long total = Math.max(0, (out[a] - 1) * s[a] + ek - in[a]);
                pads[a] = total / 2;
                pads[a + 2] = total - total / 2;
            } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
                long p = padding == null ? 0 : padding[a];
                pads[a] = p;
                pads[a + 2] = p;
                out[a] = (in[a] + 2 * p - ek) / s[a] + 1;
            } else {
                throw OnnxExport.refuse(where, "its convolution mode " + mode + " has no ONNX counterpart here");
            }
            if (out[a] < 1) {
                throw OnnxExport.refuse(where, "its window is larger than its input " + Arrays.toString(t.dims()));
            }
        }
        return new Window(pads, out[0], out[1]);
    }

    private static void requireSpatial(Tensor t, String where) {
        if (!t.spatial()) {
            throw OnnxExport.refuse(where, "it needs an image but receives a vector of " + t.dims()[0]);
        }
    }
}
