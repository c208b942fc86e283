package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;

/** Turns failures into the one-line messages the pages show. */
final class Errors {

    private Errors() {
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
