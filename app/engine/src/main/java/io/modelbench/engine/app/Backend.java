package io.modelbench.engine.app;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.nativeenv.NativeEnvironment;

import java.util.concurrent.CompletableFuture;

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

    /**
     * {@link #load()} on a daemon thread of its own, started now: a front end that knows it will need the backend
     * lets it load while it parses its options and reads its data. On a cold start the load is 0.3–0.9 s of an Iris
     * {@code train}'s ~3 s (docs/PERFORMANCE.md, "Small tables"). A failure to load completes the future with the
     * FAILED status, as {@link #load()} returns it; an exception {@link #load()} throws completes it exceptionally.
     * Start it only after the logging is configured: SLF4J 1.7 hands a thread that asks for a logger while another
     * initializes logging a substitute logger, whose level the command line could not set.
     *
     * <p>Once the future is complete the thread goes on to {@link #warmUpSerialization()} (the run no longer waits for
     * it), so that saving the model at the end of a short run does not pay DL4J's JSON set-up.
     */
    public static CompletableFuture<BackendStatus> loadInBackground() {
        CompletableFuture<BackendStatus> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            BackendStatus status;
            try {
                status = load();
                f.complete(status);
            } catch (Throwable e) {
                f.completeExceptionally(e);
                return;
            }
            if (status.state() != BackendStatus.State.FAILED) {
                warmUpSerialization();
            }
        }, "modelbench-backend-load");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * Writes a two-layer network's configuration as JSON and drops it: the first {@code toJson()} in a process sets up
     * DL4J's JSON mappers and loads their classes, 0.2–0.5 s of a cold Iris {@code train}'s model save (the rest of
     * the save takes 0.01 s; docs/PERFORMANCE.md, "Small tables"), which this moves to a thread that would otherwise
     * be idle while the network trains. Harmless when it fails: the save then pays as before. True when it ran.
     */
    static boolean warmUpSerialization() {
        try {
            new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().list()
                    .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(2).nOut(2).build())
                    .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(2).nOut(2).build())
                    .build().toJson();
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
