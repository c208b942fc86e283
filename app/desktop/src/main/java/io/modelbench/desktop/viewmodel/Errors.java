package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.app.Failures;

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

    /** The one line a page shows: the engine's words for a user's input problem, else "Unexpected failure: ...". */
    static String message(Throwable t) {
        return Failures.message(t);
    }
}
