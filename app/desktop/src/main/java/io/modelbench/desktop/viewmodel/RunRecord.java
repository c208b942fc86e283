package io.modelbench.desktop.viewmodel;

import java.util.List;
import java.util.Map;

/**
 * A training run: its name, settings (name → value, for side-by-side comparison), headline figure and loss
 * curve; for a run kept in a project also its id, note, status (finished, stopped, failed, interrupted, running),
 * the request it was trained with (to re-run it) and whether it has a checkpoint to resume.
 */
public record RunRecord(int number, String name, Map<String, String> settings, String result, List<EpochPoint> curve,
                        String id, String note, String status, io.modelbench.engine.api.TrainingRequest request,
                        boolean resumable) {

    public RunRecord {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        curve = List.copyOf(curve);
        note = note == null ? "" : note;
        status = status == null ? "finished" : status;
    }

    /** A run of this session only (no project open). */
    public RunRecord(int number, String name, Map<String, String> settings, String result, List<EpochPoint> curve) {
        this(number, name, settings, result, curve, null, "", "finished", null, false);
    }

    @Override
    public String toString() {
        String r = result == null || result.isEmpty() ? status : result;
        return name + " · " + r + (note.isEmpty() ? "" : " · " + note);
    }
}
