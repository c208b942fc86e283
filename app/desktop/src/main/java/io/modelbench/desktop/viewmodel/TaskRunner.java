package io.modelbench.desktop.viewmodel;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;

/**
 * Runs a view model's {@link BackgroundTask}s of one kind (opening data, evaluating on a file, predicting the form,
 * training), one current task at a time: the shape every page used to write by hand, in one place.
 * <ul>
 * <li>{@link #runningProperty()} is true while the current task runs; {@link #progressProperty()} is its latest
 *     progress (-1: not known).</li>
 * <li>Progress, messages and events cross to the UI thread through one {@link EventCoalescer} per task: at most one
 *     batch per {@value #UPDATE_INTERVAL_MILLIS} ms, however fast the worker reports; the UI thread never waits.</li>
 * <li>Starting a task makes the one before it stale; {@link #cancel()} makes the current one stale at once. A stale
 *     task's updates and result are dropped on the UI thread (the "generation" check, done here once), and its
 *     {@link TaskContext#isCancelled()} turns true so that work which checks it stops early.</li>
 * <li>A failure is logged ({@link Errors#log}) and handed over as the line the pages show ({@link Errors#message}).</li>
 * </ul>
 * Use on the UI thread only (every method). Tests pass {@code Runnable::run} and {@link UiScheduler#immediate()}, so
 * a task runs to its end inside {@link #run}.
 */
public final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    /** Updates reach the UI thread at most this often (about 20 times a second: a few per frame at most). */
    public static final long UPDATE_INTERVAL_MILLIS = 50;

    private final Executor executor;
    private final UiScheduler ui;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    /** Counts starts and cancels: a result, update or {@link #later} step of an older count is stale. */
    private long generation;
    private Run<?, ?> current;

    /**
     * @param executor where the work runs (a worker pool, the training thread; {@code Runnable::run} in tests)
     * @param ui       where results and updates are delivered (the JavaFX thread in the app)
     */
    public TaskRunner(Executor executor, UiScheduler ui) {
        this.executor = executor;
        this.ui = ui;
    }

    /** True while the current task runs (until its result or failure is delivered, or it is cancelled). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** The current task's latest progress, 0 to 1; -1 when not known (each task starts there). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Starts {@code task} on the executor; a task still running from before becomes stale. */
    public <T, E> void run(BackgroundTask<T, E> task) {
        if (current != null) {
            current.cancelled = true;
        }
        Run<T, E> r = new Run<>(task, ++generation);
        current = r;
        running.set(true);
        progress.set(-1);
        try {
            executor.execute(r::work);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the window is closing and its executors are shut down: a late callback (a load that ended meanwhile
            // starting its follow-up) has nothing left to run on, and nothing will be shown
            cancel();
        }
    }

    /**
     * Makes the current task stale at once (its result and updates will be dropped, its context reads cancelled)
     * and drops the {@link #later} steps not yet run. Returns whether a task was running.
     */
    public boolean cancel() {
        generation++;
        Run<?, ?> r = current;
        current = null;
        if (r == null) {
            return false;
        }
        r.cancelled = true;
        running.set(false);
        return true;
    }

    /**
     * Runs {@code step} on the UI thread after {@code delayMillis}, unless a task was started or cancelled in the
     * meantime: for the later steps of filling a page, which a newer result makes pointless.
     */
    public void later(long delayMillis, Runnable step) {
        long gen = generation;
        ui.schedule(() -> {
            if (gen == generation) {
                step.run();
            }
        }, delayMillis);
    }

    /** What crosses to the UI thread while a task runs, in the order it was reported. */
    private sealed interface Update<E> {
    }

    private record Progress<E>(double fraction) implements Update<E> {
    }

    private record Message<E>(String line) implements Update<E> {
    }

    private record Event<E>(E event) implements Update<E> {
    }

    /** One start of a task: its context on the worker, its delivery on the UI thread. */
    private final class Run<T, E> implements TaskContext<E> {

        private final BackgroundTask<T, E> task;
        private final long gen;
        private final EventCoalescer<Update<E>> updates;
        volatile boolean cancelled;

        Run(BackgroundTask<T, E> task, long gen) {
            this.task = task;
            this.gen = gen;
            this.updates = new EventCoalescer<>(ui, UPDATE_INTERVAL_MILLIS, this::apply);
        }

        // ---- on the worker

        void work() {
            T result;
            try {
                result = task.work.call(this);
            } catch (CancellationException e) {
                ui.execute(() -> finish(task.onCancelled));
                return;
            } catch (Exception | LinkageError | OutOfMemoryError | AssertionError e) {
                Errors.log(LOG, task.what, e);
                String message = Errors.message(e);
                ui.execute(() -> finish(() -> task.onFailure.accept(message)));
                return;
            }
            ui.schedule(() -> finish(() -> task.onSuccess.accept(result)), task.deliverAfterMillis);
        }

        @Override
        public void progress(double fraction) {
            offer(new Progress<>(fraction));
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void message(String line) {
            offer(new Message<>(line));
        }

        @Override
        public void publish(E event) {
            offer(new Event<>(event));
        }

        private void offer(Update<E> u) {
            if (!cancelled) {
                updates.offer(u);
            }
        }

        // ---- on the UI thread

        private boolean isCurrent() {
            return current == this && gen == generation;
        }

        private void apply(List<Update<E>> batch) {
            if (!isCurrent()) {
                return;
            }
            List<E> events = new ArrayList<>();
            double last = Double.NaN;
            for (Update<E> u : batch) {
                if (u instanceof Event<E> e) {
                    events.add(e.event());
                } else if (u instanceof Progress<E> p) {
                    last = p.fraction();
                } else if (u instanceof Message<E> m) {
                    // a line goes between the events reported before and after it
                    if (!events.isEmpty()) {
                        task.onEvents.accept(List.copyOf(events));
                        events.clear();
                    }
                    task.onMessage.accept(m.line());
                }
            }
            if (!events.isEmpty()) {
                task.onEvents.accept(List.copyOf(events));
            }
            if (!Double.isNaN(last) && isCurrent()) {
                progress.set(last);
            }
        }

        private void finish(Runnable handler) {
            if (!isCurrent()) {
                return;
            }
            updates.flush();
            if (!isCurrent()) {
                return;
            }
            current = null;
            running.set(false);
            handler.run();
        }
    }
}
