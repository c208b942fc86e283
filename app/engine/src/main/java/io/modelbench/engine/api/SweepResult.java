package io.modelbench.engine.api;

import java.util.List;
import java.util.Map;

/**
 * A sweep's trials (in trial order) and the best: chosen on the validation split, then evaluated once on the test
 * split ({@code test}; empty with no test split). {@code best} is null when no trial left a model.
 */
public record SweepResult(List<TrialResult> trials, Best best) implements java.io.Serializable {

    public SweepResult {
        trials = List.copyOf(trials);
    }

    /** The chosen trial: its number, settings, validation and test figures, and where its model was saved. */
    public record Best(int trial, Map<String, Object> params, Map<String, Object> validation, Map<String, Object> test,
                       String model) implements java.io.Serializable {
    }
}
