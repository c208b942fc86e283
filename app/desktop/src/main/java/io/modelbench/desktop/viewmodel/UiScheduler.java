package io.modelbench.desktop.viewmodel;

import java.util.concurrent.Executor;

/**
 * Runs work on the UI thread, now or after a delay. The app passes one backed by the JavaFX thread; tests pass
 * {@link #immediate()}, so view models can be tested without a toolkit.
 */
public interface UiScheduler extends Executor {

    void schedule(Runnable task, long delayMillis);

    @Override
    default void execute(Runnable task) {
        schedule(task, 0);
    }

    /** Runs everything at once on the calling thread (for tests). */
    static UiScheduler immediate() {
        return (task, delay) -> task.run();
    }
}
