package io.modelbench.engine.api;

/** Asks a running training session to stop after its current mini-batch. Thread-safe. */
public final class StopSignal {

    private volatile boolean requested;

    public void request() {
        requested = true;
    }

    public boolean isRequested() {
        return requested;
    }
}
