package io.modelbench.engine.eval;

/** Ridge regression in closed form on standardized inputs: (Z'Z/n + λI) w = Z'(y − ȳ)/n, solved by Cholesky. */
final class Ridge {

    private Ridge() {
    }

    /** Weights, then the intercept (the training rows' mean target: the inputs are centred on them). */
    static double[] fit(LinearReference.Standardized z, float[] y, int[] train, double penalty) {
        int d = z.width();
        int n = train.length;
        double mean = 0;
        for (int r : train) {
            mean += y[r];
        }
        mean /= n;
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int r : train) {
            double[] row = z.row(r);
            double t = y[r] - mean;
            for (int i = 0; i < d; i++) {
                double vi = row[i];
                if (vi == 0) {
                    continue;
                }
                b[i] += vi * t;
                for (int j = 0; j <= i; j++) {
                    a[i][j] += vi * row[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            b[i] /= n;
            for (int j = 0; j <= i; j++) {
                a[i][j] /= n;
            }
            a[i][i] += penalty;
        }
        double[] w = new double[d + 1];
        System.arraycopy(solve(a, b), 0, w, 0, d);
        w[d] = mean;
        return w;
    }

    static double predict(double[] w, double[] row) {
        double s = w[row.length];
        for (int j = 0; j < row.length; j++) {
            s += w[j] * row[j];
        }
        return s;
    }

    /** Solves a x = b for symmetric positive definite a, given by its lower triangle (overwritten). */
    static double[] solve(double[][] a, double[] b) {
        int d = b.length;
        for (int j = 0; j < d; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) {
                s -= a[j][k] * a[j][k];
            }
            a[j][j] = Math.sqrt(Math.max(s, 1e-12));
            for (int i = j + 1; i < d; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) {
                    t -= a[i][k] * a[j][k];
                }
                a[i][j] = t / a[j][j];
            }
        }
        double[] x = b.clone();
        for (int i = 0; i < d; i++) {
            double s = x[i];
            for (int k = 0; k < i; k++) {
                s -= a[i][k] * x[k];
            }
            x[i] = s / a[i][i];
        }
        for (int i = d - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < d; k++) {
                s -= a[k][i] * x[k];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }
}
