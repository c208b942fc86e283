package io.modelbench.engine.data;

/**
 * Numbers by their exact text: a {@code (double bits, decimals)} pair of a {@link Column}'s number cell
 * identifies its text, so this open-addressing map numbers distinct texts 0, 1, 2, ... without making them.
 * With the decimals fixed at 0 it is a set of {@code double} bits (as {@code HashSet<Double>} compares them).
 */
final class NumberKeys {

    private long[] bits = new long[16];
    private byte[] scales = new byte[16];
    /** id + 1 per slot; 0 = empty. */
    private int[] ids = new int[16];
    private long[] byIdBits = new long[16];
    private byte[] byIdScale = new byte[16];
    private int size;

    int size() {
        return size;
    }

    /** The key's id, or -1 when absent. */
    int get(long b, int scale) {
        int mask = ids.length - 1;
        for (int i = hash(b, scale) & mask; ; i = (i + 1) & mask) {
            int id = ids[i];
            if (id == 0) {
                return -1;
            }
            if (bits[i] == b && scales[i] == scale) {
                return id - 1;
            }
        }
    }

    /** The key's id; a new one (= the size before) when absent and {@code mayAdd}, else -1 when absent. */
    int getOrAdd(long b, int scale, boolean mayAdd) {
        int mask = ids.length - 1;
        int i = hash(b, scale) & mask;
        for (; ; i = (i + 1) & mask) {
            int id = ids[i];
            if (id == 0) {
                break;
            }
            if (bits[i] == b && scales[i] == scale) {
                return id - 1;
            }
        }
        if (!mayAdd) {
            return -1;
        }
        int id = size++;
        bits[i] = b;
        scales[i] = (byte) scale;
        ids[i] = id + 1;
        if (id == byIdBits.length) {
            byIdBits = java.util.Arrays.copyOf(byIdBits, id * 2);
            byIdScale = java.util.Arrays.copyOf(byIdScale, id * 2);
        }
        byIdBits[id] = b;
        byIdScale[id] = (byte) scale;
        if (size * 2 > ids.length) {
            grow();
        }
        return id;
    }

    /** The text of key {@code id}. */
    String text(int id) {
        return Column.format(Double.longBitsToDouble(byIdBits[id]), byIdScale[id]);
    }

    private void grow() {
        int n = ids.length * 2;
        long[] b = new long[n];
        byte[] s = new byte[n];
        int[] d = new int[n];
        int mask = n - 1;
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] != 0) {
                int i = hash(bits[k], scales[k]) & mask;
                while (d[i] != 0) {
                    i = (i + 1) & mask;
                }
                b[i] = bits[k];
                s[i] = scales[k];
                d[i] = ids[k];
            }
        }
        bits = b;
        scales = s;
        ids = d;
    }

    private static int hash(long b, int scale) {
        long h = (b + scale) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }
}
