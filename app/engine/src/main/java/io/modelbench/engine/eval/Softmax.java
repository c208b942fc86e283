package io.modelbench.engine.eval;

import java.util.Arrays;

/**
 * Multinomial logistic regression on standardized inputs: mean cross-entropy + λ/2 ‖W‖² (the intercepts are not
 * penalized), minimized by L-BFGS (10 pairs, backtracking line search) until the gradient is small or after
 * {@link #MAX_ITERATIONS} steps. Deterministic: it starts from zeros (or a given start).
 */
final class Softmax {

    static final int MAX_ITERATIONS = 300;
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

    static Softmax fit(LinearReference.Standardized z, int[] classes, int k, int[] train, double penalty, double[] start) {
        int d = z.width();
        double[][] rows = new double[train.length][];
        int[] y = new int[train.length];
        for (int i = 0; i < train.length; i++) {
            rows[i] = z.row(train[i]);
            y[i] = classes[train[i]];
        }
        Softmax m = new Softmax(start == null ? new double[(d + 1) * k] : start.clone(), d, k, penalty);
        m.minimize(rows, y);
        return m;
    }

    double[] probabilities(double[] row) {
        double[] p = new double[k];
        logits(w, row, p);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= sum;
        }
        return p;
    }

    double logLoss(LinearReference.Standardized z, int[] classes, int[] rows) {
        double loss = 0;
        for (int r : rows) {
            loss -= Math.log(Math.max(probabilities(z.row(r))[classes[r]], 1e-12));
        }
        return loss / Math.max(1, rows.length);
    }

    private void logits(double[] theta, double[] row, double[] out) {
        System.arraycopy(theta, d * k, out, 0, k);
        for (int j = 0; j < d; j++) {
            double v = row[j];
            if (v != 0) {
                int o = j * k;
                for (int c = 0; c < k; c++) {
                    out[c] += v * theta[o + c];
                }
            }
        }
    }

    /** The objective at theta; its gradient into g. */
    private double value(double[] theta, double[][] rows, int[] y, double[] g) {
        Arrays.fill(g, 0);
        double[] p = new double[k];
        double loss = 0;
        int n = rows.length;
        for (int i = 0; i < n; i++) {
            logits(theta, rows[i], p);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : p) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                p[c] = Math.exp(p[c] - max);
                sum += p[c];
            }
            loss -= Math.log(Math.max(p[y[i]] / sum, 1e-300));
            for (int c = 0; c < k; c++) {
                p[c] = p[c] / sum - (c == y[i] ? 1 : 0);
            }
            double[] row = rows[i];
            for (int j = 0; j < d; j++) {
                double v = row[j];
                if (v != 0) {
                    int o = j * k;
                    for (int c = 0; c < k; c++) {
                        g[o + c] += v * p[c];
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                g[d * k + c] += p[c];
            }
        }
        double reg = 0;
        for (int i = 0; i < g.length; i++) {
            g[i] /= n;
            if (i < d * k) {
                reg += theta[i] * theta[i];
                g[i] += penalty * theta[i];
            }
        }
        return loss / n + 0.5 * penalty * reg;
    }

    private void minimize(double[][] rows, int[] y) {
        int m = w.length;
        double[] g = new double[m];
        double f = value(w, rows, y, g);
        double[][] s = new double[PAIRS][];
        double[][] yy = new double[PAIRS][];
        double[] rho = new double[PAIRS];
        int stored = 0;
        double[] next = new double[m];
        double[] gNext = new double[m];
        for (int it = 0; it < MAX_ITERATIONS && norm(g) > 1e-6; it++) {
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
                fNext = value(next, rows, y, gNext);
                if (fNext <= f + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted || f - fNext < 1e-10 * Math.max(1, Math.abs(f))) {
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

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
