package io.modelbench.engine.eval;

import org.bytedeco.javacpp.DoublePointer;

/**
 * Multinomial logistic regression on standardized inputs: mean cross-entropy + λ/2 ‖W‖² (the intercepts are not
 * penalized), minimized by L-BFGS (10 pairs, backtracking line search) until the gradient is small or after
 * {@link #MAX_ITERATIONS} steps. Deterministic: it starts from zeros (or a given start). Each pass over the rows is two
 * matrix products by OpenBLAS ({@link NativeRows}); the per-row loops in plain Java they replace cost 4 s of CPU for the
 * five penalties on the bench's MLP table (2,551 rows × 784 inputs × 10 classes) where the products cost 1 s, with the
 * same figures (the objective and gradient agree within 1e-12: SoftmaxTest).
 */
final class Softmax {

    static final int MAX_ITERATIONS = 300;
    /**
     * A fit ends when every component of the gradient is below this in size (scikit-learn's LogisticRegression stops
     * its L-BFGS the same way, {@code tol=1e-4} on the largest component), or when a step lowers the objective by less
     * than {@link #RELATIVE_DECREASE} of it. Looser than the 1e-6 and 1e-10 on the norm of before, which took 131 passes
     * over the rows for the five penalties of the bench's MLP table where 1e-4 on the norm took 71 (issue 17): on the
     * bundled tables (iris, wine, breast cancer, digits; seeds 42, 1, 7; validation 0, 0.1, 0.2) and the bench's table
     * every penalty chosen is the same and the test accuracy moves by at most one row (1 of 4,000 on the bench's table);
     * the validation losses that choose the penalty differ between neighbouring penalties by far more than such a
     * change. The largest component instead of the norm: 14 passes instead of 20 for one penalty on the bench's table
     * (7,850 weights), the same test accuracy (0.4695).
     */
    static final double GRADIENT_TOLERANCE = 1e-4;
    static final double RELATIVE_DECREASE = 1e-7;
    private static final int PAIRS = 10;

    final double[] w;
    final double penalty;
    private final int d;
    private final int k;

    private Softmax(double[] w, int d, int k, double penalty) {
        this.w = w;
        this.d = d;
        this.k = k;
        this.penalty = penalty;
    }

    /**
     * The training rows in native memory and the scratch space of a pass, made once for all the penalties tried; close
     * it to free the native memory.
     */
    static final class Problem implements AutoCloseable {
        final NativeRows x;
        final int[] y;
        final int k;
        private final DoublePointer weights;
        private final DoublePointer products;
        private final DoublePointer gradient;
        private final double[] logits;

        Problem(LinearReference.Standardized z, int[] classes, int k, int[] train) {
            this.x = new NativeRows(z, train);
            this.k = k;
            this.y = new int[train.length];
            for (int i = 0; i < train.length; i++) {
                y[i] = classes[train[i]];
            }
            int d = x.width;
            this.weights = new DoublePointer(Math.max(1L, (long) d * k));
            this.products = new DoublePointer(Math.max(1L, (long) train.length * k));
            this.gradient = new DoublePointer(Math.max(1L, (long) d * k));
            this.logits = new double[train.length * k];
        }

        /**
         * The objective at theta (weights d × k row-major, then the k intercepts), its gradient into g: the logits of
         * all rows as one product X·W, the gradient's weight part as one product Xᵀ·(P − Y).
         */
        double value(double[] theta, double penalty, double[] g) {
            int d = x.width;
            int n = x.rows;
            int dk = d * k;
            weights.put(theta, 0, dk);
            x.times(weights, k, products);
            products.get(logits);
            double[] bias = new double[k];
            double loss = 0;
            for (int i = 0; i < n; i++) {
                int o = i * k;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    logits[o + c] += theta[dk + c];
                    max = Math.max(max, logits[o + c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    logits[o + c] = Math.exp(logits[o + c] - max);
                    sum += logits[o + c];
                }
                loss -= Math.log(Math.max(logits[o + y[i]] / sum, 1e-300));
                for (int c = 0; c < k; c++) {
                    logits[o + c] = logits[o + c] / sum - (c == y[i] ? 1 : 0);   // now the residual P − Y
                    bias[c] += logits[o + c];
                }
            }
            products.put(logits);
            x.transposeTimes(products, k, gradient);
            gradient.get(g, 0, dk);
            System.arraycopy(bias, 0, g, dk, k);
            double reg = 0;
            for (int i = 0; i < g.length; i++) {
                g[i] /= n;
                if (i < dk) {
                    reg += theta[i] * theta[i];
                    g[i] += penalty * theta[i];
                }
            }
            return loss / n + 0.5 * penalty * reg;
        }

        @Override
        public void close() {
            x.close();
            weights.close();
            products.close();
            gradient.close();
        }
    }

