package io.modelbench.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial a strategy proposes: its number (from 1, in the order proposed) and its settings, by the names of
 * {@link SearchSpace#SETTINGS} ({@code Double}, {@code Integer}, {@code String} or a {@code List} of whole numbers).
 */
public record Trial(int number, Map<String, Object> params) {

    public Trial {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
