package io.modelbench.desktop.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one place where engine events cross to the UI thread. Worker threads {@link #offer} events at any rate;
 * the UI thread receives them in batches, at most one batch per {@code intervalMillis} (about 20 per second),
 * so a fast training run cannot flood the UI thread with work.
 */
public final class EventCoalescer<T> {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final UiScheduler ui;
    private final long intervalMillis;
    private final Consumer<List<T>> consumer;

    public EventCoalescer(UiScheduler ui, long intervalMillis, Consumer<List<T>> consumer) {
        this.ui = ui;
        this.intervalMillis = intervalMillis;
        this.consumer = consumer;
    }

    /** Called on any thread. */
    public void offer(T event) {
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            ui.schedule(this::drain, intervalMillis);
        }
    }

    /** Delivers everything offered so far now (on the UI thread): call before acting on a final event. */
    public void flush() {
        drain();
    }

    private void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T e; (e = queue.poll()) != null; ) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
