package io.modelbench.engine.app;

import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.project.RunInfo;

/**
 * What a run reports to its {@link RunListener}, in order, on the thread that runs it: one {@link Started}, the
 * training session's events each in a {@link Training} (a {@link Recorded} after each epoch that was written to a
 * project's {@code run.json}), then one {@link Ended}. A failure before {@code Started} (bad input) sends nothing and
 * writes nothing: the call throws.
 */
public sealed interface RunEvent {

    /**
     * The run is under way. {@code run}: its record in the project (for a resumed run with the epochs recorded so
     * far), or null for a run outside a project; {@code threads}: CPU threads the numeric backend uses.
     */
    record Started(RunInfo run, int threads, boolean resumed, String source) implements RunEvent {
    }

    /**
     * {@link RunSettings#autoSeconds}: one candidate of the search was trained and scored on the validation split (before
     * {@link Started}); {@code settings} in words, the score of the epoch early stopping kept, and the seconds it took.
     */
    record AutoCandidate(int number, String settings, String metricName, double validationMetric, double seconds)
            implements RunEvent {
    }

    /** One event of the training session, as the training loop sent it. */
    record Training(TrainingEvent event) implements RunEvent {
    }

    /** A project run's {@code run.json} was rewritten with this epoch (after the epoch's {@link Training} event). */
    record Recorded(RunInfo run) implements RunEvent {
    }

    /**
     * The run ended: {@code status} finished, stopped or failed; {@code run} its final record (null outside a
     * project); {@code message} why it stopped or failed, in words ("" when it finished).
     */
    record Ended(RunStatus status, RunInfo run, String message) implements RunEvent {
    }
}
