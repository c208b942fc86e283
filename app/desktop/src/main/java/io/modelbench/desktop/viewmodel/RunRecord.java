package io.modelbench.desktop.viewmodel;

import java.util.List;
import java.util.Map;

/**
 * A finished training run of this session: its name, settings (name → value, for side-by-side comparison),
 * headline figure and loss curve.
 */
public record RunRecord(int number, String name, Map<String, String> settings, String result, List<EpochPoint> curve) {

    public RunRecord {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        curve = List.copyOf(curve);
    }

    @Override
    public String toString() {
        return name + " · " + result;
    }
}
