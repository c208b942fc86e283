package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskType;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Caps on what becomes a class or a category, since each one is kept in the model card and shown on the pages: a
 * 10 MB cell in a category column became a class and a 20 MB line of JSON (issue 18). A class label or category may
 * have at most {@value #MAX_LENGTH} characters; a target at most {@value #MAX_CLASSES} classes; a categorical input
 * at most {@value #MAX_CATEGORIES} categories (one input each).
 */
public final class CategoryLimits {

    public static final int MAX_LENGTH = 1_000;
    public static final int MAX_CLASSES = 1_000;
    public static final int MAX_CATEGORIES = 5_000;

    private CategoryLimits() {
    }

    /** Checks the target's labels and every categorical input of the schema; an error naming the column or cell. */
    public static void check(Table table, DataSchema schema) {
        if (schema.task() == TaskType.CLASSIFICATION && schema.labels().size() > MAX_CLASSES) {
            throw InputException.column(table.source(), schema.targetColumn(), String.format(Locale.ROOT,
                            "the target has %,d classes (at most %,d)", schema.labels().size(), MAX_CLASSES),
                    "choose a target with fewer classes, or use --task regression if it is a number");
        }
        if (schema.task() == TaskType.CLASSIFICATION) {
            lengths(table, table.indexOf(schema.targetColumn()), "class label", "choose another target column");
        }
        for (int f = 0; f < schema.featureColumns().size(); f++) {
            if (schema.featureTypes().get(f) != ColumnType.CATEGORICAL) {
                continue;
            }
            String name = schema.featureColumns().get(f);
            int c = table.indexOf(name);
            lengths(table, c, "category", "fix the cell, or set the column's type to text to leave it out");
            Set<String> values = new HashSet<>();
            for (int r = 0; r < table.rowCount() && values.size() <= MAX_CATEGORIES; r++) {
                if (!table.isMissing(r, c)) {
                    values.add(table.value(r, c).trim());
                }
            }
            if (values.size() > MAX_CATEGORIES) {
                throw InputException.column(table.source(), name, String.format(Locale.ROOT,
                                "has more than %,d categories (one input each)", MAX_CATEGORIES),
                        "set its type to text to leave it out, or group its values");
            }
        }
    }

    private static void lengths(Table table, int c, String what, String fix) {
        for (int r = 0; r < table.rowCount(); r++) {
            if (!table.isMissing(r, c)) {
                int n = table.value(r, c).trim().length();
                if (n > MAX_LENGTH) {
                    throw InputException.cell(table.source(), table.line(r), table.columns().get(c), String.format(Locale.ROOT,
                            "a %s of %,d characters (at most %,d)", what, n, MAX_LENGTH), fix);
                }
            }
        }
    }
}
