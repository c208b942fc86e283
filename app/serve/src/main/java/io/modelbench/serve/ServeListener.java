package io.modelbench.serve;

/**
 * Told of every answered request. Called on the server's threads, often (thousands of times a second under load):
 * keep it short and never block; a user interface collects and shows the requests on its own schedule.
 */
@FunctionalInterface
public interface ServeListener {

    /** Listens to nothing. */
    ServeListener NONE = r -> { };

    void onRequest(ServedRequest request);
}
