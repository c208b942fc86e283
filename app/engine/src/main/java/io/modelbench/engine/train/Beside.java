package io.modelbench.engine.train;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work a session starts on a daemon thread of its own and takes the result of later, while its own thread does
 * something else (the session has two cores: docs/PERFORMANCE.md): the linear reference's rows ahead
 * ({@link ReferenceWork}), a new network while the splits are built ({@link TrainingLoop}).
 */
final class Beside<T> {

    private final FutureTask<T> task;

    private Beside(Callable<T> work) {
        this.task = new FutureTask<>(work);
    }

    /** Starts the work on a daemon thread of this name. */
    static <T> Beside<T> start(String name, Callable<T> work) {
        Beside<T> b = new Beside<>(work);
        Thread t = new Thread(b.task, name);
        t.setDaemon(true);
        t.start();
        return b;
    }

    /** Its result, once done; what it threw is thrown here (an unchecked exception or error as it is). */
    T await(String what) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(what + " failed", e.getCause());
        }
    }

    /** Its result once done, or null if it failed or this thread is interrupted (for clean-up after a failure). */
    T quietly() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }
}
