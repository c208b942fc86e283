package io.modelbench.engine.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.FloatBuffer;

/**
 * One convolution of {@link ConvTrainer} that passes a gradient back to its input (any but the network's first layer),
 * through libnd4j's {@code conv2d} and {@code conv2d_bp} ops: oneDNN's direct convolution where ND4J has it (the default
 * build does), the kernels DL4J's own convolution layer calls through its oneDNN helper. Why: the trainer's im2col and
 * products moved LeNet's second convolution (20 → 50 channels, 5×5, 64 images of 12×12) through ~16 MB of memory a step;
 * alone, the ops took 1.7–1.9 ms forward and 4.3–4.9 ms backward (issue 17, docs/PERFORMANCE.md).
 * In the trainer (a LeNet step timed layer by layer, OpenBLAS's idle threads sleeping after 2^20 cycles as
 * {@code NativeEnvironment} sets them; with their default spinning the op's backward pass was slower than the trainer's
 * own, 8.2 ms) the second convolution took 2.4 ms forward and 5.6 ms backward instead of 5.2 and 7.0, the whole step a
 * median of 16.9–18.6 ms instead of 20.7–23.5. The first layer keeps the trainer's own path: it needs no input gradient,
 * which {@code conv2d_bp} always computes (5.5 ms instead of its 2.4).
 * <p>
 * The trainer keeps images as [c, n, h, w] in Java arrays; this class copies a layer's input into native [n, c, h, w]
 * (kept for the backward pass), its output back, and its weights (W [nOut, nIn, kH, kW], b [nOut], as DL4J lays them
 * out) in before each pass: small copies next to the convolution itself (LeNet's second layer: 0.7 MB in, 0.8 MB out).
 * Not thread-safe: one per layer per trainer.
 */
final class NativeConv {

    /** The switch: {@code -Dmodelbench.nativeConv=false} keeps every convolution on the trainer's im2col path. */
    static final String SWITCH = "modelbench.nativeConv";

    private final int inC;
    private final int inPlane;
    private final int outC;
    private final int outPlane;
    private final int weights;
    private final int batch;
    private final int[] iArgs;
    private final Views full;
    private Views part;   // views over the first n images, for the last (smaller) mini-batch of an epoch

    /** The op's arrays for n images: input, output, output gradient, input gradient; W, b and their gradients. */
    private record Views(int n, INDArray x, INDArray z, INDArray eps, INDArray gx, INDArray w, INDArray b, INDArray gw,
                          INDArray gb, FloatBuffer xB, FloatBuffer zB, FloatBuffer epsB, FloatBuffer gxB, FloatBuffer wB,
                          FloatBuffer bB, FloatBuffer gwB, FloatBuffer gbB) {
        static Views of(INDArray x, INDArray z, INDArray eps, INDArray gx, INDArray w, INDArray b, INDArray gw, INDArray gb) {
            return new Views((int) x.size(0), x, z, eps, gx, w, b, gw, gb, buffer(x), buffer(z), buffer(eps), buffer(gx),
                    buffer(w), buffer(b), buffer(gw), buffer(gb));
        }

        Views first(int n) {
            return of(head(x, n), head(z, n), head(eps, n), head(gx, n), w, b, gw, gb);
        }
    }

    private NativeConv(ConvTrainerParts.Parts s, int l, int batch, boolean same) {
        this.inC = s.inC[l];
        this.inPlane = s.inH[l] * s.inW[l];
        this.outC = s.outC[l];
        this.outPlane = s.outH[l] * s.outW[l];
        this.weights = outC * inC * s.kH[l] * s.kW[l];
        this.batch = batch;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW (0), weights as [oC, iC, kH, kW] (1)
        this.iArgs = new int[] {s.kH[l], s.kW[l], s.sH[l], s.sW[l], same ? 0 : s.padT[l], same ? 0 : s.padL[l], 1, 1,
            same ? 1 : 0, 0, 1};
        INDArray x = Nd4j.create(DataType.FLOAT, batch, inC, s.inH[l], s.inW[l]);
        INDArray z = Nd4j.create(DataType.FLOAT, batch, outC, s.outH[l], s.outW[l]);
        INDArray w = Nd4j.create(DataType.FLOAT, outC, inC, s.kH[l], s.kW[l]);
        INDArray b = Nd4j.create(DataType.FLOAT, outC);
        this.full = Views.of(x, z, z.ulike(), x.ulike(), w, b, w.ulike(), b.ulike());
    }

    /**
     * The native path for layer l of these parts, or null for the first layer and layers that are not convolutions. Same
     * mode goes to the op's own Same mode (its padding rule is DL4J's, more at the bottom/right when odd), explicit
     * padding as it is (symmetric).
     */
    static NativeConv of(ConvTrainerParts.Parts s, int l, int batch) {
        return l == 0 || s.kind[l] != ConvTrainerParts.CONV ? null : new NativeConv(s, l, batch, s.same[l]);
    }

    /** Whether the switch ({@value #SWITCH}) leaves the native path on (the default). */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH, "true").trim());
    }

    /** z [outC, n, oh, ow] (Java, the trainer's order) = conv(x [inC, n, h, w]) + b, with W and b read from p. */
    void forward(float[] x, float[] z, float[] p, int wOff, int bOff, int n) {
        Views a = arrays(n);
        a.wB().put(0, p, wOff, weights);
        a.bB().put(0, p, bOff, outC);
        toNative(x, a.xB(), inC, inPlane, n);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(a.x(), a.w(), a.b()).addOutputs(a.z())
                .addIntegerArguments(iArgs).build());
        fromNative(a.zB(), z, outC, outPlane, n);
    }

    /**
     * From dZ [outC, n, oh, ow] (Java): W's and b's gradients summed over the images into g at their offsets, and dX
     * [inC, n, h, w] into gx. Uses the input the last {@link #forward} copied and the weights it read.
     */
    void backward(float[] dz, float[] g, int wOff, int bOff, float[] gx, int n) {
        Views a = arrays(n);
        toNative(dz, a.epsB(), outC, outPlane, n);
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(a.x(), a.w(), a.b(), a.eps())
                .addOutputs(a.gx(), a.gw(), a.gb()).addIntegerArguments(iArgs).build());
        a.gwB().get(0, g, wOff, weights);
        a.gbB().get(0, g, bOff, outC);
        fromNative(a.gxB(), gx, inC, inPlane, n);
    }

    private Views arrays(int n) {
        if (n == batch) {
            return full;
        }
        if (part == null || part.n() != n) {
            part = full.first(n);
        }
        return part;
    }

    /** [c, n, plane] (Java) into [n, c, plane] (native). */
    private static void toNative(float[] src, FloatBuffer dst, int c, int plane, int n) {
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < n; i++) {
                dst.put((i * c + ci) * plane, src, (ci * n + i) * plane, plane);
            }
        }
    }

    /** [n, c, plane] (native) into [c, n, plane] (Java). */
    private static void fromNative(FloatBuffer src, float[] dst, int c, int plane, int n) {
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < n; i++) {
                src.get((i * c + ci) * plane, dst, (ci * n + i) * plane, plane);
            }
        }
    }

    private static INDArray head(INDArray a, int n) {
        return a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** The array's elements as a buffer whose index 0 is its first element. */
    private static FloatBuffer buffer(INDArray a) {
        FloatBuffer fb = a.data().asNioFloat();
        return a.offset() == 0 ? fb : fb.position((int) a.offset()).slice();
    }
}
