package io.modelbench.engine.model;

import java.util.Arrays;

/**
 * {@link ConvTrainer}'s first convolution (stride 1, any padding, any activation the trainer takes) and the 2×2, stride 2
 * max pooling after it in one pass, image by image, in plain Java: the convolution's output and its gradient never
 * exist for the whole mini-batch. Why: LeNet's first layer is 20 channels of 24×24 per image from a 5×5 kernel, only
 * 25 multiply-adds an output, and its im2col (3.7 MB a mini-batch of 64), product result, output and output gradient
 * (2.9 MB each) made the layer and its pooling memory-bound: 2.8 ms forward and 2.3 ms backward of a ~14 ms step
 * (issue 17, docs/PERFORMANCE.md "The first convolution and its pooling in one pass").
 *
 * <p>Forward, per image: its channels copied into a zero-padded tile (padded height × width {@code Wp}), and one copy
 * of the tile shifted by each kernel offset (the image's im2col rows, the output's rows laid {@code Wp} apart: the
 * columns past the output's width are computed and ignored); then, four output channels at a time, the bias and
 * {@code c·kH·kW} passes of {@code z[k] += w · row[k]} (the same index on every array: C2 vectorizes it; a loop reading
 * one array at an offset from the other's index it does not), the layer's activation, and the pooling as
 * {@link ConvPooling}'s 2×2 tournament (the first largest activated value, row by row, as libnd4j's maxpool2d). Each
 * pooled output keeps where it came from (and, for activations whose derivative needs it, its value before the
 * activation). Backward: the activation's derivative at those places, the bias gradient as its sum over the images, and
 * W's gradient from the pooled outputs' sources only (the other three of each window get no gradient from max pooling):
 * each nonzero gradient times the {@code c·kH·kW} inputs of its source, a row of the im2col's transpose, instead of a
 * product over all 576 outputs of an image. No input gradient: the first layer has nothing below it.
 *
 * <p>The sums run in another order than DL4J's and the im2col path's (each gives float-rounding differences); W's
 * gradient is summed over two fixed halves of the mini-batch, the second half on the common pool when it has a thread,
 * so that the result is the same bit for bit whichever thread runs which half. {@code -Dmodelbench.fusedConv=false}
 * keeps the first layer on {@link Im2colConv} and {@link ConvPooling}. Not thread-safe: one per trainer.
 */
final class FirstConvPool {

    /** The switch: {@code -Dmodelbench.fusedConv=false} turns this path off. */
    static final String SWITCH = "modelbench.fusedConv";

    /** The most floats of one image's im2col rows (1 MB: with its transpose it stays in a core's 2 MB cache here). */
    static final int MOST_FLOATS = 1 << 18;

    /** Output channels computed together from one pass over an im2col row (each row read once per block). */
    private static final int BLOCK = 4;

    private final ConvTrainerParts.Parts s;
    private final int c;
    private final int h;
    private final int w;
    private final int kh;
    private final int kw;
    private final int pt;
    private final int pl;
    private final int outC;
    private final int oh;
    private final int wp;          // the padded tile's width: the output's rows lie this far apart
    private final int tilePlane;   // the padded tile's size per channel
    private final int len;         // one output channel's span in the wide layout: (oh − 1)·wp + ow
    private final int kk;          // c·kH·kW: W's row length
    private final int ph;
    private final int pw;
    private final int pooled;      // ph·pw
    private final DenseForward.Act act;
    private final float alpha;
    private final float[][] tile;  // per half: the image's channels, padded
    private final float[][][] col; // per half: row j = (ci, ki, kj) of W: the tile from that kernel offset, len long
    private final float[][][] pos; // per half: col's transpose, the kk inputs of each output position k
    private final float[][][] zt;  // per half: BLOCK output channels before their activation, wide layout
    private final float[][][] at;  // per half: the same after the activation (zt itself for identity)
    private final float[][][] dw;  // per half: W's gradient rows over its images, one array per output channel
    private final int[] from;      // each pooled output's source in its image's wide layout (k = y·wp + x)
    private final float[] zFrom;   // the convolution's value there before the activation (null: the output tells, below)
    private final float[] dz;      // the gradient at those sources (null for identity: dL/dy itself)
    private float[] x;             // the input of the last forward pass, for the backward pass
    private int n;

