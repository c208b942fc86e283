package io.modelbench.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one trial gave: its settings, its figures on the validation split (classification: {@code accuracy},
 * {@code f1_macro}, {@code loss}; regression: {@code rmse}, {@code mae}, {@code r2}, {@code loss}; of the weights the
 * model keeps), the epochs it trained, its {@code status} ({@link #FINISHED}, {@link #STOPPED_EARLY}, {@link #PRUNED},
 * {@link #FAILED}), its wall time, the model file (null when it failed), its run in the project (null outside one) and a
 * message (why it stopped or failed; "" when it finished). The test split is never looked at for a trial.
 */
public record TrialResult(int number, Map<String, Object> params, Map<String, Object> validation, int epochs, String status,
                          double seconds, String model, String run, String message) implements java.io.Serializable {

    /** Trained all its epochs. */
    public static final String FINISHED = "finished";
    /** Ended before its epochs: early stopping, the sweep's time budget or a Stop; it keeps its best epoch. */
    public static final String STOPPED_EARLY = "stopped_early";
    /** Stopped by successive halving: not among the best at one of its rungs. */
    public static final String PRUNED = "pruned";
    /** Ended by an error ({@code message} says which). */
    public static final String FAILED = "failed";

    public TrialResult {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        validation = validation == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(validation));
        message = message == null ? "" : message;
    }

    /** Whether the trial left a model to choose (every status but failed). */
    public boolean hasModel() {
        return !FAILED.equals(status) && model != null;
    }
}
