package io.modelbench.engine.app;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.InputException;

/**
 * How a run uses the machine, besides what it trains: CPU threads for the numeric backend ({@link #AUTO}: all cores;
 * {@link #KEEP}: leave the backend as it is, as the CLI does) and the backend's state as the front end knows it, which
 * a project run records in its {@code run.json} environment; and {@code autoSeconds}: above 0, the run first tries a
 * few sizes and learning rates within that many seconds and trains the best on the validation split
 * ({@code engine.train.AutoSearch}; 0: off).
 */
public record RunSettings(int threads, BackendStatus backend, double autoSeconds) {

    /** {@code --auto}'s time budget when none is given: two minutes. */
    public static final double DEFAULT_AUTO_SECONDS = 120;

    /** All cores. */
    public static final int AUTO = 0;
    /** Whatever the backend uses now (the CLI never sets it). */
    public static final int KEEP = -1;

    public RunSettings {
        if (threads < KEEP) {
            throw InputException.setting("threads", threads, "enter auto or a number of threads such as 2");
        }
        if (!(autoSeconds >= 0) || Double.isInfinite(autoSeconds)) {
            throw InputException.setting("time budget", autoSeconds, "give a number of seconds such as 120");
        }
    }

    /** No search. */
    public RunSettings(int threads, BackendStatus backend) {
        this(threads, backend, 0);
    }

    public static RunSettings defaults() {
        return new RunSettings(KEEP, null);
    }

    /**
     * The threads setting as typed: "auto" (or empty) for all cores, else a whole number of threads; an
     * {@link InputException} naming the setting otherwise.
     */
    public static int parseThreads(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("auto")) {
            return AUTO;
        }
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw InputException.setting("threads", text, "enter a whole number");
        }
        if (n < 0) {
            throw InputException.setting("threads", text, "enter auto or a number of threads such as 2");
        }
        return n;
    }

    public RunSettings withThreads(int n) {
        return new RunSettings(n, backend, autoSeconds);
    }

    /** With a search of a few settings within {@code seconds} (0: none). */
    public RunSettings withAuto(double seconds) {
        return new RunSettings(threads, backend, seconds);
    }
}
