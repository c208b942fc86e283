package io.modelbench.engine.eval;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Standardized rows as one row-major matrix in native memory, multiplied by OpenBLAS' {@code cblas_dgemm} (the
 * library ND4J already loads): the linear reference's passes over its rows are matrix products, and OpenBLAS does one
 * pass on 2,551 rows × 784 inputs × 10 classes in about 5 ms of CPU where the per-row loops in plain Java it replaces
 * took about 30 ms (issue 17, on the busy 2-core build machine; {@link Softmax}).
 * Native pointers rather than Java arrays: JavaCPP would copy an array in and out on every call. Close it to free the
 * memory at once (2,551 rows × 784 inputs are 16 MB) instead of waiting for the garbage collector.
 */
final class NativeRows implements AutoCloseable {

    static {
        Loader.load(openblas_nolapack.class);
    }

    final int rows;
    final int width;
    private final DoublePointer x;

    NativeRows(LinearReference.Standardized z, int[] rows) {
        this.rows = rows.length;
        this.width = z.width();
        this.x = new DoublePointer(Math.max(1L, (long) rows.length * width));
        double[] row = new double[width];
        for (int i = 0; i < rows.length; i++) {
            z.row(rows[i], row);
            x.position((long) i * width).put(row);
        }
        x.position(0);
    }

    /** {@code out} (rows × k) = X · w, where {@code w} is width × k, row-major. */
    void times(DoublePointer w, int k, DoublePointer out) {
        if (rows == 0 || width == 0) {
            out.zero();
            return;
        }
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans,
                rows, k, width, 1, x, width, w, k, 0, out, k);
    }

    /** {@code out} (width × k) = Xᵀ · r, where {@code r} is rows × k, row-major. */
    void transposeTimes(DoublePointer r, int k, DoublePointer out) {
        if (rows == 0 || width == 0) {
            out.zero();
            return;
        }
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, openblas_nolapack.CblasNoTrans,
                width, k, rows, 1, x, width, r, k, 0, out, k);
    }

    @Override
    public void close() {
        x.close();
    }
}
