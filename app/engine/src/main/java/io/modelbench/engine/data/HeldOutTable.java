package io.modelbench.engine.data;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A separate test file for a run ({@code train --test-data}, issue 19): a user who already holds one should not lose a
 * fifth of the training file to a test split. The test table must have the training table's columns (in any order);
 * its rows are appended after the training rows, in the training table's column order, so the split takes them as the
 * test split ({@code SplitSettings.withHeldOutRows}) and the encoding (fill values, categories, scaling) is fitted on the
 * training rows only, exactly as for a held-out fraction. Each test row keeps its own line number.
 */
public final class HeldOutTable {

    private HeldOutTable() {
    }

    /**
     * The training rows followed by the test rows; an {@code InputException} naming the test file when a column is
     * missing or extra.
     */
    public static Table append(Table train, Table test) {
        List<String> missing = train.columns().stream().filter(c -> !test.columns().contains(c)).toList();
        List<String> extra = test.columns().stream().filter(c -> !train.columns().contains(c)).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw InputException.file(test.source(), "does not have the training table's columns"
                            + (missing.isEmpty() ? "" : ": it lacks " + String.join(", ", missing))
                            + (extra.isEmpty() ? "" : (missing.isEmpty() ? ": " : "; ") + "it has " + String.join(", ", extra) + " besides"),
                    "give a test file with the same header as " + train.source());
        }
        if (test.rowCount() == 0) {
            throw InputException.file(test.source(), "has no rows", "give a test file with rows");
        }
        int[] order = train.columns().stream().mapToInt(test::indexOf).toArray();
        int n = train.rowCount() + test.rowCount();
        List<String[]> rows = new ArrayList<>(n);
        long[] lines = new long[n];
        for (int r = 0; r < train.rowCount(); r++) {
            rows.add(train.row(r));
            lines[r] = train.line(r);
        }
        for (int r = 0; r < test.rowCount(); r++) {
            String[] cells = new String[order.length];
            for (int c = 0; c < order.length; c++) {
                cells[c] = test.value(r, order[c]);
            }
            rows.add(cells);
            lines[train.rowCount() + r] = test.line(r);
        }
        return new Table(train.source() + " + test " + test.source(), train.columns(), rows, lines, sha256(train, test));
    }

    /**
     * Checks the test table against the schema worked out on the training table: every number input (and a
     * regression target) must be a number or missing in each test row; an {@code InputException} naming the test file,
     * line and column otherwise, so a bad cell is not reported under the training file's name.
     */
    public static void check(Table test, DataSchema schema) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < schema.featureColumns().size(); i++) {
            if (schema.featureTypes().get(i).isNumber()) {
                numbers.add(schema.featureColumns().get(i));
            }
        }
        if (schema.task() == TaskType.REGRESSION) {
            numbers.add(schema.targetColumn());
        }
        for (String column : numbers) {
            int c = test.indexOf(column);
            for (int r = 0; r < test.rowCount(); r++) {
                if (!test.isMissing(r, c) && Double.isNaN(test.number(r, c))) {
                    throw InputException.cell(test.source(), test.line(r), column, "'" + test.value(r, c)
                            + "' is not a number, and the column holds numbers in the training table", "correct the cell or leave it empty");
                }
            }
        }
    }

    private static String sha256(Table train, Table test) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(String.valueOf(train.sha256()).getBytes(StandardCharsets.UTF_8));
            d.update((byte) '+');
            d.update(String.valueOf(test.sha256()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
