package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.TaskProgress;

import java.util.concurrent.CancellationException;

/**
 * What a {@link BackgroundTask}'s work sees on its worker thread: where to report progress, log lines and events
 * (all coalesced onto the UI thread, a few batches a second), and whether it was cancelled. It is the engine's
 * {@link TaskProgress}, so it can be passed to engine calls that read files with progress.
 *
 * @param <E> the events the work publishes
 */
public interface TaskContext<E> extends TaskProgress {

    /** The share done, 0 to 1; the runner's progress shows the latest. Any thread. */
    @Override
    void progress(double fraction);

    /** True once the task was cancelled or superseded by a newer one: stop soon, the result will be dropped. */
    @Override
    boolean isCancelled();

    /** A line for the user (a log line), delivered in order with the events. Any thread. */
    void message(String line);

    /** An event for {@link BackgroundTask#onEvents}. Any thread. */
    void publish(E event);

    /** Throws {@link CancellationException} once the task was cancelled. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancellationException();
        }
    }
}
