package io.modelbench.engine.api;

/**
 * Receives a long task's progress (a fraction from 0 to 1) on the working thread, and can cancel it: the task
 * checks {@link #isCancelled()} often and then throws {@link java.util.concurrent.CancellationException}.
 */
public interface TaskProgress {

    void progress(double fraction);

    default boolean isCancelled() {
        return false;
    }

    TaskProgress NONE = f -> { };
}