    static Softmax fit(Problem problem, double penalty, double[] start) {
        int d = problem.x.width;
        int k = problem.k;
        Softmax m = new Softmax(start == null ? new double[(d + 1) * k] : start.clone(), d, k, penalty);
        m.minimize(problem);
        return m;
    }

    /** The class probabilities of each of these rows (one product for all of them). */
    double[][] probabilities(NativeRows rows) {
        double[][] out = new double[rows.rows][k];
        if (rows.rows == 0) {
            return out;
        }
        double[] logits = new double[rows.rows * k];
        try (DoublePointer weights = new DoublePointer(Math.max(1L, (long) d * k)); DoublePointer products = new DoublePointer(logits.length)) {
            weights.put(w, 0, d * k);
            rows.times(weights, k, products);
            products.get(logits);
        }
        for (int i = 0; i < rows.rows; i++) {
            double[] p = out[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                p[c] = logits[i * k + c] + w[d * k + c];
                max = Math.max(max, p[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                p[c] = Math.exp(p[c] - max);
                sum += p[c];
            }
            for (int c = 0; c < k; c++) {
                p[c] /= sum;
            }
        }
        return out;
    }

    /** Mean cross-entropy of these rows (whose classes are {@code classes[rows[i]]}, in the order of {@code x}). */
    double logLoss(NativeRows x, int[] classes, int[] rows) {
        double[][] p = probabilities(x);
        double loss = 0;
        for (int i = 0; i < rows.length; i++) {
            loss -= Math.log(Math.max(p[i][classes[rows[i]]], 1e-12));
        }
        return loss / Math.max(1, rows.length);
    }

    private void minimize(Problem problem) {
        int m = w.length;
        double[] g = new double[m];
        double f = problem.value(w, penalty, g);
        double[][] s = new double[PAIRS][];
        double[][] yy = new double[PAIRS][];
        double[] rho = new double[PAIRS];
        int stored = 0;
        double[] next = new double[m];
        double[] gNext = new double[m];
        for (int it = 0; it < MAX_ITERATIONS && largest(g) > GRADIENT_TOLERANCE; it++) {
            double[] dir = direction(g, s, yy, rho, stored);
            double slope = dot(dir, g);
            if (slope >= 0) {
                // not a descent direction: start again from the gradient
                stored = 0;
                dir = g.clone();
                scale(dir, -1 / Math.max(1, norm(g)));
                slope = dot(dir, g);
            }
            double step = 1;
            double fNext = 0;
            boolean accepted = false;
            for (int ls = 0; ls < 30; ls++) {
                for (int i = 0; i < m; i++) {
                    next[i] = w[i] + step * dir[i];
                }
                fNext = problem.value(next, penalty, gNext);
                if (fNext <= f + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted || f - fNext < RELATIVE_DECREASE * Math.max(1, Math.abs(f))) {
                if (accepted) {
                    System.arraycopy(next, 0, w, 0, m);
                }
                return;
            }
            double[] sv = new double[m];
            double[] yv = new double[m];
            for (int i = 0; i < m; i++) {
                sv[i] = next[i] - w[i];
                yv[i] = gNext[i] - g[i];
            }
            double sy = dot(sv, yv);
            if (sy > 1e-12) {
                int slot = stored % PAIRS;
                s[slot] = sv;
                yy[slot] = yv;
                rho[slot] = 1 / sy;
                stored++;
            }
            System.arraycopy(next, 0, w, 0, m);
            System.arraycopy(gNext, 0, g, 0, m);
            f = fNext;
        }
    }

    /** The L-BFGS two-loop recursion: minus the inverse-Hessian estimate times the gradient. */
    private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored) {
        double[] q = g.clone();
        int count = Math.min(stored, PAIRS);
        double[] alpha = new double[PAIRS];
        for (int i = stored - 1; i >= stored - count; i--) {
            int slot = i % PAIRS;
            alpha[slot] = rho[slot] * dot(s[slot], q);
            axpy(-alpha[slot], y[slot], q);
        }
        if (count > 0) {
            int last = (stored - 1) % PAIRS;
            scale(q, dot(s[last], y[last]) / dot(y[last], y[last]));
        } else {
            scale(q, 1 / Math.max(1, norm(g)));
        }
        for (int i = stored - count; i < stored; i++) {
            int slot = i % PAIRS;
            double beta = rho[slot] * dot(y[slot], q);
            axpy(alpha[slot] - beta, s[slot], q);
        }
        scale(q, -1);
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double largest(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
