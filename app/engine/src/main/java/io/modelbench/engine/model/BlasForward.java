package io.modelbench.engine.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * The forward pass of a plain dense network ({@link DenseForward}'s kind) for many rows at a time: each layer's product
 * one direct OpenBLAS {@code cblas_sgemm} over a chunk of rows, everything else in plain Java (the normalizer and the
 * parameters as {@link DenseForward} copied them, bias then activation through {@link Activations}). Why: ND4J's
 * {@code mmul} on these shapes reaches ~77 GFLOP/s where {@code cblas_sgemm} of the same OpenBLAS, called through
 * JavaCPP on direct buffers, reaches ~190 (issue 17; {@link DenseTrainer} trains this way), and ND4J's path adds the
 * INDArray of the rows, the normalizer's ops and the copy of the output back into Java arrays. The end-of-session test
 * report predicts 4,000 rows of the MLP 784-256-256-10 through here (docs/PERFORMANCE.md has the times).
 *
 * <p>Rows go in chunks of at most {@link #CHUNK}, so the scratch memory is bounded whatever the number of rows (two
 * direct buffers and one array of {@code CHUNK × widest layer} floats, 4.8 MB for that MLP) while each product is still
 * large enough for BLAS. The order of the sums is OpenBLAS's (as in ND4J, which calls the same library): results agree
 * with {@code net.output()} within ~1e-6 ({@code BlasForwardTest} checks 1e-5), but a row need not come out bit for
 * bit as it does alone or through {@link DenseForward}, which is why {@link DensePredictions} uses it only above
 * {@link DenseForward#MAX_ROWS} rows. Not thread-safe (scratch buffers): {@link TrainedModel} calls it under its lock.
 */
final class BlasForward {

    /**
     * The most rows per product: big enough for BLAS's blocking and its two threads, small enough to bound memory. On
     * 4,000 rows of the MLP 784-256-256-10 at load ~6 (2 cores), chunks of 256, 512 and 1,024 took alike (fastest runs
     * 33–38 ms), 128 and a single product of 4,000 rows a little longer (37–44 ms).
     */
    static final int CHUNK = 512;

    private final DenseForward dense;
    private final FloatBuffer[] weights;   // layer l: row-major [nIn, nOut], direct
    private final FloatBuffer in;          // a chunk's layer input, direct
    private final FloatBuffer out;         // a chunk's layer output before bias and activation, direct
    private final float[] host;            // the same in Java, where bias and activation are applied
    private final float[] row;             // one normalized input row

    private BlasForward(DenseForward dense) {
        this.dense = dense;
        int layers = dense.layers();
        weights = new FloatBuffer[layers];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            int nIn = dense.width(l);
            int nOut = dense.width(l + 1);
            FloatBuffer w = direct((long) nIn * nOut);
            float[][] rowsOfW = dense.weights(l);
            for (int i = 0; i < nIn; i++) {
                w.put(i * nOut, rowsOfW[i], 0, nOut);
            }
            weights[l] = w;
            widest = Math.max(widest, Math.max(nIn, nOut));
        }
        in = direct((long) CHUNK * widest);
        out = direct((long) CHUNK * widest);
        host = new float[Math.toIntExact((long) CHUNK * widest)];
        row = new float[dense.inputs()];
    }

    /**
     * The BLAS forward pass over {@code dense}'s copy of the network, or null when OpenBLAS cannot be loaded through
     * JavaCPP or its direct buffers do not fit ({@code -XX:MaxDirectMemorySize}, the heap's size by default, bounds them
     * where ND4J's own memory is not): ND4J predicts then, as before.
     */
    static BlasForward of(DenseForward dense) {
        try {
            OpenBlas.require();
            return new BlasForward(dense);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            return null;
        }
    }

    /** The copy of the network this computes with (the caller rebuilds both when it goes stale). */
    DenseForward source() {
        return dense;
    }

    /**
     * The network's outputs for these raw (not yet normalized) rows, row-major [rows × outputs], as
     * {@link DenseForward#output} gives them. Rows must all be {@link DenseForward#inputs()} wide.
     */
    float[] output(float[][] x) {
        int n = x.length;
        int k = dense.outputs();
        float[] result = new float[n * k];
        for (int from = 0; from < n; from += CHUNK) {
            chunk(x, from, Math.min(CHUNK, n - from), result);
        }
        return result;
    }

    /** Rows [from, from + m) through every layer, their outputs into {@code result} at row {@code from}. */
    private void chunk(float[][] x, int from, int m, float[] result) {
        int w0 = dense.inputs();
        for (int r = 0; r < m; r++) {   // row by row through a row that stays in L1: 1.1 ms for 4,000 × 784, 4.4 through host
            dense.normalize(x[from + r], row, 0);
            in.put(r * w0, row, 0, w0);
        }
        int layers = dense.layers();
        for (int l = 0; l < layers; l++) {
            int nIn = dense.width(l);
            int nOut = dense.width(l + 1);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, nOut, nIn, 1f, in, nIn, weights[l], nOut, 0f, out, nOut);
            out.get(0, host, 0, m * nOut);
            float[] b = dense.bias(l);   // x · W, then + b, as ND4J's dense layer adds it
            for (int r = 0; r < m; r++) {
                int o = r * nOut;
                for (int j = 0; j < nOut; j++) {
                    host[o + j] += b[j];
                }
            }
            Activations.apply(dense.act(l), dense.alpha(l), host, m, nOut);
            if (l + 1 < layers) {
                in.put(0, host, 0, m * nOut);
            } else {
                System.arraycopy(host, 0, result, from * nOut, m * nOut);
            }
        }
    }

    private static FloatBuffer direct(long floats) {
        // past 2 GB an ArithmeticException: of() declines, ND4J predicts
        return ByteBuffer.allocateDirect(Math.toIntExact(Math.max(1, floats) * Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