    private FirstConvPool(ConvTrainerParts.Parts s, int batch) {
        this.s = s;
        c = s.inC[0];
        h = s.inH[0];
        w = s.inW[0];
        kh = s.kH[0];
        kw = s.kW[0];
        pt = s.padT[0];
        pl = s.padL[0];
        outC = s.outC[0];
        oh = s.outH[0];
        wp = s.outW[0] + kw - 1;
        tilePlane = (oh + kh - 1) * wp;
        len = span(s);
        kk = c * kh * kw;
        ph = s.outH[1];
        pw = s.outW[1];
        pooled = ph * pw;
        act = s.act[0];
        alpha = s.alpha[0];
        tile = new float[2][c * tilePlane];
        col = new float[2][kk][len];
        pos = new float[2][len][kk];
        zt = new float[2][BLOCK][len];
        at = act == DenseForward.Act.IDENTITY ? zt : new float[2][BLOCK][len];
        dw = new float[2][outC][kk];
        from = new int[batch * outC * pooled];
        // identity needs no z and its gradient is dL/dy; ReLU's derivative reads only z > 0, which y > 0 tells
        zFrom = act == DenseForward.Act.IDENTITY || act == DenseForward.Act.RELU ? null : new float[batch * outC * pooled];
        dz = act == DenseForward.Act.IDENTITY ? null : new float[batch * outC * pooled];
    }

    private static int span(ConvTrainerParts.Parts s) {
        return (s.outH[0] - 1) * (s.outW[0] + s.kW[0] - 1) + s.outW[0];
    }

    /**
     * The fused path for these parts, or null: the first layer is not a convolution with stride 1 followed by 2×2, stride
     * 2 max pooling without padding whose windows lie inside the convolution's output, the network has nothing after
     * the pooling, or an image's im2col rows would take more than {@link #MOST_FLOATS} (larger images: the im2col path).
     */
    static FirstConvPool of(ConvTrainerParts.Parts s, int batch) {
        boolean fits = s.kind.length > 2 && s.kind[0] == ConvTrainerParts.CONV && s.sH[0] == 1 && s.sW[0] == 1
                && s.kind[1] == ConvTrainerParts.POOL && s.max[1] && s.kH[1] == 2 && s.kW[1] == 2 && s.sH[1] == 2
                && s.sW[1] == 2 && s.padT[1] == 0 && s.padL[1] == 0 && 2 * s.outH[1] <= s.inH[1] && 2 * s.outW[1] <= s.inW[1]
                && s.outH[0] + s.kH[0] - 1 >= s.inH[0] + s.padT[0] && s.outW[0] + s.kW[0] - 1 >= s.inW[0] + s.padL[0]
                && s.act[0] != DenseForward.Act.SOFTMAX && (long) s.inC[0] * s.kH[0] * s.kW[0] * span(s) <= MOST_FLOATS;
        return fits ? new FirstConvPool(s, batch) : null;
    }

