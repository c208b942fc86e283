package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;

/** A failure in one line, as run files record it and front ends show it. */
public final class Failures {

    private Failures() {
    }

    /**
     * The {@link InputException}'s message (it names the file, line, column or setting and what to do) wherever it is
     * in the cause chain; anything else as "Unexpected failure: ... (details in the log)".
     */
    public static String message(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && !(c instanceof InputException)) {
            c = c.getCause();
        }
        if (c instanceof InputException ie) {
            return ie.getMessage();
        }
        String m = c.getMessage();
        return "Unexpected failure: " + (m == null ? c.getClass().getSimpleName() : m) + " (details in the log)";
    }
}
