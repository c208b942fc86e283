package io.modelbench.serve;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a running server. Rates and latency percentiles are over the last {@link #WINDOW_SECONDS}
 * seconds (NaN when no request came in that time); counts are since the start.
 *
 * @param inFlight requests received and not yet answered
 */
public record ServeStats(Instant time, long requests, long errors, double requestsPerSecond, double p50Ms, double p95Ms,
                         double p99Ms, int inFlight, List<ModelStats> models) {

    /** The window of the rate and the percentiles. */
    public static final int WINDOW_SECONDS = 5;

    public ServeStats {
        models = List.copyOf(models);
    }

    /**
     * One served model since it started (a swap starts its counts and drift again).
     *
     * @param rows  rows predicted
     * @param drift one per input column (empty for an image model)
     */
    public record ModelStats(String model, long requests, long errors, long rows, List<ColumnDrift> drift) {

        public ModelStats {
            drift = List.copyOf(drift);
        }
    }
}
