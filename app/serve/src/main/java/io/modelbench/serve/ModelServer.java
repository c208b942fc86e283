package io.modelbench.serve;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A local model server: hosts model zips written by ModelBench (tables and images) over HTTP, speaking the Open
 * Inference Protocol v2 and KServe v1. Secure by default (loopback, bearer token), with Prometheus metrics, a JSON
 * request log and input drift per column. Models load once; requests are predicted by a bounded pool of
 * inference threads per model, concurrent small requests batched together.
 */
public final class ModelServer implements AutoCloseable {

    private ModelServer() {
    }

    /**
     * Loads the models, then listens. A model zip that cannot be loaded, a busy port or an unusable setting is an
     * {@link io.modelbench.engine.api.InputException} naming it, thrown before anything listens.
     *
     * @param models   name (as in the URLs) → model zip, in the order listed
     * @param listener told of every answered request, on the server's threads
     */
    public static ModelServer start(ServeConfig config, Map<String, Path> models, ServeListener listener) {
        throw new UnsupportedOperationException("ModelServer: implementation follows");
    }

    /** The base URL, such as {@code http://127.0.0.1:8080}. */
    public URI url() {
        throw new UnsupportedOperationException();
    }

    public int port() {
        throw new UnsupportedOperationException();
    }

    /** The bearer token clients send, or null with {@code noToken}. */
    public String token() {
        throw new UnsupportedOperationException();
    }

    /** The file the token is kept in (mode 0600), or null with {@code noToken}. */
    public Path tokenFile() {
        throw new UnsupportedOperationException();
    }

    /** The folder of the request log. */
    public Path logDir() {
        throw new UnsupportedOperationException();
    }

    /** The served models' names, in the order given. */
    public List<String> models() {
        throw new UnsupportedOperationException();
    }

    /**
     * Replaces a served model with another zip without dropping a request: the new model loads first (an
     * InputException leaves the old one serving), then takes all new requests; requests already given to the old
     * one finish on it.
     */
    public void swap(String name, Path zip) {
        throw new UnsupportedOperationException();
    }

    /** A snapshot of counts, rate, latency percentiles and drift. */
    public ServeStats stats() {
        throw new UnsupportedOperationException();
    }

    /** Stops taking requests, lets those in flight finish, then stops listening and frees the models. */
    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }
}
