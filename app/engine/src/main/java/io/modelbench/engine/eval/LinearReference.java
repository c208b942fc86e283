package io.modelbench.engine.eval;

import io.modelbench.engine.api.EvaluationResult;

import java.util.List;

/**
 * The honest reference beside every network: a linear model on the same encoded inputs and the same split, so that a
 * result can be read against what a careful analyst's first model would score (issue 19: on small regression tables
 * the old default network scored below a straight line, and nothing said so). Ridge regression (closed form) for
 * regression, multinomial logistic regression (L-BFGS) for classification; inputs standardized on the rows fitted on;
 * the L2 penalty chosen from a few values on the validation split only (1e-2 when there is none). No randomness: the
 * same data gives the same figures. The logistic regression's passes over the rows are OpenBLAS matrix products
 * ({@link NativeRows}); CPU of one reference with a 10 % validation split (five penalties) on the busy 2-core build
 * machine (load ~10): digits 0.04 s (0.35 s in plain Java before), the bench's MLP table (2,551 of 14,000 rows × 784
 * inputs × 10 classes) 0.4 s (4.0 s before); iris, wine, breast cancer and diabetes a few ms.
 */
public final class LinearReference {

    /** Penalties tried (per-row L2 strength on standardized inputs; scikit-learn's defaults are about 1/rows). */
    static final double[] PENALTIES = {1e-4, 1e-3, 1e-2, 1e-1, 1};
    /** Above this many inputs the fit would cost more than the network's own run; no reference then. */
    public static final int MAX_INPUTS = 2_000;
    /**
     * Above this many training rows the linear model is fitted on an evenly spread subset of this many (and the penalty
     * chosen on at most this many validation rows), which the description says: a reference, not a second training run.
     */
    public static final int MAX_FIT_ROWS = 20_000;
    /**
     * Logistic regression costs rows × inputs × classes multiply-adds per pass, and L-BFGS makes dozens of passes per
     * penalty: on 16,000 rows × 784 inputs × 10 classes one fit took 7–10 s, longer than the 2-epoch run of the network
     * it stands beside (issue 17). So its rows are capped at this many multiply-adds per pass (at least
     * {@link #MIN_FIT_ROWS} rows): every bundled table stays whole (digits: 1,257 × 64 × 10 = 0.8 M).
     */
    public static final long MAX_FIT_WORK = 20_000_000L;
    /** The fewest rows a capped logistic regression is fitted on. */
    public static final int MIN_FIT_ROWS = 2_000;
    private static final double DEFAULT_PENALTY = 1e-2;

    /**
     * @param test        figures on the test rows
     * @param description the model in words, with its penalty
     * @param kind        {@code logistic} or {@code ridge}
     * @param penalty     the L2 penalty chosen
     */
    public record Result(EvaluationResult test, String description, String kind, double penalty) {
    }

    private LinearReference() {
    }

    /** Logistic regression; null when there are more than {@link #MAX_INPUTS} inputs or no training rows. */
    public static Result classification(float[][] x, int[] classes, List<String> labels, int[] allTrain, int[] allValidation, int[] test) {
        try (Logistic l = logistic(x, classes, labels, allTrain, allValidation, test)) {
            return l == null ? null : l.fit();
        }
    }

    /**
     * A logistic regression with its rows made ready (standardized, in native memory) but not fitted, so that a training
     * session can do this part on its idle core while it sets up and fit after its epochs; null as for
     * {@link #classification}. Close it to free the native memory.
     */
    public static Logistic logistic(float[][] x, int[] classes, List<String> labels, int[] allTrain, int[] allValidation, int[] test) {
        int k = labels.size();
        int[] train = spread(allTrain, logisticRows(x.length == 0 ? 0 : x[0].length, k));
        Standardized z = Standardized.of(x, train);
        return z == null ? null : new Logistic(z, classes, labels, train, allTrain.length, spread(allValidation), test);
    }

    /** {@link #logistic}'s result: {@link #fit} it once, then close it. */
    public static final class Logistic implements AutoCloseable {
        private final int[] classes;
        private final List<String> labels;
        private final int[] train;
        private final int allTrain;
        private final int[] validation;
        private final int[] test;
        private final Softmax.Problem problem;
        private final NativeRows validationRows;
        private final NativeRows testRows;

        private Logistic(Standardized z, int[] classes, List<String> labels, int[] train, int allTrain, int[] validation, int[] test) {
            this.classes = classes;
            this.labels = labels;
            this.train = train;
            this.allTrain = allTrain;
            this.validation = validation;
            this.test = test;
            this.problem = new Softmax.Problem(z, classes, labels.size(), train);
            NativeRows v = null;
            try {
                v = new NativeRows(z, validation);
                this.testRows = new NativeRows(z, test);
            } catch (RuntimeException | Error e) {
                problem.close();
                if (v != null) {
                    v.close();
                }
                throw e;
            }
            this.validationRows = v;
        }

