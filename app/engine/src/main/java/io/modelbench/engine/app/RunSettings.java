package io.modelbench.engine.app;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.InputException;

/**
 * How a run uses the machine, besides what it trains: CPU threads for the numeric backend ({@link #AUTO}: all cores;
 * {@link #KEEP}: leave the backend as it is, as the CLI does) and the backend's state as the front end knows it, which
 * a project run records in its {@code run.json} environment.
 */
public record RunSettings(int threads, BackendStatus backend) {

    /** All cores. */
    public static final int AUTO = 0;
    /** Whatever the backend uses now (the CLI never sets it). */
    public static final int KEEP = -1;

    public RunSettings {
        if (threads < KEEP) {
            throw InputException.setting("threads", threads, "enter auto or a number of threads such as 2");
        }
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
        return new RunSettings(n, backend);
    }
}
