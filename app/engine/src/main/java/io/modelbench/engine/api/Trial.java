package io.modelbench.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial a strategy proposes: its number (from 1, in the order proposed) and its settings, by the names of
 * {@link SearchSpace#SETTINGS} ({@code Double}, {@code Integer}, {@code String} or a {@code List} of whole numbers).
 * Serializable, as are the other sweep records, so that a Spark task can take a trial and return its result.
 */
public record Trial(int number, Map<String, Object> params) implements java.io.Serializable {

    public Trial {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