        /** The penalty chosen on the validation rows (1e-2 without), and the figures on the test rows. */
        public Result fit() {
            int k = labels.size();
            Softmax best = null;
            double bestLoss = Double.POSITIVE_INFINITY;
            double[] warm = null;
            // from strong to weak penalty, each fit starting where the last ended
            for (int i = PENALTIES.length - 1; i >= 0; i--) {
                double penalty = PENALTIES[i];
                if (validation.length == 0 && penalty != DEFAULT_PENALTY) {
                    continue;
                }
                Softmax m = Softmax.fit(problem, penalty, warm);
                warm = m.w;
                double loss = validation.length == 0 ? 0 : m.logLoss(validationRows, classes, validation);
                if (best == null || loss < bestLoss - 1e-9) {
                    best = m;
                    bestLoss = loss;
                }
            }
            double[][] probs = best.probabilities(testRows);
            int[] actual = new int[test.length];
            int[] predicted = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                actual[i] = classes[test[i]];
                int arg = 0;
                for (int c = 1; c < k; c++) {
                    if (probs[i][c] > probs[i][arg]) {
                        arg = c;
                    }
                }
                predicted[i] = arg;
            }
            return new Result(Metrics.classification(actual, predicted, probs, labels), "logistic regression"
                    + penaltyText(best.penalty, validation.length) + subsetText(train.length, allTrain), "logistic", best.penalty);
        }

        @Override
        public void close() {
            problem.close();
            validationRows.close();
            testRows.close();
        }
    }

    /** Ridge regression; null when there are more than {@link #MAX_INPUTS} inputs or no training rows. */
    public static Result regression(float[][] x, float[] y, int[] allTrain, int[] allValidation, int[] test) {
        int[] train = spread(allTrain);
        Standardized z = Standardized.of(x, train);
        if (z == null) {
            return null;
        }
        int[] validation = spread(allValidation);
        double bestPenalty = DEFAULT_PENALTY;
        double[] bestW = null;
        double bestMse = Double.POSITIVE_INFINITY;
        for (double penalty : PENALTIES) {
            if (validation.length == 0 && penalty != DEFAULT_PENALTY) {
                continue;
            }
            double[] w = Ridge.fit(z, y, train, penalty);
            double mse = 0;
            for (int r : validation) {
                double e = Ridge.predict(w, z.row(r)) - y[r];
                mse += e * e;
            }
            if (bestW == null || mse < bestMse - 1e-12) {
                bestW = w;
                bestMse = mse;
                bestPenalty = penalty;
            }
        }
        double[] actual = new double[test.length];
        double[] predicted = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            actual[i] = y[test[i]];
            predicted[i] = Ridge.predict(bestW, z.row(test[i]));
        }
        return new Result(Metrics.regression(actual, predicted), "ridge regression" + penaltyText(bestPenalty, validation.length)
                + subsetText(train.length, allTrain.length), "ridge", bestPenalty);
    }

    /** At most {@link #MAX_FIT_ROWS} of the rows, evenly spread (deterministic). */
    static int[] spread(int[] rows) {
        return spread(rows, MAX_FIT_ROWS);
    }

    /** The training rows a logistic regression on this many inputs and classes is fitted on at most. */
    static int logisticRows(int inputs, int classes) {
        long byWork = MAX_FIT_WORK / Math.max(1L, (long) inputs * classes);
        return (int) Math.min(MAX_FIT_ROWS, Math.max(MIN_FIT_ROWS, byWork));
    }

    /** At most {@code limit} of the rows, evenly spread (deterministic). */
    static int[] spread(int[] rows, int limit) {
        if (rows.length <= limit) {
            return rows;
        }
        int[] out = new int[limit];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows[(int) ((long) i * rows.length / limit)];
        }
        return out;
    }

    private static String subsetText(int used, int all) {
        return used == all ? "" : String.format(java.util.Locale.ROOT, ", fitted on %,d of the %,d training rows", used, all);
    }

    private static String penaltyText(double penalty, int validationRows) {
        String plain = java.math.BigDecimal.valueOf(penalty).stripTrailingZeros().toPlainString();
        return " (L2 " + plain + (validationRows == 0 ? ")" : ", chosen on the validation split)");
    }

    /**
     * Inputs standardized with the mean and deviation of the rows the model is fitted on (all training rows, or the
     * subset of a large table: the scaling is part of the model fitted, and on the bench's 16,000 × 784 table its two
     * passes over all rows cost 60 ms where the 2,551 fitted on cost 10); constant columns become 0.
     */
    record Standardized(float[][] x, double[] mean, double[] scale) {

        static Standardized of(float[][] x, int[] train) {
            if (train.length == 0 || x.length == 0 || x[0].length > MAX_INPUTS) {
                return null;
            }
            int d = x[0].length;
            double[] mean = new double[d];
            double[] scale = new double[d];
            for (int r : train) {
                for (int j = 0; j < d; j++) {
                    mean[j] += x[r][j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= train.length;
            }
            for (int r : train) {
                for (int j = 0; j < d; j++) {
                    double v = x[r][j] - mean[j];
                    scale[j] += v * v;
                }
            }
            for (int j = 0; j < d; j++) {
                double sd = Math.sqrt(scale[j] / train.length);
                scale[j] = sd > 1e-12 && Double.isFinite(sd) ? 1 / sd : 0;
            }
            return new Standardized(x, mean, scale);
        }

        int width() {
            return mean.length;
        }

        double[] row(int r) {
            return row(r, new double[mean.length]);
        }

        /** Row {@code r} standardized into {@code out}, which it returns. */
        double[] row(int r, double[] out) {
            float[] in = x[r];
            for (int j = 0; j < out.length; j++) {
                double v = (in[j] - mean[j]) * scale[j];
                out[j] = Double.isFinite(v) ? v : 0;
            }
            return out;
        }
    }
}
