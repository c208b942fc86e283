package io.modelbench.engine.model;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * JavaCPP's OpenBLAS loaded once per JVM, for the fast trainers and the BLAS forward pass. {@code Loader.load} took
 * 1–10 ms on every call (median ~1.8 ms: a look-up of its loaded-library tables by class and platform properties),
 * once per training session and once per model a server loads (issue 17); here it runs in this class's initialization,
 * which the JVM does once, thread-safely, and whose outcome never changes after.
 */
final class OpenBlas {

    /** Why OpenBLAS could not be loaded, or null when it was. */
    private static final Throwable FAILURE = load();

    private OpenBlas() {
    }

    private static Throwable load() {
        try {
            Loader.load(openblas_nolapack.class);
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e;
        }
    }

    /** Returns when OpenBLAS is loaded; throws a LinkageError (the load's failure as its cause) when it could not be. */
    static void require() {
        if (FAILURE != null) {
            throw new LinkageError("OpenBLAS could not be loaded through JavaCPP", FAILURE);
        }
    }
}
