package io.modelbench.engine.app;

import io.modelbench.engine.api.StopSignal;

import java.util.concurrent.CompletableFuture;

/**
 * A run started in the background ({@link RunService#startTraining}, {@link RunService#startResume}): stop or pause
 * it from any thread, and get its {@link RunResult} (or its failure) from {@link #result()}.
 */
public final class RunHandle {

    private final StopSignal stop;
    private final CompletableFuture<RunResult> result;

    RunHandle(StopSignal stop, CompletableFuture<RunResult> result) {
        this.stop = stop;
        this.result = result;
    }

    /** Stops after the current mini-batch; the model so far is kept and a checkpoint written (project or checkpoint folder). */
    public void stop() {
        stop.request();
    }

    /** Holds the run between mini-batches until {@link #resume()} or {@link #stop()}. */
    public void pause() {
        stop.pause();
    }

    public void resume() {
        stop.resume();
    }

    public boolean isPaused() {
        return stop.isPaused();
    }

    public boolean isStopRequested() {
        return stop.isRequested();
    }

    /** The signal the run watches (for code that steers runs through a {@link StopSignal}). */
    public StopSignal signal() {
        return stop;
    }

    /** Completes with the result, or exceptionally with the run's failure (an {@code InputException} for bad input). */
    public CompletableFuture<RunResult> result() {
        return result;
    }
}
