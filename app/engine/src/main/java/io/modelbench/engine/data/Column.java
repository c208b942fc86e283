package io.modelbench.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of a {@link Table}, stored per cell in 8 bytes (in chunks of {@value #CHUNK} rows, so a growing
 * column is never copied):
 * <ul>
 *   <li>a cell whose text is a <em>plain decimal</em> ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, at most 18 digits,
 *       that prints back to the same text) holds the bits of its {@code double}; its number of decimals is the
 *       column's {@link #scale} or, where it differs, a byte in a per-chunk array made only when needed;</li>
 *   <li>any other cell (words, missing markers, "1e3", " 5" from a quoted field, null) holds a code into the
 *       column's {@link Dictionary} of distinct texts (tagged as a NaN pattern no stored number can have).</li>
 * </ul>
 * So {@link #text} gives back exactly the text the cell was read with, {@link #number} exactly what
 * {@link Values#number} gives for it (NaN for null), and {@link #isMissing} what {@link Values#isMissing} gives,
 * without parsing or allocating. Immutable once built.
 */
final class Column {

    static final int SHIFT = 15; // 256 KB chunks: under half a G1 region (1 MB at small heaps), so never "humongous"
    static final int CHUNK = 1 << SHIFT;
    static final int MASK = CHUNK - 1;

    /** Sign bit and all-ones exponent: -Infinity and negative NaNs, never a stored (finite) number. */
    static final long TAG = 0xFFF0_0000_0000_0000L;

    /** Longest plain decimal (in digits) stored as a number; longer ones are kept as text. */
    private static final int MAX_DIGITS = 18;
    static final double[] POW10 = new double[MAX_DIGITS + 1];

    static {
        double p = 1;
        for (int i = 0; i <= MAX_DIGITS; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private final long[][] cells;
    /** Per chunk: the decimals of each cell, or null when every number in the chunk has {@link #scale}. */
    private final byte[][] scales;
    private final byte scale;
    private final Dictionary dictionary;
    private final int rows;

    private Column(long[][] cells, byte[][] scales, byte scale, Dictionary dictionary, int rows) {
        this.cells = cells;
        this.scales = scales;
        this.scale = scale;
        this.dictionary = dictionary;
        this.rows = rows;
    }

    int rows() {
        return rows;
    }

    /** The cell's raw 8 bytes: a number's bits, or {@code TAG | code} (see {@link #isCode}). */
    long bits(int row) {
        return cells[row >>> SHIFT][row & MASK];
    }

    static boolean isCode(long bits) {
        return (bits & TAG) == TAG;
    }

    static int code(long bits) {
        return (int) (bits & ~TAG);
    }

    /** Decimals of a numeric cell. */
    int scale(int row) {
        byte[] s = scales[row >>> SHIFT];
        return s == null ? scale : s[row & MASK];
    }

    Dictionary dictionary() {
        return dictionary;
    }

    String text(int row) {
        long b = bits(row);
        return isCode(b) ? dictionary.text[code(b)] : format(Double.longBitsToDouble(b), scale(row));
    }

    /** As {@link Values#number} of the text; NaN when that is null (missing, not a number, or a null cell). */
    double number(int row) {
        long b = bits(row);
        return isCode(b) ? dictionary.number[code(b)] : Double.longBitsToDouble(b);
    }

    boolean isMissing(int row) {
        long b = bits(row);
        return isCode(b) && dictionary.missing[code(b)];
    }

    /** The rows given, in that order (the dictionary is shared). */
    Column select(int[] rowIndices) {
        int n = rowIndices.length;
        int chunks = Math.max(1, (n + CHUNK - 1) >>> SHIFT);
        long[][] c = new long[chunks][];
        byte[][] s = new byte[chunks][];
        boolean mixedScales = false;
        for (byte[] x : scales) {
            mixedScales |= x != null;
        }
        for (int k = 0; k < chunks; k++) {
            int len = Math.min(CHUNK, n - (k << SHIFT));
            long[] chunk = new long[len];
            byte[] sc = mixedScales ? new byte[len] : null;
            for (int i = 0; i < len; i++) {
                int r = rowIndices[(k << SHIFT) + i];
                chunk[i] = bits(r);
                if (sc != null) {
                    sc[i] = (byte) scale(r);
                }
            }
            c[k] = chunk;
            s[k] = sc;
        }
        return new Column(c, s, scale, dictionary, n);
    }

    /** Heap bytes of the cell arrays and the dictionary's texts (an estimate: 8 a cell, 1 a per-cell decimal). */
    long storedBytes() {
        long n = 0;
        for (int k = 0; k < cells.length; k++) {
            n += 16 + 8L * cells[k].length + (scales[k] == null ? 0 : 16 + scales[k].length);
        }
        for (String t : dictionary.text) {
            n += 8 + 8 + 1 + (t == null ? 0 : 40 + t.length()); // code facts, reference, String + its bytes
        }
        return n;
    }

    // ---------------------------------------------------------------- plain decimals

    /**
     * The bits of {@code v} as a double when it is a plain decimal that is stored as a number (its decimals go to
     * {@code scaleOut[0]}), else {@link #TAG}. The value equals {@code Double.parseDouble(v)}: the digits (at most
     * 2^53) and the power of ten are exact doubles, and one IEEE division rounds their quotient correctly.
     */
    static long parsePlain(String v, int[] scaleOut) {
        int len = v.length();
        if (len == 0 || len > MAX_DIGITS + 2) {
            return TAG;
        }
        int i = 0;
        boolean negative = v.charAt(0) == '-';
        if (negative) {
            i = 1;
            if (len == 1) {
                return TAG;
            }
        }
        char c = v.charAt(i);
        long m = 0;
        int digits = 0;
        if (c == '0') {
            i++;
            digits++;
        } else if (c >= '1' && c <= '9') {
            while (i < len && (c = v.charAt(i)) >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                digits++;
                i++;
            }
        } else {
            return TAG;
        }
        int s = 0;
        if (i < len) {
            if (v.charAt(i) != '.' || i == len - 1) {
                return TAG;
            }
            i++;
            while (i < len) {
                c = v.charAt(i++);
                if (c < '0' || c > '9') {
                    return TAG;
                }
                m = m * 10 + (c - '0');
                digits++;
                s++;
            }
        }
        if (digits > MAX_DIGITS || m > (1L << 53)) {
            return TAG;
        }
        double d = m / POW10[s];
        // below 2^51 the product is within m * 2^-52 < 0.5 of m, so it rounds back to m; above, check
        if (m >= (1L << 51) && Math.round(d * POW10[s]) != m) {
            return TAG; // would not print back to the same digits
        }
        scaleOut[0] = s;
        return Double.doubleToRawLongBits(negative ? -d : d);
    }

    /** The plain decimal text of a stored number: its digits with {@code scale} decimals, "-" when negative. */
    static String format(double d, int scale) {
        long m = Math.round(Math.abs(d) * POW10[scale]);
        boolean negative = Double.doubleToRawLongBits(d) < 0;
        int digits = digitCount(m);
        int width = Math.max(digits, scale + 1);
        int len = (negative ? 1 : 0) + width + (scale > 0 ? 1 : 0);
        byte[] out = new byte[len];
        int p = len;
        for (int k = 0; k < width; k++) {
            if (scale > 0 && k == scale) {
                out[--p] = '.';
            }
            out[--p] = (byte) ('0' + (m % 10));
            m /= 10;
        }
        if (negative) {
            out[0] = '-';
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Length of {@link #format}'s text, without making it. */
    static int formattedLength(double d, int scale) {
        long m = Math.round(Math.abs(d) * POW10[scale]);
        return (Double.doubleToRawLongBits(d) < 0 ? 1 : 0) + Math.max(digitCount(m), scale + 1) + (scale > 0 ? 1 : 0);
    }

    private static int digitCount(long m) {
        int n = 1;
        while (m >= 10) {
            m /= 10;
            n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- dictionary

    /**
     * The distinct texts of a column's non-number cells, with what {@link Values} says of each, worked out once per
     * distinct text instead of once per cell.
     */
    static final class Dictionary {
        final String[] text;
        /** {@link Values#number}, NaN when null. */
        final double[] number;
        final boolean[] missing;

        Dictionary(List<String> texts) {
            int n = texts.size();
            text = texts.toArray(new String[0]);
            number = new double[n];
            missing = new boolean[n];
            for (int i = 0; i < n; i++) {
                String t = text[i];
                missing[i] = Values.isMissing(t);
                Double d = t == null ? null : Values.number(t);
                number[i] = d == null ? Double.NaN : d;
            }
        }

        int size() {
            return text.length;
        }
    }

    // ---------------------------------------------------------------- building

    /** Appends cells one at a time; {@link #build} freezes them. Not thread-safe. */
    static final class Builder {
        /** Texts repeated this rarely are not looked up any more once there are this many (free text, ids). */
        private static final int INTERN_LIMIT = 1 << 16;

        private long[][] cells = new long[4][];
        private byte[][] scales = new byte[4][];
        private int scale = -1;
        private int rows;
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> texts = new ArrayList<>();
        private boolean interning = true;
        private final int[] scaleOut = new int[1];

        void add(String v) {
            int k = rows >>> SHIFT;
            if (k == cells.length) {
                cells = Arrays.copyOf(cells, k * 2);
                scales = Arrays.copyOf(scales, k * 2);
            }
            int i = rows & MASK;
            long[] chunk = cells[k];
            if (chunk == null) {
                chunk = cells[k] = new long[k == 0 ? 16 : CHUNK];
            } else if (i == chunk.length) { // only the first chunk grows: small tables stay small
                chunk = cells[k] = Arrays.copyOf(chunk, Math.min(CHUNK, i * 2));
                if (scales[k] != null) {
                    scales[k] = Arrays.copyOf(scales[k], chunk.length);
                }
            }
            long b = v == null ? TAG : parsePlain(v, scaleOut);
            if (b != TAG) {
                int s = scaleOut[0];
                if (scale < 0) {
                    scale = s;
                }
                byte[] sc = scales[k];
                if (sc != null) {
                    sc[i] = (byte) s;
                } else if (s != scale) {
                    sc = scales[k] = new byte[chunk.length];
                    Arrays.fill(sc, (byte) scale);
                    sc[i] = (byte) s;
                }
                chunk[i] = b;
            } else {
                chunk[i] = TAG | code(v);
            }
            rows++;
        }

        private int code(String v) {
            Integer c = index.get(v);
            if (c != null) {
                return c;
            }
            int code = texts.size();
            texts.add(v);
            if (interning) {
                index.put(v, code);
                interning = index.size() < INTERN_LIMIT || index.size() * 2 < rows;
            }
            return code;
        }

        int rows() {
            return rows;
        }

        Column build() {
            int chunks = Math.max(1, (rows + CHUNK - 1) >>> SHIFT);
            long[][] c = Arrays.copyOf(cells, chunks);
            byte[][] s = Arrays.copyOf(scales, chunks);
            int last = chunks - 1;
            int used = rows - (last << SHIFT);
            c[last] = c[last] == null ? new long[0] : Arrays.copyOf(c[last], used);
            if (s[last] != null) {
                s[last] = Arrays.copyOf(s[last], used);
            }
            cells = null; // one build per builder
            scales = null;
            return new Column(c, s, (byte) Math.max(0, scale), new Dictionary(texts), rows);
        }
    }
}
