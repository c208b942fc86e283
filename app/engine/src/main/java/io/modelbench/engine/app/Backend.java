package io.modelbench.engine.app;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.nativeenv.NativeEnvironment;

/**
 * The native backend (ND4J on OpenBLAS, or oneDNN where its build is on the class path) for a front end that loads it
 * itself: the command line loads it after its input checks, so that a bad argument answers at once. The desktop's
 * composition root uses {@code NativeEnvironment} directly (it must set the environment before any other thread).
 */
public final class Backend {

    private Backend() {
    }

    /** Loads the backend with ModelBench's settings (kernel, threads, flush-to-zero) and says what it found. */
    public static BackendStatus load() {
        return NativeEnvironment.load();
    }
}
