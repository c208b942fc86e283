package io.modelbench.desktop.viewmodel;

import java.util.List;
import java.util.function.Consumer;

/**
 * One piece of work a view model hands to a {@link TaskRunner}: what runs on the worker, and what the UI thread does
 * with its outcome. Built in the style of JabRef's {@code BackgroundTask}: a work function, then handlers, each
 * optional; the runner calls at most one of success, failure and cancelled, on the UI thread, and none once the task
 * is stale (a newer task of the same runner started, or the runner was cancelled).
 *
 * <pre>{@code
 * runner.run(BackgroundTask.of(ctx -> CsvTables.read(file, ctx))
 *         .describedAs("Could not open the table")
 *         .onSuccess(table -> ...)
 *         .onFailure(error::set));
 * }</pre>
 *
 * @param <T> what the work returns
 * @param <E> the events it publishes while it runs ({@link Void} for none)
 */
public final class BackgroundTask<T, E> {

    /** The work itself, run on the runner's executor; it reports through {@code ctx} and may throw. */
    @FunctionalInterface
    public interface Work<T, E> {
        T call(TaskContext<E> ctx) throws Exception;
    }

    final Work<T, E> work;
    String what = "Background task failed";
    Consumer<? super T> onSuccess = r -> { };
    Consumer<String> onFailure = m -> { };
    Runnable onCancelled = () -> { };
    Consumer<String> onMessage = m -> { };
    Consumer<List<E>> onEvents = b -> { };
    long deliverAfterMillis;

    private BackgroundTask(Work<T, E> work) {
        this.work = work;
    }

    /** Work that publishes no events. */
    public static <T> BackgroundTask<T, Void> of(Work<T, Void> work) {
        return new BackgroundTask<>(work);
    }

    /** Work that publishes events of type {@code E} (see {@link #onEvents}). */
    public static <T, E> BackgroundTask<T, E> withEvents(Work<T, E> work) {
        return new BackgroundTask<>(work);
    }

    /** How a failure is logged ("Could not open the table"); a user's input problem is logged as one line. */
    public BackgroundTask<T, E> describedAs(String what) {
        this.what = what;
        return this;
    }

    /** The result, on the UI thread, after every event and message published before it. */
    public BackgroundTask<T, E> onSuccess(Consumer<? super T> handler) {
        this.onSuccess = handler;
        return this;
    }

    /** The failure as the one line the pages show ({@link Errors#message}), on the UI thread; it is logged too. */
    public BackgroundTask<T, E> onFailure(Consumer<String> handler) {
        this.onFailure = handler;
        return this;
    }

    /** The work gave up by throwing {@link java.util.concurrent.CancellationException} while still current. */
    public BackgroundTask<T, E> onCancelled(Runnable handler) {
        this.onCancelled = handler;
        return this;
    }

    /** Each {@link TaskContext#message} line, in order, on the UI thread. */
    public BackgroundTask<T, E> onMessage(Consumer<String> handler) {
        this.onMessage = handler;
        return this;
    }

    /** The published events in batches (a few a second however fast they come), on the UI thread. */
    public BackgroundTask<T, E> onEvents(Consumer<List<E>> handler) {
        this.onEvents = handler;
        return this;
    }

    /**
     * Hands the result to the UI thread this long after the work ended, not at once: for a page filled in steps,
     * so that one frame does not have to take everything (see {@code EvaluateViewModel.display}).
     */
    public BackgroundTask<T, E> deliverAfter(long millis) {
        this.deliverAfterMillis = millis;
        return this;
    }
}
