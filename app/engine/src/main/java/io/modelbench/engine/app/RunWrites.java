package io.modelbench.engine.app;

import io.modelbench.engine.api.TrainingEvent;

/**
 * When a training run's {@code run.json} is next rewritten with its epochs so far: after the first epoch, after the
 * last one the run was asked for, and in between once {@link #MIN_INTERVAL_NANOS} and {@link #COST_FACTOR} times the
 * last write's own time have passed. Every epoch used to rewrite it (the whole history, a new JSON mapper each time:
 * 5–50 ms): with the dense trainer an Iris epoch takes about a millisecond, so a 240-epoch run spent most of its time
 * writing the same file (issue 17). The end of a run (finished, stopped or failed) writes the whole record anyway; a
 * crash loses at most the last interval's epoch lines, never a checkpoint.
 */
final class RunWrites {

    static final long MIN_INTERVAL_NANOS = 500_000_000L;
    static final int COST_FACTOR = 20;

    private final java.util.function.LongSupplier clock;
    private boolean any;
    private long lastEnd;
    private long lastCost;

    RunWrites() {
        this(System::nanoTime);
    }

    /** With another clock (nanoseconds), for tests. */
    RunWrites(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether this epoch's record should be written now. */
    boolean due(TrainingEvent.EpochDone d) {
        if (!any || d.epoch() >= d.totalEpochs()) {
            return true;
        }
        long since = clock.getAsLong() - lastEnd;
        return since >= MIN_INTERVAL_NANOS && since >= COST_FACTOR * lastCost;
    }

    /** The clock's time now, to pass to {@link #written} after the write. */
    long now() {
        return clock.getAsLong();
    }

    /** A write that began at {@code startNanos} ({@link #now}) has just ended. */
    void written(long startNanos) {
        any = true;
        lastEnd = clock.getAsLong();
        lastCost = lastEnd - startNanos;
    }
}
