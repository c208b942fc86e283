package io.modelbench.engine.app;

import io.modelbench.engine.api.TrainingEvent;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RunWritesTest {

    private static TrainingEvent.EpochDone epoch(int n, int of) {
        return new TrainingEvent.EpochDone(n, of, 0.5, 0.4, "accuracy", 0.9, 1000, n, 1e-3);
    }

    @Test
    void theFirstAndTheLastEpochAreAlwaysWrittenAndTheOnesBetweenOnlyOnceTheIntervalAndTwentyTimesTheWriteHavePassed() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RunWrites w = new RunWrites(now::get);
        assertThat(w.due(epoch(1, 100))).isTrue();
        long t0 = w.now();
        now.addAndGet(2_000_000L);   // the write took 2 ms
        w.written(t0);

        now.addAndGet(1_000_000L);
        assertThat(w.due(epoch(2, 100))).as("1 ms later").isFalse();
        assertThat(w.due(epoch(100, 100))).as("the last epoch").isTrue();
        now.addAndGet(RunWrites.MIN_INTERVAL_NANOS);
        assertThat(w.due(epoch(3, 100))).as("the interval passed").isTrue();

        t0 = w.now();
        now.addAndGet(100_000_000L);   // a slow write: 0.1 s, so the next waits 20 × that, 2 s
        w.written(t0);
        now.addAndGet(RunWrites.MIN_INTERVAL_NANOS);
        assertThat(w.due(epoch(4, 100))).as("the interval, but not 20 x the write").isFalse();
        now.addAndGet(RunWrites.COST_FACTOR * 100_000_000L);
        assertThat(w.due(epoch(5, 100))).isTrue();
    }
}
