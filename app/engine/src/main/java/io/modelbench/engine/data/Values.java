package io.modelbench.engine.data;

import java.util.Locale;
import java.util.Set;

/** How cells are read: missing markers, numbers and booleans. */
public final class Values {

    private static final Set<String> MISSING = Set.of("", "na", "n/a", "?", "nan", "null", "none", "-");
    private static final Set<String> TRUE = Set.of("true", "yes", "y", "t", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "n", "f", "0");

    private Values() {
    }

    public static boolean isMissing(String v) {
        return v == null || MISSING.contains(v.trim().toLowerCase(Locale.ROOT));
    }

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
