package io.modelbench.engine.data;

import java.util.Locale;
import java.util.Set;

/** How cells are read: missing markers, numbers and booleans. */
public final class Values {

    private static final Set<String> TRUE = Set.of("true", "yes", "y", "t", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "n", "f", "0");

    private Values() {
    }

    /** Empty, NA, N/A, ?, NaN, null, none or "-" (any case, surrounding spaces ignored). Allocates nothing. */
    public static boolean isMissing(String v) {
        if (v == null) {
            return true;
        }
        int from = 0;
        int to = v.length();
        while (from < to && v.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && v.charAt(to - 1) <= ' ') {
            to--;
        }
        int n = to - from;
        if (n == 0) {
            return true;
        }
        if (n > 4) {
            return false;
        }
        for (String m : MISSING_WORDS) {
            if (m.length() == n && v.regionMatches(true, from, m, 0, n)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] MISSING_WORDS = {"na", "n/a", "?", "nan", "null", "none", "-"};

    /** A finite decimal number, or null. Rejects hex, NaN, Infinity and Java suffixes such as "1f". */
    public static Double number(String v) {
        String s = v.trim();
        if (s.isEmpty()) {
            return null;
        }
        char last = s.charAt(s.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** TRUE, FALSE, or null when the text is not a boolean word. */
    public static Boolean bool(String v) {
        if (v.length() > 8) {
            return null;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(s)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(s)) {
            return Boolean.FALSE;
        }
        return null;
    }
}
