package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;

/** Turns failures into the one-line messages the pages show. */
final class Errors {

    private Errors() {
    }

    /** Logs a failure: a user's input problem as one line, anything else with its stack trace. */
    static void log(org.slf4j.Logger log, String what, Throwable t) {
        if (t instanceof InputException) {
            log.info("{}: {}", what, t.getMessage());
        } else {
            log.warn(what, t);
        }
    }

    static String message(Throwable t) {
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
