package io.modelbench.desktop.app;

import javafx.animation.AnimationTimer;

/**
 * Measures how long the JavaFX thread goes without a pulse (a frame) while it runs: the longest gap is the
 * longest time the window could not repaint. Used by the screenshot script and by hand
 * (-Dmodelbench.stallmonitor=true logs the figure when training ends).
 */
final class StallMonitor extends AnimationTimer {

    private long last;
    private long maxGapNanos;
    private long frames;

    @Override
    public void handle(long now) {
        if (last != 0) {
            maxGapNanos = Math.max(maxGapNanos, now - last);
        }
        last = now;
        frames++;
    }

    void reset() {
        last = 0;
        maxGapNanos = 0;
        frames = 0;
    }

    double maxGapMillis() {
        return maxGapNanos / 1e6;
    }

    long frames() {
        return frames;
    }
}
