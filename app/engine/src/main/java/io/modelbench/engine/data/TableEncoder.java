package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Works out what a model learns from a table: the target, the task, the labels, which columns are inputs
 * (with their types) and which are left out and why. Checks every input cell it will need as a number.
 */
public final class TableEncoder {

    /** A whole-number target with at most this many distinct values is taken as class labels. */
    public static final int MAX_CLASSES_FOR_NUMERIC_TARGET = 20;

    private TableEncoder() {
    }

    public static DataSchema inferSchema(Table table, String target, TaskType task, Collection<String> ignore) {
        return inferSchema(table, target, task, ignore, PreparationSettings.defaults());
    }

    /**
     * The target must exist; every other column not in {@code ignore} is an input unless its profile says it
     * is an identifier, free text, all missing or constant (and its type was not set by the user); the task is
     * {@code task} or, when null, inferred from the target's type.
     */
    public static DataSchema inferSchema(Table table, String target, TaskType task, Collection<String> ignore,
                                         PreparationSettings prep) {
        requireColumn(table, target);
        for (String name : ignore) {
            requireColumn(table, name);
        }
        return inferSchema(table, TableProfiler.profile(table, prep.types()), target, task, ignore, prep);
    }

    /**
     * As {@link #inferSchema(Table, String, TaskType, Collection, PreparationSettings)} from profiles made already:
     * {@code profiles} must be {@code TableProfiler.profile(table, prep.types())} (what {@link TableDataset} keeps),
     * so the table is not profiled again; the result is the same.
     */
    public static DataSchema inferSchema(Table table, List<ColumnProfile> profiles, String target, TaskType task,
                                         Collection<String> ignore, PreparationSettings prep) {
        int t = requireColumn(table, target);
        String targetName = table.columns().get(t);
        if (table.rowCount() < 2) {
            // one row makes every column look constant: say what is wrong, not "no usable input columns" (issue 18)
            throw InputException.file(table.source(), "has only " + table.rowCount() + " data row: too few rows to train on",
                    "add data rows (a model needs many rows: at least a few per class)");
        }
        Set<String> ignored = new HashSet<>();
        for (String name : ignore) {
            ignored.add(table.columns().get(requireColumn(table, name)));
        }
        List<String> features = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        Map<String, String> left = new LinkedHashMap<>();
        for (ColumnProfile p : profiles) {
            if (p.name().equals(targetName)) {
                continue;
            }
            if (ignored.contains(p.name())) {
                left.put(p.name(), "ignored by request");
            } else if (p.type() == ColumnType.TEXT) {
                left.put(p.name(), p.note().isEmpty() ? "text" : p.note());
            } else if (!p.usableAsFeature() && !prep.types().containsKey(p.name())) {
                left.put(p.name(), p.note());
            } else {
                features.add(p.name());
                types.add(p.type());
            }
        }
        if (features.isEmpty()) {
            throw InputException.file(table.source(), "has no usable input columns besides the target '" + targetName + "'"
                            + (left.isEmpty() ? "" : " (left out: " + describe(left) + ")"),
                    "use a table with at least one numeric, boolean or categorical column");
        }
        ColumnProfile tp = profiles.get(t);
        TaskType resolved = task != null ? task : inferTask(tp);
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
                if (Double.isNaN(table.number(r, t)) && !table.isMissing(r, t)) {
                    throw InputException.cell(table.source(), table.line(r), targetName,
                            "'" + abbreviate(table.value(r, t)) + "' is not a number", "fix the value, or choose the classification task");
                }
            }
        }
        for (int f = 0; f < features.size(); f++) {
            if (types.get(f).isNumber()) {
                int c = table.indexOf(features.get(f));
                for (int r = 0; r < table.rowCount(); r++) {
                    numberOrNaN(table, r, c);
                }
            }
        }
        DataSchema schema = new DataSchema(features, types, targetName, resolved, labels, left);
        CategoryLimits.check(table, schema);
        return schema;
    }

    private static String describe(Map<String, String> left) {
        List<String> parts = new ArrayList<>();
        left.forEach((k, v) -> parts.add(k + ": " + v));
        return String.join(", ", parts);
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

    static TaskType inferTask(ColumnProfile target) {
        return switch (target.type()) {
            case NUMERIC -> TaskType.REGRESSION;
            case INTEGER -> target.distinct() <= MAX_CLASSES_FOR_NUMERIC_TARGET ? TaskType.CLASSIFICATION : TaskType.REGRESSION;
            default -> TaskType.CLASSIFICATION;
        };
    }

    /** The target's distinct present values, numerically sorted if all are numbers, else alphabetically. */
    static List<String> labels(Table table, int column) {
        Set<String> values = new HashSet<>();
        boolean numeric = true;
        Column col = table.column(column);
        Column.Dictionary dict = col.dictionary();
        NumberKeys numbers = new NumberKeys(); // number cells by their text's (bits, decimals): texts made once each
        boolean[] seen = new boolean[dict.size()];
        for (int r = 0; r < table.rowCount(); r++) {
            long b = col.bits(r);
            if (Column.isCode(b)) {
                int e = Column.code(b);
                if (!seen[e] && !dict.missing[e]) {
                    values.add(dict.text[e].trim());
                    numeric &= !Double.isNaN(dict.number[e]);
                }
                seen[e] = true;
            } else {
                numbers.getOrAdd(b, col.scale(r), true);
            }
        }
        for (int k = 0; k < numbers.size(); k++) {
            values.add(numbers.text(k));
        }
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        TreeSet<String> sorted = new TreeSet<>(order);
        sorted.addAll(values);
        return List.copyOf(sorted);
    }

    /** Whether the row's target is missing (such rows are left out of training and evaluation). */
    public static boolean targetMissing(Table table, int row, int targetColumn) {
        return table.isMissing(row, targetColumn);
    }

    /**
     * Feature matrix of all-numeric inputs [rows][features] in the schema's column order, by column name
     * (for data that is numbers already; tables with other column types go through {@link FeatureEncoder}).
     */
    public static float[][] features(Table table, DataSchema schema) {
        return FeatureEncoder.numeric(schema.featureColumns()).encode(table);
    }

    /** Class index per row, in the order of the schema's labels; an error for a missing or unknown class. */
    public static int[] classIndices(Table table, DataSchema schema) {
        int t = requireColumn(table, schema.targetColumn());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < schema.labels().size(); i++) {
            index.put(schema.labels().get(i), i);
        }
        int[] y = new int[table.rowCount()];
        Column col = table.column(t);
        int[] byEntry = new int[col.dictionary().size()]; // class + 1 per dictionary entry, 0 = not looked up yet
        NumberKeys numbers = new NumberKeys();
        int[] byNumber = new int[16];
        for (int r = 0; r < y.length; r++) {
            long b = col.bits(r);
            int known;
            if (Column.isCode(b)) {
                known = byEntry[Column.code(b)];
            } else {
                int id = numbers.getOrAdd(b, col.scale(r), true);
                if (id == byNumber.length) {
                    byNumber = java.util.Arrays.copyOf(byNumber, id * 2);
                }
                known = byNumber[id];
            }
            if (known > 0) {
                y[r] = known - 1;
                continue;
            }
            String v = table.value(r, t);
            v = v == null ? null : v.trim();
            Integer k = index.get(v);
            if (k != null) {
                if (Column.isCode(b)) {
                    byEntry[Column.code(b)] = k + 1;
                } else {
                    byNumber[numbers.get(b, col.scale(r))] = k + 1;
                }
            }
            if (k == null) {
                throw InputException.cell(table.source(), table.line(r), schema.targetColumn(),
                        Values.isMissing(v) ? "the target value is missing" : "'" + v + "' is not one of the model's classes",
                        "the model knows: " + String.join(", ", schema.labels()));
            }
            y[r] = k;
        }
        return y;
    }

    /** Target value per row (regression); an error for a missing or non-numeric value. */
    public static float[] targets(Table table, DataSchema schema) {
        int t = requireColumn(table, schema.targetColumn());
        float[] y = new float[table.rowCount()];
        for (int r = 0; r < y.length; r++) {
            double d = numberOrNaN(table, r, t);
            if (Double.isNaN(d)) {
                throw InputException.cell(table.source(), table.line(r), schema.targetColumn(),
                        "the target value is missing", "fill in the value or delete the row");
            }
            y[r] = (float) d;
        }
        return y;
    }

    /** The cell as a number, null when missing; an error naming the cell when it is text. */
    static Double number(Table table, int row, int column) {
        double d = numberOrNaN(table, row, column);
        return Double.isNaN(d) ? null : d;
    }

    /** The cell as a number, NaN when missing; an error naming the cell when it is text. Parses nothing. */
    static double numberOrNaN(Table table, int row, int column) {
        double d = table.number(row, column);
        if (Double.isNaN(d) && !table.isMissing(row, column)) {
            throw InputException.cell(table.source(), table.line(row), table.columns().get(column),
                    "'" + abbreviate(table.value(row, column).trim()) + "' is not a number",
                    "fix the value, leave it empty if it is missing, or leave the column out (--ignore on the command line)");
        }
        return d;
    }

    static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 37) + "...";
    }
}
