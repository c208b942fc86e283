package io.modelbench.serve;

import java.util.Arrays;

/**
 * The latencies of the model requests of the last seconds, for {@link ServeStats}' rate and percentiles: a ring of
 * the last {@link #CAPACITY} requests (time and latency); at more than CAPACITY / window requests a second the
 * window is the last CAPACITY requests, and the rate is computed over the time they span.
 */
final class LatencyWindow {

    static final int CAPACITY = 1 << 16;

    private final long[] times = new long[CAPACITY];
    private final double[] latencies = new double[CAPACITY];
    private final long started = System.nanoTime();
    private long count;

    synchronized void add(long nanoTime, double latencyMs) {
        int i = (int) (count++ & (CAPACITY - 1));
        times[i] = nanoTime;
        latencies[i] = latencyMs;
    }

    /** {requests per second, p50, p95, p99} over the last {@code seconds} (NaN percentiles when none). */
    double[] summary(long now, int seconds) {
        long from = now - seconds * 1_000_000_000L;
        double[] recent;
        long oldest;
        synchronized (this) {
            int n = (int) Math.min(count, CAPACITY);
            recent = new double[n];
            int k = 0;
            oldest = now;
            for (int i = 0; i < n; i++) { // all of them: requests end in a different order than they start
                if (times[i] >= from) {
                    recent[k++] = latencies[i];
                    oldest = Math.min(oldest, times[i]);
                }
            }
            recent = Arrays.copyOf(recent, k);
        }
        double span = Math.min(seconds, (now - Math.max(started, recent.length == CAPACITY ? oldest : from)) / 1e9);
        double rate = recent.length == 0 ? 0 : recent.length / Math.max(span, 1e-3);
        Arrays.sort(recent);
        return new double[] {rate, pct(recent, 0.50), pct(recent, 0.95), pct(recent, 0.99)};
    }

    private static double pct(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
