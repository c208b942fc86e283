package io.modelbench.engine.api;

/**
 * Steers a running training session from another thread: {@link #request()} stops it after the current
 * mini-batch; {@link #pause()} holds it between mini-batches until {@link #resume()} (or a stop).
 */
public final class StopSignal {

    private boolean requested;
    private boolean paused;

    public synchronized void request() {
        requested = true;
        notifyAll();
    }

    public synchronized boolean isRequested() {
        return requested;
    }

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /** Called by the training thread between mini-batches: waits while paused (and not stopped). */
    public synchronized void awaitWhilePaused() {
        while (paused && !requested) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                requested = true;
            }
        }
    }
}