    /** Whether the switch ({@value #SWITCH}) leaves this path on (the default). */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(SWITCH, "true").trim());
    }

    /** y [outC, n, ph, pw] = maxpool(act(conv(x) + b)) for x [c, n, h, w], W and b read from p. */
    void forward(float[] input, float[] p, float[] y, int images) {
        this.x = input;
        this.n = images;
        ConvPooling.twoParts(images, (part, i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                forward(part, i, p, y);
            }
        });
    }

    private void forward(int part, int i, float[] p, float[] y) {
        float[][] rows = im2col(part, i);
        float[][] z = zt[part];
        int wOff = s.wOff[0];
        for (int o0 = 0; o0 < outC; o0 += BLOCK) {
            int m = Math.min(BLOCK, outC - o0);
            for (int b = 0; b < m; b++) {
                Arrays.fill(z[b], 0, len, p[s.bOff[0] + o0 + b]);
            }
            if (m == BLOCK) {   // four channels from one pass over each row; the same index on every array: C2 vectorizes it
                float[] z0 = z[0];
                float[] z1 = z[1];
                float[] z2 = z[2];
                float[] z3 = z[3];
                for (int j = 0; j < kk; j++) {
                    float w0 = p[wOff + o0 * kk + j];
                    float w1 = p[wOff + (o0 + 1) * kk + j];
                    float w2 = p[wOff + (o0 + 2) * kk + j];
                    float w3 = p[wOff + (o0 + 3) * kk + j];
                    float[] r = rows[j];
                    for (int k = 0; k < len; k++) {
                        float v = r[k];
                        z0[k] += w0 * v;
                        z1[k] += w1 * v;
                        z2[k] += w2 * v;
                        z3[k] += w3 * v;
                    }
                }
            } else {
                for (int b = 0; b < m; b++) {
                    float[] zb = z[b];
                    for (int j = 0; j < kk; j++) {
                        float wv = p[wOff + (o0 + b) * kk + j];
                        float[] r = rows[j];
                        for (int k = 0; k < len; k++) {   // (an offset on one of the arrays instead: C2 does not vectorize)
                            zb[k] += wv * r[k];
                        }
                    }
                }
            }
            for (int b = 0; b < m; b++) {
                pool(z[b], at[part][b], (o0 + b) * n + i, y);
            }
        }
    }

    /** The activation of one channel's z (into a, unless identity) and its 2×2 max pooling into y at plane q0 = o·n + i. */
    private void pool(float[] z, float[] a, int plane, float[] y) {
        if (a != z) {
            System.arraycopy(z, 0, a, 0, len);
            Activations.apply(act, alpha, a, 1, len);
        }
        int base = plane * pooled;
        for (int py = 0; py < ph; py++) {
            for (int px = 0; px < pw; px++) {
                int k = 2 * py * wp + 2 * px;
                // ConvPooling.max2x2's tournament: the first largest of the window, row by row
                int top = k + ConvPooling.above(a[k], a[k + 1]);
                int bottom = k + wp + ConvPooling.above(a[k + wp], a[k + wp + 1]);
                int src = top + ((bottom - top) & -ConvPooling.above(Math.max(a[k], a[k + 1]), Math.max(a[k + wp], a[k + wp + 1])));
                int q = base + py * pw + px;
                y[q] = a[src];
                from[q] = src;
                if (zFrom != null) {
                    zFrom[q] = z[src];
                }
            }
        }
    }

    /** Image i's im2col rows (this half's): its channels padded into the tile, then one shifted copy per kernel offset. */
    private float[][] im2col(int part, int i) {
        float[] t = padded(part, i);
        float[][] rows = col[part];
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    System.arraycopy(t, ci * tilePlane + ki * wp + kj, rows[(ci * kh + ki) * kw + kj], 0, len);
                }
            }
        }
        return rows;
    }

    /** Image i's channels padded into this half's tile. */
    private float[] padded(int part, int i) {
        float[] t = tile[part];
        if (pt > 0 || pl > 0 || oh + kh - 1 > h + pt || wp > w + pl) {
            Arrays.fill(t, 0f);
        }
        for (int ci = 0; ci < c; ci++) {
            int src = (ci * n + i) * h * w;
            int dst = ci * tilePlane + pt * wp + pl;
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, src + r * w, t, dst + r * wp, w);
            }
        }
        return t;
    }

    /**
     * From dL/dy [outC, n, ph, pw] (y: the last forward pass's output, as it returned it): W's and b's gradients into g at
     * the layer's offsets.
     */
    void backward(float[] gy, float[] y, float[] g) {
        int total = n * outC * pooled;
        float[] grad = dz == null ? gy : dz;
        if (dz != null) {
            DenseTrainerParts.derivative(act, alpha, zFrom == null ? y : zFrom, y, gy, dz, total);
        }
        int perChannel = n * pooled;
        for (int o = 0; o < outC; o++) {
            g[s.bOff[0] + o] = TrainerMath.sum(grad, o * perChannel, perChannel);
        }
        ConvPooling.twoParts(n, (part, i0, i1) -> {
            float[][] d = dw[part];
            for (float[] row : d) {
                Arrays.fill(row, 0f);
            }
            for (int i = i0; i < i1; i++) {
                backward(part, i, grad, d);
            }
        });
        int wOff = s.wOff[0];
        for (int o = 0; o < outC; o++) {
            float[] d0 = dw[0][o];
            float[] d1 = dw[1][o];
            for (int j = 0; j < kk; j++) {
                g[wOff + o * kk + j] = d0[j] + d1[j];
            }
        }
    }

    /**
     * Image i's part of W's gradient into d (a row per output channel): each pooled output's gradient times the kk inputs
     * of its source, a row of the im2col's transpose (the same index on both arrays: C2 vectorizes it).
     */
    private void backward(int part, int i, float[] grad, float[][] d) {
        float[] t = padded(part, i);
        float[][] inputs = pos[part];
        // copied from the tile in runs of kw (transposing the im2col rows element by element instead: backward 1.5–1.8 ms
        // a LeNet mini-batch against 1.3–1.5)
        for (int k = 0; k < len; k++) {
            float[] in = inputs[k];
            for (int ci = 0; ci < c; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    int from = ci * tilePlane + ki * wp + k;
                    int to = (ci * kh + ki) * kw;
                    for (int kj = 0; kj < kw; kj++) {
                        in[to + kj] = t[from + kj];
                    }
                }
            }
        }
        for (int o = 0; o < outC; o++) {
            float[] row = d[o];
            int base = (o * n + i) * pooled;
            for (int q = base; q < base + pooled; q++) {
                float v = grad[q];
                if (v == 0f) {
                    continue;   // ReLU's zeros: most of a ReLU layer's windows
                }
                float[] in = inputs[from[q]];
                for (int j = 0; j < kk; j++) {
                    row[j] += v * in[j];
                }
            }
        }
    }
}
