package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds input columns that alone predict the target almost perfectly on the training rows: the target spelled
 * differently (Titanic's {@code alive} is {@code survived} as yes/no), or a number recorded after the fact. A
 * network trained with such a column scores 1.000 and is useless on new data, with no word of warning; so these
 * columns are left out by default, with {@link #REASON} shown as the reason, and the user can put them back.
 *
 * <p>A column leaks when a one-column model fitted on the training rows scores at least {@link #THRESHOLD}:
 * <ul>
 *   <li>classification: each value mapped to its most frequent class (missing is a value), provided the values are
 *       few enough to be learned (on average at least {@value #ROWS_PER_VALUE} rows each); for a number column also
 *       one threshold with the most frequent class on each side;</li>
 *   <li>regression: |Pearson correlation| of a number column with the target, or, for a column of few values, the
 *       share of the target's variance that each value's mean explains (η²).</li>
 * </ul>
 * Tables with fewer than {@value #MIN_ROWS} training rows are not checked: a perfect column there says little.
 */
public final class LeakCheck {

    /** The reason shown for a column left out by this check. */
    public static final String REASON = "predicts the target alone: a leak?";
    public static final double THRESHOLD = 0.99;
    static final int MIN_ROWS = 30;
    static final int ROWS_PER_VALUE = 5;

    private LeakCheck() {
    }

    /**
     * The schema without the input columns that leak on the training rows {@code train} of {@code table}, each one
     * in its left-out columns with {@link #REASON}; the columns in {@code keep} stay inputs whatever they score.
     *
     * @param classes class index per row of {@code table} (classification), else null
     * @param targets target per row (regression), else null
     */
    public static DataSchema apply(Table table, DataSchema schema, int[] train, int[] classes, float[] targets,
                                   Collection<String> keep) {
        List<String> leaking = leaking(table, schema, train, classes, targets, keep);
        if (leaking.isEmpty()) {
            return schema;
        }
        List<String> features = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        Map<String, String> left = new LinkedHashMap<>(schema.ignoredColumns());
        for (int f = 0; f < schema.featureColumns().size(); f++) {
            String name = schema.featureColumns().get(f);
            ColumnType type = schema.featureTypes().get(f);
            if (leaking.contains(name)) {
                left.put(name, REASON);
            } else {
                features.add(name);
                types.add(type);
            }
        }
        if (features.size() == schema.featureColumns().size()) {
            return schema;
        }
        if (features.isEmpty()) {
            String names = String.join(",", schema.featureColumns());
            throw InputException.column(table.source(), names, "every input column predicts the target '"
                    + schema.targetColumn() + "' alone (a leak?)", "leave it out, or use it anyway with --keep " + names);
        }
        return new DataSchema(features, types, schema.targetColumn(), schema.task(), schema.labels(), left);
    }

    /**
     * The input columns of {@code schema} that leak on the rows {@code train} (none when they are fewer than
     * {@value #MIN_ROWS}), in the schema's order, leaving out those in {@code keep}. The Data page asks this before
     * training (on every row with a target) to show these columns left out with {@link #REASON}.
     */
    public static List<String> leaking(Table table, DataSchema schema, int[] train, int[] classes, float[] targets,
                                       Collection<String> keep) {
        List<String> out = new ArrayList<>();
        if (train.length < MIN_ROWS) {
            return out;
        }
        for (int f = 0; f < schema.featureColumns().size(); f++) {
            String name = schema.featureColumns().get(f);
            ColumnType type = schema.featureTypes().get(f);
            int c = table.indexOf(name);
            if (!keep.contains(name) && (schema.task() == TaskType.CLASSIFICATION
                    ? classificationScore(table, c, type, train, classes, schema.labels().size())
                    : regressionScore(table, c, type, train, targets)) >= THRESHOLD) {
                out.add(name);
            }
        }
        return out;
    }

    /** The best accuracy of a one-column model of column {@code c} on the training rows. */
    static double classificationScore(Table table, int c, ColumnType type, int[] train, int[] classes, int k) {
        double best = mappingAccuracy(table, c, train, classes, k);
        if (type.isNumber()) {
            best = Math.max(best, stumpAccuracy(table, c, train, classes, k));
        }
        return best;
    }

    /** Each value mapped to its most frequent class; 0 when the values are too many to be learned from the rows. */
    private static double mappingAccuracy(Table table, int c, int[] train, int[] classes, int k) {
        Map<String, int[]> counts = new HashMap<>();
        for (int r : train) {
            String key = table.isMissing(r, c) ? "" : table.value(r, c).trim();
            counts.computeIfAbsent(key, x -> new int[k])[classes[r]]++;
            if (counts.size() * ROWS_PER_VALUE > train.length) {
                return 0;
            }
        }
        long right = 0;
        for (int[] n : counts.values()) {
            right += Arrays.stream(n).max().orElse(0);
        }
        return right / (double) train.length;
    }

    /** One threshold on the number, each side predicting its most frequent class; rows without a number count as wrong. */
    private static double stumpAccuracy(Table table, int c, int[] train, int[] classes, int k) {
        int n = 0;
        double[] v = new double[train.length];
        int[] cls = new int[train.length];
        Integer[] order = new Integer[train.length];
        for (int r : train) {
            double d = table.number(r, c);
            if (d == d) {
                v[n] = d;
                cls[n] = classes[r];
                order[n] = n;
                n++;
            }
        }
        if (n < train.length / 2) {
            return 0;
        }
        Integer[] sorted = Arrays.copyOf(order, n);
        Arrays.sort(sorted, (a, b) -> Double.compare(v[a], v[b]));
        int[] below = new int[k];
        int[] above = new int[k];
        for (int i = 0; i < n; i++) {
            above[cls[i]]++;
        }
        int best = max(above);
        for (int i = 0; i < n - 1; i++) {
            int row = sorted[i];
            below[cls[row]]++;
            above[cls[row]]--;
            if (v[sorted[i + 1]] != v[row]) {
                best = Math.max(best, max(below) + max(above));
            }
        }
        return best / (double) train.length;
    }

    /** |correlation| for a number column, η² for a column of few values; the higher of those that apply. */
    static double regressionScore(Table table, int c, ColumnType type, int[] train, float[] targets) {
        double best = 0;
        if (type.isNumber()) {
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            int n = 0;
            for (int r : train) {
                double x = table.number(r, c);
                if (x == x) {
                    double y = targets[r];
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    syy += y * y;
                    sxy += x * y;
                    n++;
                }
            }
            double vx = n * sxx - sx * sx;
            double vy = n * syy - sy * sy;
            if (n >= train.length / 2 && vx > 0 && vy > 0) {
                best = Math.abs((n * sxy - sx * sy) / Math.sqrt(vx * vy));
            }
        }
        Map<String, double[]> groups = new HashMap<>(); // sum, count
        double mean = 0;
        for (int r : train) {
            String key = table.isMissing(r, c) ? "" : table.value(r, c).trim();
            double[] g = groups.computeIfAbsent(key, x -> new double[2]);
            g[0] += targets[r];
            g[1]++;
            mean += targets[r];
            if (groups.size() * ROWS_PER_VALUE > train.length) {
                return best;
            }
        }
        mean /= train.length;
        double total = 0;
        for (int r : train) {
            total += (targets[r] - mean) * (targets[r] - mean);
        }
        double between = 0;
        for (double[] g : groups.values()) {
            double m = g[0] / g[1];
            between += g[1] * (m - mean) * (m - mean);
        }
        return total > 0 ? Math.max(best, between / total) : best;
    }

    private static int max(int[] a) {
        int m = 0;
        for (int x : a) {
            m = Math.max(m, x);
        }
        return m;
    }
}
