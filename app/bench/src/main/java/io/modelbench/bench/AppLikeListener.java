package io.modelbench.bench;

import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Does on the training thread what the desktop app does (app/desktop's EventCoalescer, copied here because the
 * bench must not depend on JavaFX): each event goes into a lock-free queue, and a drain is scheduled on a
 * separate "UI" thread 50 ms later if none is pending. The drain keeps the last iteration and one point per
 * epoch, as TrainViewModel does.
 */
final class AppLikeListener implements TrainingListener {

    private final ConcurrentLinkedQueue<TrainingEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService ui;

    // touched only on the "UI" thread
    private final List<TrainingEvent.EpochDone> points = new ArrayList<>();
    private TrainingEvent.IterationDone lastIteration;
    private int trainingRows;
    private long events;
    private int drains;

    AppLikeListener(ScheduledExecutorService ui) {
        this.ui = ui;
    }

    // touched only on the training thread: when the epochs began and ended
    private long startedNanos;
    private long finishedNanos;

    @Override
    public void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.Started) {
            startedNanos = System.nanoTime();
        } else if (event instanceof TrainingEvent.Finished) {
            finishedNanos = System.nanoTime();
        }
        queue.add(event);
        if (scheduled.compareAndSet(false, true)) {
            ui.schedule(this::drain, 50, TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<TrainingEvent> batch = new ArrayList<>();
        for (TrainingEvent e; (e = queue.poll()) != null; ) {
            batch.add(e);
        }
        drains++;
        for (TrainingEvent e : batch) {
            events++;
            if (e instanceof TrainingEvent.Started s) {
                trainingRows = s.trainingRows();
            } else if (e instanceof TrainingEvent.IterationDone it) {
                lastIteration = it;
            } else if (e instanceof TrainingEvent.EpochDone ep) {
                points.add(ep);
            }
        }
    }

    /** Delivers what is left (on the UI thread) and waits; afterwards the getters are safe to read. */
    void flush() {
        try {
            ui.submit(this::drain).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Seconds from the session's Started event to its Finished event: the epochs with everything the session does
     * per epoch (shuffling and batching, this listener, checkpoints, validation), without the one-time set-up before
     * (split, scaling, building the network) and the final evaluation after. Read after the session returned.
     */
    double epochsSeconds() {
        return (finishedNanos - startedNanos) / 1e9;
    }

    int trainingRows() {
        return trainingRows;
    }

    long events() {
        return events;
    }

    int drains() {
        return drains;
    }

    List<TrainingEvent.EpochDone> points() {
        return points;
    }

    TrainingEvent.IterationDone lastIteration() {
        return lastIteration;
    }
}
