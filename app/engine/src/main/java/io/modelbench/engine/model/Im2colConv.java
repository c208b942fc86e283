package io.modelbench.engine.model;

import java.nio.FloatBuffer;
import java.util.Arrays;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * One convolution of {@link ConvTrainer} as im2col and {@code cblas_sgemm} (the first layer's always; the others' where
 * {@link NativeConv} does not apply), on the trainer's [c, n, h, w] images, in chunks of images whose im2col is at most
 * the trainer's chunk size: a chunk's im2col (~1 MB) stays in the core's cache from the loop that writes it through the
 * copy into native memory to the product that reads it, and the backward pass's dcol through col2im likewise. The
 * im2col is kept, chunk after chunk, for dW (recomputing it cost more). Not thread-safe: one per layer per trainer.
 */
final class Im2colConv {

    private final ConvTrainerParts.Parts s;
    private final int l;
    private final int k;
    private final int plane;
    private final int nOut;
    private final int chunk;
    private final FloatBuffer col;     // the im2col, chunk after chunk ([K, m·P] each), kept for dW
    private final float[] scratch;     // a chunk's im2col, then its dcol
    private final FloatBuffer out;     // a product's result
    private final FloatBuffer dz;      // a chunk's dZ as a product's operand [nOut, m·P]
    private final FloatBuffer dw;      // dW [nOut, K], summed over the chunks

    Im2colConv(ConvTrainerParts.Parts s, int l, int batch, int chunkFloats) {
        this.s = s;
        this.l = l;
        this.k = s.inC[l] * s.kH[l] * s.kW[l];
        this.plane = s.outH[l] * s.outW[l];
        this.nOut = s.outC[l];
        this.chunk = Math.max(1, Math.min(batch, chunkFloats / Math.max(1, Math.max(k, nOut) * plane)));
        int cols = chunk * plane;
        col = TrainerMath.direct(k * batch * plane);
        scratch = new float[k * cols];
        out = TrainerMath.direct(Math.max(nOut, l == 0 ? 0 : k) * cols);
        dz = TrainerMath.direct(nOut * cols);
        dw = TrainerMath.direct(nOut * k);
    }

    /** z [nOut, n, oh, ow] = W · im2col(x) + b, W from the network's parameter buffer, b from p. */
    void forward(float[] x, float[] z, float[] p, int n) {
        int cols = n * plane;
        for (int r0 = 0; r0 < n; r0 += chunk) {
            int mc = Math.min(chunk, n - r0) * plane;
            ConvPooling.im2col(s, l, x, scratch, n, r0, Math.min(chunk, n - r0));
            col.put(k * r0 * plane, scratch, 0, k * mc);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nOut, mc, k, 1f, s.params.position(s.paramBase + s.wOff[l]), k,
                    col.position(k * r0 * plane), mc, 0f, out, mc);
            s.params.position(0);
            col.position(0);
            for (int o = 0; o < nOut; o++) {
                int at = o * cols + r0 * plane;
                out.get(o * mc, z, at, mc);
                float bias = p[s.bOff[l] + o];
                for (int q = at; q < at + mc; q++) {
                    z[q] += bias;
                }
            }
        }
    }

    /**
     * From dZ [nOut, n, oh, ow]: dW = Σ over chunks dZ · im2col(x)ᵀ and b's gradient as dZ's row sums into g at the
     * layer's offsets, and (gx not null) dX chunk by chunk through dcol = Wᵀ · dZ and col2im.
     */
    void backward(float[] d, float[] g, float[] gx, int n) {
        int cols = n * plane;
        for (int o = 0; o < nOut; o++) {
            g[s.bOff[l] + o] = TrainerMath.sum(d, o * cols, cols);
        }
        if (gx != null) {
            Arrays.fill(gx, 0, n * s.width[l], 0f);
        }
        for (int r0 = 0; r0 < n; r0 += chunk) {
            int images = Math.min(chunk, n - r0);
            int mc = images * plane;
            for (int o = 0; o < nOut; o++) {
                dz.put(o * mc, d, o * cols + r0 * plane, mc);
            }
            // dW [nOut, K] (+)= dZ · colᵀ
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, nOut, k, mc, 1f, dz, mc, col.position(k * r0 * plane), mc,
                    r0 == 0 ? 0f : 1f, dw, k);
            col.position(0);
            if (gx != null) {   // dcol [K, m·P] = Wᵀ · dZ, then back onto the input's pixels
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, mc, nOut, 1f, s.params.position(s.paramBase + s.wOff[l]), k,
                        dz, mc, 0f, out, mc);
                s.params.position(0);
                out.get(0, scratch, 0, k * mc);
                ConvPooling.col2im(s, l, scratch, gx, n, r0, images);
            }
        }
        dw.get(0, g, s.wOff[l], nOut * k);
    }
}
