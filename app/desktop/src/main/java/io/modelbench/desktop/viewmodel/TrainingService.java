package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.app.RunListener;
import io.modelbench.engine.app.RunOutput;
import io.modelbench.engine.app.RunResult;
import io.modelbench.engine.app.RunService;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;

/**
 * What the Train page asks of the engine's {@link RunService}: train a new run, or resume a project's run, on the
 * calling thread (the page calls it on its training thread), reporting to a listener. An interface so that the
 * composition root passes the real service ({@link #of}) and view-model tests a fake that sends events without
 * training a network.
 */
public interface TrainingService {

    /** As {@link RunService#train}. */
    RunResult train(Dataset data, TrainingRequest request, RunOutput output, RunSettings settings, RunListener listener,
                    StopSignal stop);

    /** As {@link RunService#resume(Project, String, Dataset, RunSettings, RunListener, StopSignal)}. */
    RunResult resume(Project project, String runId, Dataset data, RunSettings settings, RunListener listener, StopSignal stop);

    /** The engine's run service. */
    static TrainingService of(RunService service) {
        return new TrainingService() {
            @Override
            public RunResult train(Dataset data, TrainingRequest request, RunOutput output, RunSettings settings,
                                   RunListener listener, StopSignal stop) {
                return service.train(data, request, output, settings, listener, stop);
            }

            @Override
            public RunResult resume(Project project, String runId, Dataset data, RunSettings settings, RunListener listener,
                                    StopSignal stop) {
                return service.resume(project, runId, data, settings, listener, stop);
            }
        };
    }
}
