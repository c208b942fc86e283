package io.modelbench.engine.data;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns a table into numbers: infers the schema, reads feature values and targets, with clear errors. */
public final class TableEncoder {

    /** A numeric target with at most this many distinct whole values is taken as class labels. */
    public static final int MAX_CLASSES_FOR_NUMERIC_TARGET = 20;

    private static final Set<String> MISSING = Set.of("", "na", "n/a", "?", "nan", "null", "none", "-");

    private TableEncoder() {
    }

    /**
     * Works out the schema for training: the target must exist; every other column not in {@code ignore} is a
     * feature and must be numeric; the task is {@code task} or, when null, inferred from the target.
     */
    public static DataSchema inferSchema(Table table, String target, TaskType task, Collection<String> ignore) {
        int t = requireColumn(table, target);
        String targetName = table.columns().get(t);
        Set<String> ignored = new HashSet<>();
        for (String name : ignore) {
            ignored.add(table.columns().get(requireColumn(table, name)));
        }
        List<String> features = new ArrayList<>();
        for (String c : table.columns()) {
            if (!c.equals(targetName) && !ignored.contains(c)) {
                features.add(c);
            }
        }
        if (features.isEmpty()) {
            throw InputException.file(table.source(), "has no input columns besides the target '" + targetName + "'",
                    "use a table with at least one feature column");
        }
        for (String f : features) {
            int c = table.indexOf(f);
            for (int r = 0; r < table.rowCount(); r++) {
                number(table, r, c, "feature");
            }
        }
        TaskType resolved = task != null ? task : inferTask(table, t);
        List<String> labels = List.of();
        if (resolved == TaskType.CLASSIFICATION) {
            labels = labels(table, t);
            if (labels.size() < 2) {
                throw InputException.column(table.source(), targetName,
                        "the target has only one class ('" + (labels.isEmpty() ? "" : labels.get(0)) + "')",
                        "choose a target column with at least two different values");
            }
            if (labels.size() > table.rowCount() / 2) {
                throw InputException.column(table.source(), targetName,
                        "the target has " + labels.size() + " classes for " + table.rowCount() + " rows",
                        "choose a column with fewer classes, or use --task regression if it is a number");
            }
        } else {
            for (int r = 0; r < table.rowCount(); r++) {
                number(table, r, t, "target");
            }
        }
        return new DataSchema(features, targetName, resolved, labels);
    }

    /** The column's index; an error naming the available columns when it is not there. */
    public static int requireColumn(Table table, String column) {
        int i = table.indexOf(column);
        if (i < 0) {
            throw InputException.column(table.source(), column, "there is no such column",
                    "choose one of: " + String.join(", ", table.columns()));
        }
        return i;
    }

    static TaskType inferTask(Table table, int column) {
        Set<Double> distinct = new HashSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column).trim();
            Double d = parse(v);
            if (d == null) {
                return TaskType.CLASSIFICATION;
            }
            if (d != Math.rint(d)) {
                return TaskType.REGRESSION;
            }
            distinct.add(d);
        }
        return distinct.size() <= MAX_CLASSES_FOR_NUMERIC_TARGET ? TaskType.CLASSIFICATION : TaskType.REGRESSION;
    }

    /** The target's distinct values, numerically sorted if all are numbers, else alphabetically. */
    static List<String> labels(Table table, int column) {
        Set<String> values = new HashSet<>();
        boolean numeric = true;
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column).trim();
            if (isMissing(v)) {
                throw InputException.cell(table.source(), table.line(r), table.columns().get(column),
                        "the target value is missing", "fill in the value or delete the row");
            }
            values.add(v);
            numeric &= parse(v) != null;
        }
        Comparator<String> order = numeric
                ? Comparator.comparingDouble(Double::parseDouble)
                : Comparator.naturalOrder();
        TreeSet<String> sorted = new TreeSet<>(order);
        sorted.addAll(values);
        return List.copyOf(sorted);
    }

    /** Feature matrix [rows][features] in the schema's column order, taken from the table by column name. */
    public static float[][] features(Table table, DataSchema schema) {
        int[] idx = new int[schema.inputCount()];
        for (int f = 0; f < idx.length; f++) {
            idx[f] = table.indexOf(schema.featureColumns().get(f));
            if (idx[f] < 0) {
                throw InputException.column(table.source(), schema.featureColumns().get(f),
                        "the model needs this column but the file does not have it",
                        "use a file with the columns the model was trained on: " + String.join(", ", schema.featureColumns()));
            }
        }
        float[][] x = new float[table.rowCount()][idx.length];
        for (int r = 0; r < x.length; r++) {
            for (int f = 0; f < idx.length; f++) {
                x[r][f] = (float) number(table, r, idx[f], "feature");
            }
        }
        return x;
    }

    /** Class index per row, in the order of the schema's labels. */
    public static int[] classIndices(Table table, DataSchema schema) {
        int t = requireColumn(table, schema.targetColumn());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < schema.labels().size(); i++) {
            index.put(schema.labels().get(i), i);
        }
        int[] y = new int[table.rowCount()];
        for (int r = 0; r < y.length; r++) {
            String v = table.value(r, t).trim();
            Integer k = index.get(v);
            if (k == null) {
                throw InputException.cell(table.source(), table.line(r), schema.targetColumn(),
                        isMissing(v) ? "the target value is missing" : "'" + v + "' is not one of the model's classes",
                        "the model knows: " + String.join(", ", schema.labels()));
            }
            y[r] = k;
        }
        return y;
    }

    /** Target value per row (regression). */
    public static float[] targets(Table table, DataSchema schema) {
        int t = requireColumn(table, schema.targetColumn());
        float[] y = new float[table.rowCount()];
        for (int r = 0; r < y.length; r++) {
            y[r] = (float) number(table, r, t, "target");
        }
        return y;
    }

    private static double number(Table table, int row, int column, String role) {
        String v = table.value(row, column).trim();
        if (isMissing(v)) {
            throw InputException.cell(table.source(), table.line(row), table.columns().get(column),
                    "the " + role + " value is missing", "fill in the value or delete the row");
        }
        Double d = parse(v);
        if (d == null) {
            throw InputException.cell(table.source(), table.line(row), table.columns().get(column),
                    "'" + abbreviate(v) + "' is not a number",
                    role.equals("feature")
                            ? "input columns must be numeric: fix the value, or leave the column out (--ignore on the command line)"
                            : "fix the value, or choose the classification task");
        }
        return d;
    }

    static boolean isMissing(String v) {
        return MISSING.contains(v.toLowerCase(Locale.ROOT));
    }

    /** A finite decimal number, or null. Rejects hex, NaN, Infinity and Java suffixes such as "1f". */
    static Double parse(String v) {
        if (v.isEmpty()) {
            return null;
        }
        char last = v.charAt(v.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 37) + "...";
    }
}
