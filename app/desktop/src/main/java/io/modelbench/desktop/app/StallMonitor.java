package io.modelbench.desktop.app;

import javafx.animation.AnimationTimer;

/**
 * Measures how long the JavaFX thread goes without a pulse (a frame) while it runs: the longest gap is the
 * longest time the window could not repaint. Used by the screenshot script and by hand
 * (-Dmodelbench.stallmonitor=true logs the figure when training ends).
 */
final class StallMonitor extends AnimationTimer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StallMonitor.class);

    private long last;
    private long maxGapNanos;
    private long frames;
    private long start;
    private final java.util.List<String> longGaps = new java.util.ArrayList<>();

    @Override
    public void handle(long now) {
        if (last != 0) {
            maxGapNanos = Math.max(maxGapNanos, now - last);
            if (now - last > 100_000_000L && longGaps.size() < 50) {
                longGaps.add(String.format("%.0f ms at %.1f s", (now - last) / 1e6, (last - start) / 1e9));
                // the wall-clock time too, to find the gap in a profiler's recording
                LOG.info("No frame for {} ms from {}", Math.round((now - last) / 1e6),
                        java.time.Instant.ofEpochMilli(System.currentTimeMillis() - (System.nanoTime() - last) / 1_000_000));
            }
        } else {
            start = now;
        }
        last = now;
        frames++;
    }

    void reset() {
        last = 0;
        maxGapNanos = 0;
        frames = 0;
        longGaps.clear();
    }

    /** Every gap over 100 ms since the reset: its length and when it began (seconds after the reset). */
    java.util.List<String> longGaps() {
        return java.util.List.copyOf(longGaps);
    }

    double maxGapMillis() {
        return maxGapNanos / 1e6;
    }

    long frames() {
        return frames;
    }
}
