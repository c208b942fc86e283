package io.modelbench.engine.app;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.project.RunInfo;
import io.modelbench.engine.train.TrainingOutcome;

import java.nio.file.Path;

/**
 * A run that ended without an error: {@code status} {@link RunStatus#FINISHED} or {@link RunStatus#STOPPED} (on request
 * or by early stopping), the outcome (model, test figures, baseline), its final record in the project (null outside
 * one), where the model was saved (null: not saved), whether it can be resumed from its checkpoint, and the CPU threads
 * it used.
 */
public record RunResult(RunStatus status, TrainingOutcome outcome, RunInfo run, Path modelFile, boolean resumable,
                        int threads) {

    /** The result in a few words: "accuracy 93.3 %" or "R² 0.512" (on the test split). */
    public String resultText() {
        return resultText(outcome);
    }

    /** As {@link #resultText()} for any outcome. */
    public static String resultText(TrainingOutcome outcome) {
        if (!outcome.hasTest()) {
            return "no test split";
        }
        return outcome.test() instanceof EvaluationResult.Classification c
                ? String.format("accuracy %.1f %%", c.accuracy() * 100)
                : String.format("R² %.3f", ((EvaluationResult.Regression) outcome.test()).r2());
    }
}
