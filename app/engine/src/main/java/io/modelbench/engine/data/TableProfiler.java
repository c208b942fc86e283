package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
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
public final class TableProfiler {

    public static final int DISTINCT_CAP = 100_000;
    private static final int BINS = 20;
    private static final int TOP = 10;

    private TableProfiler() {
    }

    public static List<ColumnProfile> profile(Table table) {
        return profile(table, Map.of());
    }

    /** Profiles every column; {@code types} overrides the inferred type of the columns it names. */
    public static List<ColumnProfile> profile(Table table, Map<String, ColumnType> types) {
        List<ColumnProfile> out = new ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            out.add(column(table, c, types.get(table.columns().get(c))));
        }
        return out;
    }

    public static ColumnProfile column(Table table, int c, ColumnType override) {
        String name = table.columns().get(c);
        Column col = table.column(c);
        Column.Dictionary dict = col.dictionary();
        int rows = table.rowCount();
        int missing = 0;
        int numbers = 0;
        int booleans = 0;
        boolean whole = true;
        long lengthSum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        // Counts by trimmed text, as a Map<String, Integer> capped at DISTINCT_CAP keys in row order would: number
        // cells by (bits, decimals), which identifies their text; other texts once per dictionary entry.
        Counts counts = new Counts();
        NumberKeys distinctNumbers = new NumberKeys(); // by Double.doubleToLongBits, as HashSet<Double>
        Entries entries = new Entries(dict, counts);
        for (int r = 0; r < rows; r++) {
            long b = col.bits(r);
            double d;
            boolean booleanWord;
            if (Column.isCode(b)) {
                int e = Column.code(b);
                if (dict.missing[e]) {
                    missing++;
                    continue;
                }
                lengthSum += entries.length(e);
                entries.count(e);
                d = dict.number[e];
                booleanWord = entries.isBoolean(e);
            } else {
                d = Double.longBitsToDouble(b);
                int scale = col.scale(r);
                lengthSum += Column.formattedLength(d, scale);
                counts.number(b, scale);
                booleanWord = scale == 0 && (b == 0L || b == ONE); // the texts "0" and "1"
            }
            if (d == d) {
                numbers++;
                whole &= d == Math.rint(d);
                min = Math.min(min, d);
                max = Math.max(max, d);
                sum += d;
                distinctNumbers.getOrAdd(Double.doubleToLongBits(d), 0, distinctNumbers.size() < DISTINCT_CAP);
            }
            if (booleans == present(r, missing) - 1 && booleanWord) {
                booleans++;  // counted only while every value so far was a boolean word
            }
        }
        boolean capped = counts.capped;
        int present = rows - missing;
        int distinct = counts.size();
        ColumnType type;
        String note = "";
        if (present == 0) {
            type = ColumnType.TEXT;
            note = "all values missing";
        } else if (numbers >= 0.95 * present) {
            if (distinctNumbers.size() == 2 && distinctNumbers.get(0L, 0) >= 0 && distinctNumbers.get(ONE, 0) >= 0) {
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
        int[] histogram = numeric ? histogram(col, min, max) : new int[0];
        List<ColumnProfile.ValueCount> top = counts.top(TOP);
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

    private static int[] histogram(Column col, double min, double max) {
        int[] bins = new int[BINS];
        double width = (max - min) / BINS;
        for (int r = 0; r < col.rows(); r++) {
            double d = col.number(r); // NaN for missing cells and text
            if (d == d) {
                int b = width == 0 ? 0 : (int) Math.min(BINS - 1, Math.floor((d - min) / width));
                bins[b]++;
            }
        }
        return bins;
    }

    private static final long ONE = Double.doubleToLongBits(1.0);

    /** Value counts by trimmed text, at most {@link #DISTINCT_CAP} texts (the first ones met, in row order). */
    private static final class Counts {
        final NumberKeys numberKeys = new NumberKeys();
        int[] numberCounts = new int[16];
        final Map<String, Integer> textKeys = new HashMap<>();
        int[] textCounts = new int[16];
        boolean capped;

        int size() {
            return numberKeys.size() + textKeys.size();
        }

        /** Counts a number cell; returns its key (>= 0), or -1 when it was not counted (over the cap). */
        int number(long bits, int scale) {
            int id = numberKeys.getOrAdd(bits, scale, size() < DISTINCT_CAP);
            if (id < 0) {
                capped = true;
                return -1;
            }
            if (id == numberCounts.length) {
                numberCounts = Arrays.copyOf(numberCounts, id * 2);
            }
            numberCounts[id]++;
            return id;
        }

        /** The key of a text that is not a plain decimal, or -1 when over the cap. */
        int text(String key) {
            Integer id = textKeys.get(key);
            if (id == null) {
                if (size() >= DISTINCT_CAP) {
                    capped = true;
                    return -1;
                }
                id = textKeys.size();
                textKeys.put(key, id);
                if (id == textCounts.length) {
                    textCounts = Arrays.copyOf(textCounts, id * 2);
                }
            }
            return id;
        }

        /** The most frequent texts, ties by text: as sorting all counts by count (descending), then text. */
        List<ColumnProfile.ValueCount> top(int n) {
            int total = size();
            if (total == 0) {
                return List.of();
            }
            int[] all = new int[total];
            System.arraycopy(numberCounts, 0, all, 0, numberKeys.size());
            System.arraycopy(textCounts, 0, all, numberKeys.size(), textKeys.size());
            Arrays.sort(all);
            int threshold = all[total - Math.min(n, total)];
            List<ColumnProfile.ValueCount> candidates = new ArrayList<>();
            for (int id = 0; id < numberKeys.size(); id++) {
                if (numberCounts[id] >= threshold) {
                    candidates.add(new ColumnProfile.ValueCount(numberKeys.text(id), numberCounts[id]));
                }
            }
            for (Map.Entry<String, Integer> e : textKeys.entrySet()) {
                int k = textCounts[e.getValue()];
                if (k >= threshold) {
                    candidates.add(new ColumnProfile.ValueCount(e.getKey(), k));
                }
            }
            candidates.sort(Comparator.comparingInt(ColumnProfile.ValueCount::count).reversed()
                    .thenComparing(ColumnProfile.ValueCount::value));
            return List.copyOf(candidates.subList(0, Math.min(n, candidates.size())));
        }
    }

    /** What the profiler needs of each dictionary entry, worked out the first time a row has it. */
    private static final class Entries {
        private static final int UNSEEN = 0;
        private static final int REFUSED = -1;
        private static final int NUMBER = 1 << 30;

        private final Column.Dictionary dict;
        private final Counts counts;
        /** UNSEEN, REFUSED (over the cap), 1 + text key, or NUMBER + number key. */
        private final int[] key;
        private final int[] length;
        private final boolean[] isBoolean;
        private final int[] scaleOut = new int[1];

        Entries(Column.Dictionary dict, Counts counts) {
            this.dict = dict;
            this.counts = counts;
            int n = dict.size();
            key = new int[n];
            length = new int[n];
            isBoolean = new boolean[n];
        }

        int length(int e) {
            if (key[e] == UNSEEN) {
                String trimmed = dict.text[e].trim();
                length[e] = trimmed.length();
                isBoolean[e] = Values.bool(trimmed) != null;
            }
            return length[e];
        }

        boolean isBoolean(int e) {
            return isBoolean[e];
        }

        /** Call after {@link #length} for the same entry. */
        void count(int e) {
            int k = key[e];
            if (k == REFUSED) {
                counts.capped = true;
            } else if (k >= NUMBER) {
                counts.numberCounts[k - NUMBER]++;
            } else if (k > 0) {
                counts.textCounts[k - 1]++;
            } else {
                String trimmed = dict.text[e].trim();
                long bits = Column.parsePlain(trimmed, scaleOut);
                if (bits != Column.TAG) { // the same text as a number cell (a quoted " 5.1 "): the same key
                    int id = counts.number(bits, scaleOut[0]);
                    key[e] = id < 0 ? REFUSED : NUMBER + id;
                } else {
                    int id = counts.text(trimmed);
                    if (id < 0) {
                        key[e] = REFUSED;
                    } else {
                        counts.textCounts[id]++;
                        key[e] = 1 + id;
                    }
                }
            }
        }
    }
}
