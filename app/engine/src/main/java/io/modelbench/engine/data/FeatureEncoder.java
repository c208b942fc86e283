package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.PreparationSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns input columns into model inputs: numbers as they are, booleans as 0/1, categories one-hot; missing
 * values filled in. Fitted on the training rows only ({@link #fit}); rebuilt from a model card's
 * {@link EncodedColumn}s to encode new tables the same way ({@link #of}).
 */
public final class FeatureEncoder {

    /** At most this many categories per column get their own input; rarer ones encode as all zeros. */
    public static final int MAX_CATEGORIES = 100;

    private final List<EncodedColumn> columns;
    private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();
    private final int width;
    private int unseen;

    private FeatureEncoder(List<EncodedColumn> columns) {
        this.columns = List.copyOf(columns);
        int w = 0;
        for (EncodedColumn c : columns) {
            Map<String, Integer> idx = new HashMap<>();
            for (int i = 0; i < c.categories().size(); i++) {
                idx.put(c.categories().get(i), i);
            }
            categoryIndex.add(idx);
            w += c.inputs().size();
        }
        this.width = w;
    }

    public static FeatureEncoder of(List<EncodedColumn> columns) {
        return new FeatureEncoder(columns);
    }

    /** Numbers only, no missing values allowed (fill null): for data that is numbers already. */
    public static FeatureEncoder numeric(List<String> names) {
        List<EncodedColumn> cols = new ArrayList<>();
        for (String n : names) {
            cols.add(new EncodedColumn(n, "numeric", List.of(n), null, null, List.of(), "none"));
        }
        return new FeatureEncoder(cols);
    }

    /** Fits fill values and category lists on {@code trainRows} of the table. */
    public static FeatureEncoder fit(Table table, int[] trainRows, DataSchema schema, PreparationSettings prep) {
        List<EncodedColumn> cols = new ArrayList<>();
        for (int f = 0; f < schema.inputCount(); f++) {
            String name = schema.featureColumns().get(f);
            ColumnType type = schema.featureTypes().get(f);
            int c = TableEncoder.requireColumn(table, name);
            MissingStrategy m = prep.missingFor(name, type);
            if (type.isNumber()) {
                double[] v = presentNumbers(table, trainRows, c);
                Double fill = switch (m) {
                    case MEAN, DROP_ROW -> v.length == 0 ? 0.0 : Arrays.stream(v).average().orElse(0);
                    case MEDIAN -> median(v);
                    case MOST_FREQUENT -> mode(v);
                    case CONSTANT -> constantNumber(prep.constant(), name);
                };
                Double min = v.length == 0 ? null : Arrays.stream(v).min().getAsDouble();
                Double max = v.length == 0 ? null : Arrays.stream(v).max().getAsDouble();
                cols.add(new EncodedColumn(name, "numeric", List.of(name), fill, null, List.of(), m.id(), min, max));
            } else if (type == ColumnType.BOOLEAN) {
                int ones = 0;
                int present = 0;
                for (int r : trainRows) {
                    Boolean b = bool(table, r, c);
                    if (b != null) {
                        present++;
                        ones += b ? 1 : 0;
                    }
                }
                double fill = m == MissingStrategy.CONSTANT ? (Boolean.TRUE.equals(Values.bool(prep.constant())) ? 1 : 0)
                        : (ones * 2 >= present ? 1 : 0);
                cols.add(new EncodedColumn(name, "boolean", List.of(name), fill, null, List.of(), m.id()));
            } else {
                Map<String, Integer> counts = new HashMap<>();
                for (int r : trainRows) {
                    if (!table.isMissing(r, c)) {
                        counts.merge(table.value(r, c).trim(), 1, Integer::sum);
                    }
                }
                List<String> cats = counts.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                        .limit(MAX_CATEGORIES).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
                String fillCat = m == MissingStrategy.CONSTANT ? prep.constant() : (cats.isEmpty() ? null : cats.get(0));
                if (fillCat != null && !cats.contains(fillCat)) {
                    cats.add(fillCat);
                }
                List<String> inputs = cats.stream().map(k -> name + "=" + k).toList();
                cols.add(new EncodedColumn(name, "categorical", inputs, null, fillCat, cats, m.id()));
            }
        }
        return new FeatureEncoder(cols);
    }

    public List<EncodedColumn> columns() {
        return columns;
    }

    /** The names of the model's inputs, in order (a categorical column gives "column=value" per category). */
    public List<String> inputNames() {
        List<String> n = new ArrayList<>();
        columns.forEach(c -> n.addAll(c.inputs()));
        return n;
    }

    public int width() {
        return width;
    }

    /** How many cells held a category not seen in training (encoded as all zeros) in the last encode. */
    public int unseenCategories() {
        return unseen;
    }

    public float[][] encode(Table table) {
        int[] all = new int[table.rowCount()];
        Arrays.setAll(all, i -> i);
        return encode(table, all);
    }

    /** Encodes the given rows; columns are found by name; a text cell in a numeric column is an error. */
    public float[][] encode(Table table, int[] rows) {
        int[] idx = new int[columns.size()];
        for (int k = 0; k < idx.length; k++) {
            String name = columns.get(k).column();
            idx[k] = table.indexOf(name);
            if (idx[k] < 0) {
                throw InputException.column(table.source(), name, "the model needs this column but the file does not have it",
                        "use a file with the columns the model was trained on: "
                                + String.join(", ", columns.stream().map(EncodedColumn::column).toList()));
            }
        }
        unseen = 0;
        float[][] x = new float[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            int o = 0;
            for (int k = 0; k < idx.length; k++) {
                EncodedColumn col = columns.get(k);
                switch (col.kind()) {
                    case "numeric" -> {
                        double d = TableEncoder.numberOrNaN(table, r, idx[k]);
                        if (Double.isNaN(d)) {
                            if (col.fill() == null) {
                                throw InputException.cell(table.source(), table.line(r), col.column(),
                                        "the value is missing", "fill in the value or delete the row");
                            }
                            d = col.fill();
                        }
                        x[i][o++] = (float) d;
                    }
                    case "boolean" -> {
                        Boolean b = bool(table, r, idx[k]);
                        x[i][o++] = b == null ? col.fill().floatValue() : (b ? 1f : 0f);
                    }
                    default -> {
                        String key = table.isMissing(r, idx[k]) ? col.fillCategory() : table.value(r, idx[k]).trim();
                        Integer pos = key == null ? null : categoryIndex.get(k).get(key);
                        if (pos != null) {
                            x[i][o + pos] = 1f;
                        } else {
                            unseen++;
                        }
                        o += col.inputs().size();
                    }
                }
            }
        }
        return x;
    }

    private static Boolean bool(Table table, int r, int c) {
        if (table.isMissing(r, c)) {
            return null;
        }
        double n = table.number(r, c);
        if (!Double.isNaN(n)) { // the only numbers that are also yes/no words, "1" and "0", agree with n != 0
            return n != 0;
        }
        String v = table.value(r, c);
        Boolean b = Values.bool(v);
        if (b == null) {
            Double d = Values.number(v);
            if (d != null) {
                return d != 0;
            }
            throw InputException.cell(table.source(), table.line(r), table.columns().get(c),
                    "'" + TableEncoder.abbreviate(v.trim()) + "' is not a yes/no value",
                    "use true/false, yes/no or 1/0, or set the column's type to categorical");
        }
        return b;
    }

    private static double[] presentNumbers(Table table, int[] rows, int c) {
        double[] v = new double[rows.length];
        int n = 0;
        for (int r : rows) {
            double d = TableEncoder.numberOrNaN(table, r, c);
            if (!Double.isNaN(d)) {
                v[n++] = d;
            }
        }
        return Arrays.copyOf(v, n);
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double mode(double[] v) {
        Map<Double, Integer> counts = new HashMap<>();
        double best = 0;
        int bestCount = 0;
        for (double d : v) {
            int k = counts.merge(d, 1, Integer::sum);
            if (k > bestCount || (k == bestCount && d < best)) {
                best = d;
                bestCount = k;
            }
        }
        return best;
    }

    private static double constantNumber(String constant, String column) {
        Double d = Values.number(constant);
        if (d == null) {
            throw InputException.setting("missing constant for '" + column + "'", constant, "give a number for numeric columns");
        }
        return d;
    }
}
