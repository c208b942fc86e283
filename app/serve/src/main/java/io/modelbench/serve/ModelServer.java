package io.modelbench.serve;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.modelbench.engine.Versions;
import io.modelbench.engine.api.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local model server: hosts model zips written by ModelBench (tables and images) over HTTP, speaking the Open
 * Inference Protocol v2 and KServe v1. Secure by default (loopback, bearer token), with Prometheus metrics, a JSON
 * request log and input drift per column. Models load once; requests are predicted by a bounded pool of
 * inference threads per model ({@link HostedModel}), concurrent small requests batched together.
 *
 * <p>HTTP is the JDK's {@code com.sun.net.httpserver} (see the module's pom for why): its one dispatcher thread
 * accepts connections and hands each request to a pool of {@link #HTTP_THREADS} threads, which read, wait for
 * their prediction and answer. The pool is larger than the inference workers on purpose: a request waiting for
 * its batch holds a thread but no core.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    static final int HTTP_THREADS = 64;
    private static final long DRAIN_MS = 30_000;

    private final ServeConfig config;
    private final ServeListener listener;
    private final Map<String, AtomicReference<HostedModel>> models = new LinkedHashMap<>();
    private final ServeMetrics metrics;
    private final LatencyWindow window = new LatencyWindow();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong requestCounter = new AtomicLong();
    private final String idPrefix;
    private final Object swapLock = new Object();
    private String token;
    private Path tokenFile;
    private RequestLog log;
    private HttpServer http;
    private ExecutorService httpPool;
    private URI url;
    private volatile boolean closing;

    private ModelServer(ServeConfig config, ServeListener listener) {
        this.config = config;
        this.listener = listener == null ? ServeListener.NONE : listener;
        this.metrics = new ServeMetrics(this::hostedModels);
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        this.idPrefix = java.util.HexFormat.of().formatHex(b) + "-";
    }

    /**
     * Loads the models, then listens. A model zip that cannot be loaded, a busy port or an unusable setting is an
     * {@link InputException} naming it, thrown before anything listens. Loading takes a second or more per model
     * (the native backend must be loaded already): call it off a user interface's thread.
     *
     * @param models   name (as in the URLs) → model zip, in the order listed
     * @param listener told of every answered request, on the server's threads (null: no one)
     */
    public static ModelServer start(ServeConfig config, Map<String, Path> models, ServeListener listener) {
        if (models.isEmpty()) {
            throw InputException.general("no model to serve", "give at least one model: --model NAME=MODEL.zip");
        }
        InetAddress host = resolve(config.host());
        if (config.noToken() && !host.isLoopbackAddress()) {
            throw InputException.setting("--no-token", "with --host " + config.host(),
                    "a server without a token only listens on a loopback address (127.0.0.1, ::1); keep the token to listen on "
                            + config.host());
        }
        ModelServer s = new ModelServer(config, listener);
        try {
            models.forEach((name, zip) -> {
                checkName(name);
                s.models.put(name, new AtomicReference<>(HostedModel.load(name, zip, config, n -> s.metrics.batchRows.labelValues(name).observe(n))));
            });
            if (!config.noToken()) {
                s.tokenFile = config.effectiveTokenFile().toAbsolutePath();
                s.token = Tokens.loadOrCreate(s.tokenFile);
            }
            s.log = new RequestLog(config.effectiveLogDir(), RequestLog.MAX_BYTES);
            s.listen(host);
            return s;
        } catch (RuntimeException e) {
            s.models.values().forEach(r -> r.get().close(1000));
            if (s.log != null) {
                s.log.close();
            }
            throw e;
        }
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw InputException.setting("model name", name, "use letters, digits, '.', '_' or '-' (it becomes part of the URL)");
        }
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw InputException.setting("--host", host, "give an address of this machine, such as 127.0.0.1 or 0.0.0.0");
        }
    }

    private void listen(InetAddress host) {
        // Without TCP_NODELAY the JDK server's two writes per answer (headers, then body) meet the client's delayed
        // ACK: every answer with a body waited ~40 ms (measured here: one client 19 requests/s, p50 48 ms; with it
        // 370 requests/s, p50 1.35 ms, on a busy 2-core machine). Read once, when the JDK server's configuration
        // class loads; a value the user set stays.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        InetSocketAddress at = new InetSocketAddress(host, config.port());
        try {
            if (config.tlsKeystore() != null) {
                HttpsServer https = HttpsServer.create(at, 256);
                https.setHttpsConfigurator(new HttpsConfigurator(sslContext()));
                http = https;
            } else {
                http = HttpServer.create(at, 256);
            }
        } catch (BindException e) {
            throw InputException.setting("--port", config.port(), "the port is in use on " + config.host()
                    + " (" + e.getMessage() + "); choose another, or 0 for a free one");
        } catch (IOException e) {
            throw InputException.setting("--host", config.host(), "the server cannot listen there: " + e.getMessage());
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "modelbench-serve-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        httpPool = pool;
        http.setExecutor(pool);
        http.createContext("/", new Routes(this, config));
        http.start();
        String h = host.isAnyLocalAddress() ? "127.0.0.1" : host.getHostAddress();
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        url = URI.create((config.tlsKeystore() != null ? "https" : "http") + "://" + h + ":" + http.getAddress().getPort());
        LOG.info("Serving {} at {}", models.keySet(), url);
    }

    private SSLContext sslContext() {
        Path ks = config.tlsKeystore();
        char[] password = config.tlsPassword();
        try (InputStream in = Files.newInputStream(ks)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw InputException.file(ks, "cannot be used as a PKCS#12 keystore: " + e.getMessage(),
                    "check the keystore and its password file (--tls-password-file)");
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    /** The base URL, such as {@code http://127.0.0.1:8080}. */
    public URI url() {
        return url;
    }

    public int port() {
        return url.getPort();
    }

    /** The bearer token clients send, or null with {@code noToken}. */
    public String token() {
        return token;
    }

    /** The file the token is kept in (mode 0600), or null with {@code noToken}. */
    public Path tokenFile() {
        return tokenFile;
    }

    /** The folder of the request log ({@code requests.jsonl}). */
    public Path logDir() {
        return log.dir();
    }

    public ServeConfig config() {
        return config;
    }

    /** The served models' names, in the order given. */
    public List<String> models() {
        return List.copyOf(models.keySet());
    }

    /**
     * Replaces a served model with another zip without dropping a request: the new model loads first (an
     * InputException leaves the old one serving), then takes all new requests; requests already given to the old
     * one finish on it, after which its threads stop.
     */
    public void swap(String name, Path zip) {
        AtomicReference<HostedModel> ref = models.get(name);
        if (ref == null) {
            throw InputException.setting("model", name, "swap one of the served models: " + String.join(", ", models.keySet()));
        }
        synchronized (swapLock) {
            HostedModel next = HostedModel.load(name, zip, config, n -> metrics.batchRows.labelValues(name).observe(n));
            HostedModel old = ref.getAndSet(next);
            old.close(DRAIN_MS);
            LOG.info("Model {} now serves {}", name, zip);
        }
    }

    /** A snapshot of counts, rate, latency percentiles and drift. */
    public ServeStats stats() {
        double[] w = window.summary(System.nanoTime(), ServeStats.WINDOW_SECONDS);
        List<ServeStats.ModelStats> per = new ArrayList<>();
        long requests = 0;
        long errors = 0;
        for (HostedModel m : hostedModels()) {
            long r = m.requests.sum();
            long e = m.errors.sum();
            requests += r;
            errors += e;
            per.add(new ServeStats.ModelStats(m.name, r, e, m.rows.sum(), m.drift.snapshot()));
        }
        return new ServeStats(Instant.now(), requests, errors, w[0], w[1], w[2], w[3], inFlight.get(), per);
    }

    /**
     * Lets the requests in flight finish (new ones get 503 meanwhile, the readiness check too), then stops listening
     * and frees the models. Waits up to 30 s for the requests in flight.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        long deadline = System.currentTimeMillis() + DRAIN_MS;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.stop(0);
        httpPool.shutdown();
        hostedModels().forEach(m -> m.close(DRAIN_MS));
        log.close();
        LOG.info("Stopped serving at {}", url);
    }

    // ---------------------------------------------------------------- for Routes

    HostedModel hosted(String name) {
        AtomicReference<HostedModel> ref = models.get(name);
        return ref == null ? null : ref.get();
    }

    private Collection<HostedModel> hostedModels() {
        return models.values().stream().map(AtomicReference::get).toList();
    }

    ServeMetrics metrics() {
        return metrics;
    }

    boolean ready() {
        return !closing;
    }

    String version() {
        return Versions.modelBench();
    }

    String nextRequestId() {
        return idPrefix + Long.toHexString(requestCounter.incrementAndGet());
    }

    /**
     * Counts a request in; true when the server still takes new ones. On the same lock as {@link #close}'s decision, so
     * a request counted before closing began is answered (close waits for it) and one counted after gets 503.
     */
    synchronized boolean requestStarted() {
        inFlight.incrementAndGet();
        metrics.inFlight.inc();
        return !closing;
    }

    void requestEnded() {
        inFlight.decrementAndGet();
        metrics.inFlight.dec();
    }

    /** Logs, counts and reports one answered request. */
    void record(ServedRequest r, long startNanos) {
        metrics.requests.labelValues(r.model() == null ? "" : r.model(), r.protocol(), Integer.toString(r.status())).inc();
        if (r.model() != null) {
            HostedModel m = hosted(r.model());
            if (m != null) {
                m.requests.increment();
                if (r.failed()) {
                    m.errors.increment();
                }
            }
            metrics.latency.labelValues(r.model()).observe(r.latencyMs() / 1000);
            if (r.status() == 200 && r.rows() > 0) {
                metrics.rows.labelValues(r.model()).inc(r.rows());
            }
            window.add(startNanos, r.latencyMs());
        }
        log.write(r);
        try {
            listener.onRequest(r);
        } catch (RuntimeException e) {
            LOG.warn("A serve listener failed: {}", e.toString());
        }
    }
}
