package io.modelbench.engine.app;

import io.modelbench.engine.api.TrainingListener;

/** Receives a run's {@link RunEvent}s on the thread that runs it: keep it quick, hand work off (the desktop coalesces). */
@FunctionalInterface
public interface RunListener {

    void onEvent(RunEvent event);

    RunListener NONE = e -> { };

    /** Passes only the training session's events on (what the CLI's progress lines need). */
    static RunListener training(TrainingListener listener) {
        return e -> {
            if (e instanceof RunEvent.Training t) {
                listener.onEvent(t.event());
            }
        };
    }
}
