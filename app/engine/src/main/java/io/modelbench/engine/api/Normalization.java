package io.modelbench.engine.api;

import java.util.Locale;

/** How encoded inputs are scaled, fitted on the training split only. */
public enum Normalization {
    /** (x - mean) / std per input. */
    STANDARDIZE,
    /** (x - min) / (max - min) per input, into [0, 1]. */
    MIN_MAX,
    /** Inputs as they are. */
    NONE;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Normalization fromId(String id) {
        for (Normalization n : values()) {
            if (n.id().equalsIgnoreCase(id.trim()) || n.name().equalsIgnoreCase(id.trim())) {
                return n;
            }
        }
        throw InputException.setting("normalization", id, "use standardize, min-max or none");
    }
}
