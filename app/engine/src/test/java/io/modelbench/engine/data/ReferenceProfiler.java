package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The profiler as it was before the column store (commit f9f9826), reading every cell as text through
 * {@link Table#value}: the reference the new {@link TableProfiler} must agree with exactly.
 *
 * Infers each column's type and summarizes it. Rules, in order, on the non-missing values:
 * <ol>
 *   <li>none left: TEXT, "all values missing";</li>
 *   <li>at least 95 % are numbers: INTEGER if all are whole, else NUMERIC (exactly the values 0 and 1:
 *       BOOLEAN); whole numbers that are all different and count up by one, or sit in a column named like an
 *       id, are an "identifier" (TEXT). The few cells that are not numbers are errors when the column is
 *       used, reported with their line;</li>
 *   <li>all are boolean words (true/false, yes/no, y/n, t/f): BOOLEAN;</li>
 *   <li>more than 20 values, all different: TEXT, "identifier"; more than half different (or long
 *       sentences): TEXT, "free text";</li>
 *   <li>otherwise CATEGORICAL.</li>
 * </ol>
 * A column with one distinct value is marked "constant". Distinct values are counted up to
 * {@value #DISTINCT_CAP}.
 */
final class ReferenceProfiler {

    static final int DISTINCT_CAP = TableProfiler.DISTINCT_CAP;
    private static final int BINS = 20;
    private static final int TOP = 10;

    private ReferenceProfiler() {
    }

    static List<ColumnProfile> profile(Table table) {
        return profile(table, Map.of());
    }

    /** Profiles every column; {@code types} overrides the inferred type of the columns it names. */
    static List<ColumnProfile> profile(Table table, Map<String, ColumnType> types) {
        List<ColumnProfile> out = new ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            out.add(column(table, c, types.get(table.columns().get(c))));
        }
        return out;
    }

    static ColumnProfile column(Table table, int c, ColumnType override) {
        String name = table.columns().get(c);
        int rows = table.rowCount();
        int missing = 0;
        int numbers = 0;
        int booleans = 0;
        boolean whole = true;
        long lengthSum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        Map<String, Integer> counts = new HashMap<>();
        boolean capped = false;
        Set<Double> distinctNumbers = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            String v = table.value(r, c);
            if (Values.isMissing(v)) {
                missing++;
                continue;
            }
            String key = v.trim();
            lengthSum += key.length();
            Integer n = counts.get(key);
            if (n != null) {
                counts.put(key, n + 1);
            } else if (counts.size() < DISTINCT_CAP) {
                counts.put(key, 1);
            } else {
                capped = true;
            }
            Double d = Values.number(key);
            if (d != null) {
                numbers++;
                whole &= d == Math.rint(d);
                min = Math.min(min, d);
                max = Math.max(max, d);
                sum += d;
                if (distinctNumbers.size() < DISTINCT_CAP) {
                    distinctNumbers.add(d);
                }
            }
            if (booleans == present(r, missing) - 1 && Values.bool(key) != null) {
                booleans++;  // counted only while every value so far was a boolean word
            }
        }
        int present = rows - missing;
        int distinct = counts.size();
        ColumnType type;
        String note = "";
        if (present == 0) {
            type = ColumnType.TEXT;
            note = "all values missing";
        } else if (numbers >= 0.95 * present) {
            if (distinctNumbers.size() == 2 && distinctNumbers.contains(0.0) && distinctNumbers.contains(1.0)) {
                type = ColumnType.BOOLEAN;
            } else {
                type = whole ? ColumnType.INTEGER : ColumnType.NUMERIC;
                distinct = distinctNumbers.size();
                if (whole && numbers == present && present > 20 && distinct == present
                        && (looksLikeIdName(name) || max - min == present - 1)) {
                    type = ColumnType.TEXT;
                    note = "identifier";
                }
            }
        } else if (booleans == present && distinct <= 2) {
            type = ColumnType.BOOLEAN;
        } else if (present > 20 && distinct == present) {
            type = ColumnType.TEXT;
            note = "identifier";
        } else if (present > 20 && (distinct > present / 2 || (lengthSum / (double) present > 40 && distinct > present / 5))) {
            type = ColumnType.TEXT;
            note = "free text";
        } else {
            type = ColumnType.CATEGORICAL;
        }
        if (note.isEmpty() && distinct == 1) {
            note = "constant";
        }
        if (override != null) {
            type = override;
            note = override == ColumnType.TEXT && note.isEmpty() ? "set to text" : "";
        }
        boolean numeric = type.isNumber() && numbers > 0;
        int[] histogram = numeric ? histogram(table, c, min, max) : new int[0];
        List<ColumnProfile.ValueCount> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> new ColumnProfile.ValueCount(e.getKey(), e.getValue())).toList();
        return new ColumnProfile(name, type, missing, capped ? DISTINCT_CAP : distinct,
                numeric ? min : null, numeric ? max : null, numeric ? sum / numbers : null, top, histogram, note);
    }

    /** Non-missing values seen up to and including row r. */
    private static int present(int r, int missing) {
        return r + 1 - missing;
    }

    private static boolean looksLikeIdName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("id") || n.endsWith("_id") || n.endsWith(" id") || n.endsWith("id") && n.length() <= 6
                || n.equals("index") || n.equals("row") || n.equals("key");
    }

    private static int[] histogram(Table table, int c, double min, double max) {
        int[] bins = new int[BINS];
        double width = (max - min) / BINS;
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, c);
            if (Values.isMissing(v)) {
                continue;
            }
            Double d = Values.number(v);
            if (d != null) {
                int b = width == 0 ? 0 : (int) Math.min(BINS - 1, Math.floor((d - min) / width));
                bins[b]++;
            }
        }
        return bins;
    }

    /** TableEncoder.labels as it was. */
    static List<String> labels(Table table, int column) {
        Set<String> values = new HashSet<>();
        boolean numeric = true;
        for (int r = 0; r < table.rowCount(); r++) {
            String v = table.value(r, column).trim();
            if (Values.isMissing(v)) {
                continue;
            }
            values.add(v);
            numeric &= Values.number(v) != null;
        }
        java.util.Comparator<String> order = numeric ? java.util.Comparator.comparingDouble(Double::parseDouble)
                : java.util.Comparator.naturalOrder();
        java.util.TreeSet<String> sorted = new java.util.TreeSet<>(order);
        sorted.addAll(values);
        return List.copyOf(sorted);
    }
}
