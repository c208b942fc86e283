package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.SweepRecords;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.train.TrainingOutcome;

import java.nio.file.Path;

/**
 * What the Experiments page asks of the engine's {@link Sweeps}: run a sweep on the calling thread (the page calls it on
 * a worker) reporting to a listener, and make a trial's model the current model. An interface so that the composition
 * root passes the real engine ({@link #of}) and view-model tests a fake that sends a sweep's events without training.
 */
public interface SweepService {

    /** As {@link Sweeps#run}: the trials are runs of {@code project}, the sweep's state in {@code dir}. */
    SweepResult run(Dataset data, TrainingRequest base, SweepSpec spec, Project project, Path dir, SweepListener listener,
                    StopSignal stop);

    /** As {@link SweepRecords#outcome}: the trial's model scored on the test split, as a run's outcome. */
    TrainingOutcome outcome(Dataset data, TrainingRequest base, TrialResult trial);

    /** The engine's sweeps. */
    static SweepService of(Sweeps sweeps) {
        return new SweepService() {
            @Override
            public SweepResult run(Dataset data, TrainingRequest base, SweepSpec spec, Project project, Path dir,
                                   SweepListener listener, StopSignal stop) {
                return sweeps.run(data, base, spec, project, dir, listener, stop);
            }

            @Override
            public TrainingOutcome outcome(Dataset data, TrainingRequest base, TrialResult trial) {
                return SweepRecords.outcome(data, base, trial);
            }
        };
    }
}
