package io.modelbench.engine.eval;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ModelCard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warnings about test figures that may look better than the model is: a score at or near perfect (Titanic with its
 * {@code alive} column scored 1.000 without a word), test rows that are also training rows (the model is tested
 * on what it learned), and classes with no test rows at all (a class of one image: its figures are untested). They
 * travel in the model card's test metrics ({@link #WARNINGS}, {@link #SHARED_ROWS}), so the
 * command line, the report and the Evaluate page read the same words.
 */
public final class TrustNotes {

    /** Key in the card's test metrics: the warnings, a list of sentences. */
    public static final String WARNINGS = "warnings";
    /** Key in the card's test metrics: test rows whose inputs and target equal those of a training row. */
    public static final String SHARED_ROWS = "shared_train_test_rows";
    /** Accuracy or R² from which a test score is called near perfect. */
    public static final double NEAR_PERFECT = 0.99;

    private TrustNotes() {
    }

    /**
     * The test rows whose inputs (as the model sees them) and target equal those of some training row.
     *
     * @param classes class per row (classification), else null; {@code y} the target per row otherwise
     */
    public static int sharedRows(float[][] x, int[] classes, float[] y, int[] train, int[] test) {
        Map<Key, Boolean> seen = new HashMap<>();
        for (int r : train) {
            seen.put(new Key(x[r], target(classes, y, r)), Boolean.TRUE);
        }
        int shared = 0;
        for (int r : test) {
            if (seen.containsKey(new Key(x[r], target(classes, y, r)))) {
                shared++;
            }
        }
        return shared;
    }

    private static float target(int[] classes, float[] y, int r) {
        return classes != null ? classes[r] : y[r];
    }

    /** The warnings for these test figures and that many test rows shared with training; empty when none apply. */
    public static List<String> warnings(EvaluationResult test, int sharedRows) {
        List<String> out = new ArrayList<>();
        String perfect = null;
        if (test instanceof EvaluationResult.Classification c && c.rows() > 0 && c.accuracy() >= NEAR_PERFECT) {
            perfect = String.format(java.util.Locale.ROOT, "test accuracy %.3f", c.accuracy());
        } else if (test instanceof EvaluationResult.Regression r && r.rows() > 0 && r.r2() >= NEAR_PERFECT) {
            perfect = String.format(java.util.Locale.ROOT, "test R² %.3f", r.r2());
        }
        if (perfect != null) {
            out.add(perfect + " is at or near perfect: check that no input is the target in another form (a leak)"
                    + " and that the test rows are not copies of training rows");
        }
        if (test instanceof EvaluationResult.Classification c && c.rows() > 0) {
            // a class with a single image gets no test row: its support 0 went by without a word (issue 18)
            List<String> untested = c.perClass().stream().filter(m -> m.support() == 0).map(m -> "'" + m.label() + "'").toList();
            if (!untested.isEmpty()) {
                String names = String.join(", ", untested.subList(0, Math.min(5, untested.size())))
                        + (untested.size() > 5 ? " and " + (untested.size() - 5) + " more" : "");
                out.add((untested.size() == 1 ? "class " + names + " has" : untested.size() + " classes (" + names + ") have")
                        + " no test rows: nothing tells how well " + (untested.size() == 1 ? "it is" : "they are")
                        + " predicted; add more rows or images of " + (untested.size() == 1 ? "it" : "them") + " (a class"
                        + " needs a few to have one set aside for testing)");
            }
        }
        if (sharedRows > 0) {
            out.add(sharedRows + " of " + test.rows() + " test rows also appear among the training rows (same inputs and target):"
                    + " the test figures flatter the model; remove duplicate rows for a fair test");
        }
        return out;
    }

    /** The test metrics with the warnings and the shared-row count added. */
    public static Map<String, Object> withNotes(Map<String, Object> metrics, EvaluationResult test, int sharedRows) {
        Map<String, Object> m = new LinkedHashMap<>(metrics);
        m.put(SHARED_ROWS, sharedRows);
        m.put(WARNINGS, warnings(test, sharedRows));
        return m;
    }

    /** The warnings recorded in a card (none for cards written before they existed). */
    public static List<String> warnings(ModelCard card) {
        Object w = card.testMetrics() == null ? null : card.testMetrics().get(WARNINGS);
        if (!(w instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }

    /** Test rows shared with training recorded in a card, or -1 when it has no count. */
    public static int sharedRows(ModelCard card) {
        Object n = card.testMetrics() == null ? null : card.testMetrics().get(SHARED_ROWS);
        return n instanceof Number k ? k.intValue() : -1;
    }

    /**
     * A row's inputs and target, compared by value; the hash computed once, over four interleaved sums so that the
     * multiplications do not wait on each other ({@code Arrays.hashCode} chains one per value: 16,000 rows × 784
     * inputs took 0.15–0.4 s on the busy 2-core build machine, issue 17).
     */
    private record Key(float[] x, float target, int hash) {
        Key(float[] x, float target) {
            this(x, target, hash(x, target));
        }

        private static int hash(float[] x, float target) {
            int a = 1;
            int b = 2;
            int c = 3;
            int d = 4;
            int j = 0;
            for (; j + 3 < x.length; j += 4) {
                a = 31 * a + Float.floatToIntBits(x[j]);
                b = 31 * b + Float.floatToIntBits(x[j + 1]);
                c = 31 * c + Float.floatToIntBits(x[j + 2]);
                d = 31 * d + Float.floatToIntBits(x[j + 3]);
            }
            for (; j < x.length; j++) {
                a = 31 * a + Float.floatToIntBits(x[j]);
            }
            return ((a * 31 + b) * 31 + c) * 31 + d + 0x9E3779B9 * Float.floatToIntBits(target);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Float.compare(k.target, target) == 0 && Arrays.equals(k.x, x);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
