package io.modelbench.engine.api;

import java.util.Locale;

/**
 * What to do with a missing value (empty, NA, N/A, ?, NaN, null) in an input column. Fill values are computed
 * on the training split only. {@link #DROP_ROW} drops such rows from training and evaluation; a model asked
 * to predict a row with the value missing fills in the training mean (numbers) or most frequent value.
 */
public enum MissingStrategy {
    DROP_ROW, MEAN, MEDIAN, MOST_FREQUENT, CONSTANT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static MissingStrategy fromId(String id) {
        for (MissingStrategy m : values()) {
            if (m.id().equalsIgnoreCase(id.trim()) || m.name().equalsIgnoreCase(id.trim()) || (m == DROP_ROW && id.trim().equalsIgnoreCase("drop"))) {
                return m;
            }
        }
        throw InputException.setting("missing", id, "use drop, mean, median, most-frequent or constant:VALUE");
    }
}
