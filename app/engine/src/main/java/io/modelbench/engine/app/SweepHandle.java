package io.modelbench.engine.app;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepResult;

import java.util.concurrent.CompletableFuture;

/**
 * A sweep started in the background ({@link Sweeps#start}): pause, resume or stop it from any thread (the JavaFX
 * thread included: these only set a flag), and get its {@link SweepResult} from {@link #result()}.
 */
public final class SweepHandle {

    private final StopSignal stop;
    private final CompletableFuture<SweepResult> result;

    SweepHandle(StopSignal stop, CompletableFuture<SweepResult> result) {
        this.stop = stop;
        this.result = result;
    }

    /** Holds every running trial between mini-batches and starts no new one until {@link #resume()}. */
    public void pause() {
        stop.pause();
    }

    public void resume() {
        stop.resume();
    }

    public boolean isPaused() {
        return stop.isPaused();
    }

    /** Stops the running trials (each keeps its best epoch), starts no more, and evaluates the best so far. */
    public void stop() {
        stop.request();
    }

    /** Completes with the sweep's result, or exceptionally with its failure (an {@code InputException} for bad input). */
    public CompletableFuture<SweepResult> result() {
        return result;
    }
}
