package io.modelbench.engine.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hints an analyst gives on a first look at a table (issue 19): a column that repeats another (a class number
 * and its name, a port code and its town: each value of one goes with exactly one value of the other), a column
 * mostly empty (whatever fills it is a guess for most rows), and impossible values (zero or negative in a column
 * whose name says size, age, weight, price and the like: usually a missing value written as 0). Each with the
 * suggested action. Plain Java over the typed column store; one pass per column, one per pair of columns with few
 * distinct values.
 */
public final class QualityHints {

    /** Share of empty cells from which a column is called mostly missing. */
    public static final double MOSTLY_MISSING = 0.5;
    /** Pairs are compared only when both columns have at most this many distinct values (codes, names, classes). */
    static final int MAX_DISTINCT_FOR_PAIRS = 1_000;
    private static final Pattern MEASURE = Pattern.compile(
            "(^|[_\\s.-])(size|area|length|width|height|depth|weight|mass|age|price|cost|volume|sqft|surface|bmi|rooms?)($|[_\\s.-])");

    /** One hint: the column(s), what is wrong, and what to do. */
    public record Hint(String column, String problem, String action) {
        @Override
        public String toString() {
            return column + ": " + problem + "; " + action;
        }
    }

    private QualityHints() {
    }

    public static List<Hint> of(Table table) {
        List<Hint> hints = new ArrayList<>();
        int rows = table.rowCount();
        if (rows == 0) {
            return hints;
        }
        for (int c = 0; c < table.columnCount(); c++) {
            String name = table.columns().get(c);
            int missing = 0;
            int impossible = 0;
            for (int r = 0; r < rows; r++) {
                if (table.isMissing(r, c)) {
                    missing++;
                } else if (table.number(r, c) <= 0) {
                    impossible++;
                }
            }
            if (missing >= MOSTLY_MISSING * rows) {
                hints.add(new Hint(name, String.format(Locale.ROOT, "%.0f %% of its cells are empty (%d of %d)", 100.0 * missing / rows,
                        missing, rows), "leave it out (--ignore " + name + ", or its role on the Data page), or add a column that says whether it was filled"));
            }
            if (impossible > 0 && MEASURE.matcher(name.toLowerCase(Locale.ROOT)).find()) {
                hints.add(new Hint(name, impossible + " row(s) hold 0 or less, which a " + name + " cannot be",
                        "they are probably missing values: empty those cells (they are then filled from the training rows) or drop the rows"));
            }
        }
        duplicates(table, hints);
        return hints;
    }

    /** Pairs of columns whose values go one to one (at least 2 distinct values): one of them adds nothing. */
    private static void duplicates(Table table, List<Hint> hints) {
        int n = table.columnCount();
        int rows = table.rowCount();
        int[][] codes = new int[n][];
        int[] distinct = new int[n];
        for (int c = 0; c < n; c++) {
            Map<String, Integer> ids = new HashMap<>();
            int[] code = new int[rows];
            for (int r = 0; r < rows && ids.size() <= MAX_DISTINCT_FOR_PAIRS; r++) {
                String v = table.isMissing(r, c) ? "" : table.value(r, c);
                code[r] = ids.computeIfAbsent(v, k -> ids.size());
            }
            distinct[c] = ids.size();
            codes[c] = ids.size() <= MAX_DISTINCT_FOR_PAIRS && ids.size() >= 2 && ids.size() < rows ? code : null;
        }
        boolean[] reported = new boolean[n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (codes[a] == null || codes[b] == null || distinct[a] != distinct[b] || reported[b]) {
                    continue;
                }
                if (oneToOne(codes[a], codes[b], distinct[a])) {
                    reported[b] = true;
                    String first = table.columns().get(a);
                    String second = table.columns().get(b);
                    hints.add(new Hint(second, "repeats '" + first + "' (each value of one goes with exactly one value of the other)",
                            "keep one of them: leave out " + second + " (--ignore " + second + ", or its role on the Data page) or " + first
                                    + "; if one is the target, leave the other out: it gives the answer away"));
                }
            }
        }
    }

    private static boolean oneToOne(int[] a, int[] b, int k) {
        int[] forward = new int[k];
        java.util.Arrays.fill(forward, -1);
        for (int r = 0; r < a.length; r++) {
            if (forward[a[r]] == -1) {
                forward[a[r]] = b[r];
            } else if (forward[a[r]] != b[r]) {
                return false;
            }
        }
        return true;   // a function with as many values as its image (same distinct counts): a bijection
    }
}
