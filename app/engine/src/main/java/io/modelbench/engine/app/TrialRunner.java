package io.modelbench.engine.app;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepGate;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;

/**
 * Where a sweep's trials train. By default {@link Sweeps#run} trains each on its own pool with {@link Sweeps#runTrial};
 * the Spark module gives one that submits a Spark job per trial (per rung for ASHA, continuing with
 * {@link Sweeps#continueTrial}), so the sweep's planning, {@code sweep.json}, resume, ASHA state and choice of the best
 * stay the engine's, one copy for every front end. Called on the sweep's pool: {@code spec.parallel()} calls at once.
 */
@FunctionalInterface
public interface TrialRunner {

    /**
     * Trains {@code trial} to its end and returns its result (a failure as a {@code failed} result, not an exception);
     * null when it did not start because {@code stop} was requested first (a resumed sweep trains it). {@code gate} is the
     * sweep's (ASHA's rungs, shared by all trials and thread-safe, or {@link SweepGate#ALWAYS}).
     */
    TrialResult train(Trial trial, SweepGate gate, StopSignal stop);
}
