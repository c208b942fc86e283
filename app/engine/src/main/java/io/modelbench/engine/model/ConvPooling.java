package io.modelbench.engine.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * {@link ConvTrainer}'s loops over pixels: im2col and its transpose for a convolution, pooling forward and backward, and
 * the reshapes to and from a dense layer's rows, on [c, n, h, w] row-major float arrays (the trainer's order: see its
 * class comment), with the geometry {@link ConvTrainerParts} found. Pooling works plane by plane and does not depend on it.
 */
final class ConvPooling {

    private ConvPooling() {
    }

    /**
     * col [K, m·P] (K = c·kH·kW in W's order, P = oh·ow, the chunk's images r0 … r0 + m − 1 one after another along a row)
     * of x [c, n, h, w]; zeros where the window reaches into the padding.
     */
    static void im2col(ConvTrainerParts.Parts s, int l, float[] x, float[] col, int n, int r0, int m) {
        halves(m, (i0, i1) -> im2col(s, l, x, col, n, r0, m, i0, i1));
    }

    private static void im2col(ConvTrainerParts.Parts s, int l, float[] x, float[] col, int n, int r0, int m, int i0, int i1) {
        int c = s.inC[l];
        int h = s.inH[l];
        int w = s.inW[l];
        int kh = s.kH[l];
        int kw = s.kW[l];
        int oh = s.outH[l];
        int ow = s.outW[l];
        int sh = s.sH[l];
        int sw = s.sW[l];
        int pt = s.padT[l];
        int pl = s.padL[l];
        int plane = oh * ow;
        int cols = m * plane;
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = ((ci * kh + ki) * kw + kj) * cols;
                    int lo = first(kj - pl, sw);                         // x[xr + ox·sw] for ox in [lo, hi), zeros outside
                    int hi = Math.max(lo, Math.min(ow, end(w - kj + pl, sw)));
                    for (int i = i0; i < i1; i++) {
                        int xo = (ci * n + r0 + i) * h * w;
                        int co = row + i * plane;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh + ki - pt;
                            int at = co + oy * ow;
                            if (iy < 0 || iy >= h) {
                                Arrays.fill(col, at, at + ow, 0f);
                                continue;
                            }
                            int xr = xo + iy * w + kj - pl;
                            for (int ox = 0; ox < Math.min(lo, ow); ox++) {
                                col[at + ox] = 0f;
                            }
                            if (sw == 1) {
                                for (int ox = lo; ox < hi; ox++) {
                                    col[at + ox] = x[xr + ox];
                                }
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    col[at + ox] = x[xr + ox * sw];
                                }
                            }
                            for (int ox = Math.min(hi, ow); ox < ow; ox++) {
                                col[at + ox] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** dx [c, n, h, w] += the sum of dcol [K, m·P] (images r0 … r0 + m − 1) over the windows each pixel is in (im2col's transpose). */
    static void col2im(ConvTrainerParts.Parts s, int l, float[] dcol, float[] dx, int n, int r0, int m) {
        halves(m, (i0, i1) -> col2im(s, l, dcol, dx, n, r0, m, i0, i1));
    }

    private static void col2im(ConvTrainerParts.Parts s, int l, float[] dcol, float[] dx, int n, int r0, int m, int i0, int i1) {
        int c = s.inC[l];
        int h = s.inH[l];
        int w = s.inW[l];
        int kh = s.kH[l];
        int kw = s.kW[l];
        int oh = s.outH[l];
        int ow = s.outW[l];
        int sh = s.sH[l];
        int sw = s.sW[l];
        int pt = s.padT[l];
        int pl = s.padL[l];
        int plane = oh * ow;
        int cols = m * plane;
        for (int ci = 0; ci < c; ci++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                    int row = ((ci * kh + ki) * kw + kj) * cols;
                    int lo = first(kj - pl, sw);
                    int hi = Math.min(ow, end(w - kj + pl, sw));
                    for (int i = i0; i < i1; i++) {
                        int xo = (ci * n + r0 + i) * h * w;
                        int co = row + i * plane;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh + ki - pt;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int at = co + oy * ow;
                            int xr = xo + iy * w + kj - pl;
                            if (sw == 1) {
                                for (int ox = lo; ox < hi; ox++) {
                                    dx[xr + ox] += dcol[at + ox];
                                }
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    dx[xr + ox * sw] += dcol[at + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Inverted dropout as DL4J's {@code Dropout}: each of len inputs kept with probability p and then times 1/p, or 0,
     * into y; mask gets 1/p or 0 per input for the backward pass. Its random numbers are rnd's (the trainer seeds it from
     * the network's seed and the iteration: the same run gives the same numbers; they are not ND4J's, so not the inputs
     * DL4J would drop). rnd null: inference, the inputs pass unchanged.
     */
    static void dropout(float[] x, float[] y, float[] mask, int len, float p, SplittableRandom rnd) {
        if (rnd == null) {
            System.arraycopy(x, 0, y, 0, len);
            return;
        }
        float keep = 1f / p;
        for (int k = 0; k < len; k++) {
            mask[k] = rnd.nextFloat() < p ? keep : 0f;
            y[k] = x[k] * mask[k];
        }
    }

    /** out = g × mask elementwise over len (out may be g): a gradient through dropout. */
    static void masked(float[] g, float[] mask, float[] out, int len) {
        for (int k = 0; k < len; k++) {
            out[k] = g[k] * mask[k];
        }
    }

    /**
     * Rows order[from + r] (or from + r when order is null) of flat images (c channels, in values each, from element
     * base of xs) into x as [c, n, h, w], the trainer's order.
     */
    static void gather(java.nio.FloatBuffer xs, int base, int[] order, int from, int n, int c, int in, float[] x) {
        int plane = in / c;
        for (int r = 0; r < n; r++) {
            int row = base + (order == null ? from + r : order[from + r]) * in;
            if (c == 1) {
                xs.get(row, x, r * in, in);
            } else {
                for (int ci = 0; ci < c; ci++) {
                    xs.get(row + ci * plane, x, (ci * n + r) * plane, plane);
                }
            }
        }
    }

    /** Images [c, n, hw] (this trainer's order) as DL4J flattens them for a dense layer: [n, c·hw]. */
    static void flatten(float[] x, float[] flat, int n, int c, int hw) {
        for (int ci = 0; ci < c; ci++) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(x, (ci * n + r) * hw, flat, (r * c + ci) * hw, hw);
            }
        }
    }

    /** The transpose of {@link #flatten}: [n, c·hw] → [c, n, hw]. */
    static void unflatten(float[] flat, float[] x, int n, int c, int hw) {
        for (int ci = 0; ci < c; ci++) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(flat, (r * c + ci) * hw, x, (ci * n + r) * hw, hw);
            }
        }
    }

    /**
     * Max pooling (the first largest element of each window, row by row, as libnd4j's maxpool2d; padding never wins) or
     * average pooling (the window's sum ÷ its size) of x into y; argmax: where each maximum came from in x.
     */
    static void forward(ConvTrainerParts.Parts s, int l, float[] x, float[] y, int[] argmax, int n) {
        halves(n * s.inC[l], (p0, p1) -> forward(s, l, x, y, argmax, p0, p1));
    }

    private static void forward(ConvTrainerParts.Parts s, int l, float[] x, float[] y, int[] argmax, int p0, int p1) {
        int h = s.inH[l];
        int w = s.inW[l];
        int kh = s.kH[l];
        int kw = s.kW[l];
        int oh = s.outH[l];
        int ow = s.outW[l];
        int sh = s.sH[l];
        int sw = s.sW[l];
        int pt = s.padT[l];
        int pl = s.padL[l];
        boolean max = s.max[l];
        if (max && kh == 2 && kw == 2 && sh == 2 && sw == 2 && pt == 0 && pl == 0) {
            max2x2(x, y, argmax, p0, p1, h, w, oh, ow);
            return;
        }
        float inv = 1f / (kh * kw);
        for (int plane = p0; plane < p1; plane++) {
            int xo = plane * h * w;
            int yo = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = Math.max(0, oy * sh - pt);
                int y1 = Math.min(h, oy * sh - pt + kh);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.max(0, ox * sw - pl);
                    int x1 = Math.min(w, ox * sw - pl + kw);
                    if (max) {
                        float best = Float.NEGATIVE_INFINITY;
                        int at = xo + y0 * w + x0;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                float val = x[xo + iy * w + ix];
                                if (val > best) {
                                    best = val;
                                    at = xo + iy * w + ix;
                                }
                            }
                        }
                        y[yo + oy * ow + ox] = best;
                        argmax[yo + oy * ow + ox] = at;
                    } else {
                        float sum = 0f;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                sum += x[xo + iy * w + ix];
                            }
                        }
                        y[yo + oy * ow + ox] = sum * inv;
                    }
                }
            }
        }
    }

    /** The common 2×2, stride 2 max pooling without padding: the same choices as the general loop. */
    private static void max2x2(float[] x, float[] y, int[] argmax, int p0, int p1, int h, int w, int oh, int ow) {
        for (int plane = p0; plane < p1; plane++) {
            int xo = plane * h * w;
            int yo = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int row = xo + 2 * oy * w;
                int o = yo + oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int i = row + 2 * ox;
                    float a = x[i];
                    float b = x[i + 1];
                    float c = x[i + w];
                    float d = x[i + w + 1];
                    // a tournament of the two rows, each preferring its first element and the top row on a tie: the
                    // first largest in row-major order, as the loop; without branches (random data mispredicts them:
                    // 2.2 → 0.8 ms for LeNet's first pooling over a mini-batch of 64 with selects, which C2 still
                    // compiled as branches at times; 1.8 → 1.1 ms on one core with these)
                    int top = i + above(a, b);
                    int bottom = i + w + above(c, d);
                    int at = top + ((bottom - top) & -above(Math.max(a, b), Math.max(c, d)));
                    y[o + ox] = x[at];
                    argmax[o + ox] = at;
                }
            }
        }
    }

    /**
     * 1 when q > p, else 0, without a branch, for all floats but NaN: their bits made monotonic as integers (negative
     * values' magnitude bits flipped), compared by the sign of their difference; + 0f turns −0 into +0 first, as the two
     * are equal as floats.
     */
    static int above(float p, float q) {
        int a = Float.floatToRawIntBits(p + 0f);
        int b = Float.floatToRawIntBits(q + 0f);
        a ^= (a >> 31) & 0x7fffffff;
        b ^= (b >> 31) & 0x7fffffff;
        return (int) (((long) a - b) >>> 63);
    }

    /** A loop body over [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /**
     * body over [0, n) in two halves, the second on the common fork-join pool while this thread runs the first (the
     * session's two cores: OpenBLAS uses both for the products, the loops here would leave one idle). Each half writes
     * only its own elements, in the same order as one loop would: the results are the same bit for bit. One loop when n
     * is small, when the pool has no thread to spare, or when this thread is itself a pool worker (no waiting on a
     * pool from inside it).
     */
    static void halves(int n, Range body) {
        if (n < 2 || !canFork()) {
            body.run(0, n);
            return;
        }
        twoParts(n, (part, i0, i1) -> body.run(i0, i1));
    }

    /** A loop body over [i0, i1), the half numbered part (0 or 1). */
    @FunctionalInterface
    interface Part {
        void run(int part, int i0, int i1);
    }

    /**
     * body over [0, n) split at n / 2 always, each half with its part number ({@link FirstConvPool} sums W's gradient per
     * half: the same split gives the same result), the second half on the common pool while this thread runs the first,
     * or after it when the pool has no thread to spare or this thread is a pool worker.
     */
    static void twoParts(int n, Part body) {
        int half = n / 2;
        if (n < 2 || !canFork()) {
            body.run(0, 0, half);
            body.run(1, half, n);
            return;
        }
        ForkJoinTask<?> second = ForkJoinPool.commonPool().submit(() -> body.run(1, half, n));
        body.run(0, 0, half);
        second.join();
    }

    /** Whether this thread may hand work to the common fork-join pool: it has a thread, and this is not one of them. */
    static boolean canFork() {
        return ForkJoinPool.getCommonPoolParallelism() >= 1 && !(Thread.currentThread() instanceof ForkJoinWorkerThread);
    }

    /** The first ox ≥ 0 with ox·s + off ≥ 0. */
    private static int first(int off, int s) {
        return off >= 0 ? 0 : (-off + s - 1) / s;
    }

    /** One past the last ox with ox·s < limit (limit = w − off: the input's width seen from the window's column). */
    private static int end(int limit, int s) {
        return limit <= 0 ? 0 : (limit - 1) / s + 1;
    }

    /** dx from dy: to the window's maximum (max pooling) or spread evenly over the window (average pooling). */
    static void backward(ConvTrainerParts.Parts s, int l, float[] dy, float[] dx, int[] argmax, int n) {
        halves(n * s.inC[l], (p0, p1) -> backward(s, l, dy, dx, argmax, p0, p1));
    }

    private static void backward(ConvTrainerParts.Parts s, int l, float[] dy, float[] dx, int[] argmax, int p0, int p1) {
        int h = s.inH[l];
        int w = s.inW[l];
        int oh = s.outH[l];
        int ow = s.outW[l];
        Arrays.fill(dx, p0 * h * w, p1 * h * w, 0f);
        if (s.max[l]) {
            for (int k = p0 * oh * ow; k < p1 * oh * ow; k++) {
                dx[argmax[k]] += dy[k];
            }
            return;
        }
        int kh = s.kH[l];
        int kw = s.kW[l];
        int sh = s.sH[l];
        int sw = s.sW[l];
        float inv = 1f / (kh * kw);
        for (int plane = p0; plane < p1; plane++) {
            int xo = plane * h * w;
            int yo = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float d = dy[yo + oy * ow + ox] * inv;
                    for (int iy = oy * sh; iy < oy * sh + kh; iy++) {
                        for (int ix = ox * sw; ix < ox * sw + kw; ix++) {
                            dx[xo + iy * w + ix] += d;
                        }
                    }
                }
            }
        }
    }
}
