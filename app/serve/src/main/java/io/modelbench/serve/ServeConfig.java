package io.modelbench.serve;

import java.nio.file.Path;

/**
 * How a {@link ModelServer} listens and works. {@link #defaults()} is secure by default: loopback only, a bearer
 * token from {@code ~/.modelbench/serve/token} (created on first start), 10 MB request bodies, no CORS.
 *
 * @param host         address to listen on; {@code 127.0.0.1} by default (other machines cannot connect)
 * @param port         TCP port; 0 picks a free one ({@link ModelServer#port()} tells which)
 * @param tokenFile    where the bearer token is kept (read, or created with mode 0600); null: the default file
 * @param noToken      serve without a token (refused unless {@code host} is a loopback address)
 * @param logDir       folder of the request log ({@code requests.jsonl}, rotated by size); null: the default folder
 * @param maxBatch     most rows one network call gets when concurrent requests are batched together (lower where
 *                     the model would round a batch differently from rows alone; see {@code HostedModel})
 * @param maxDelayMs   how long a worker waits for requests still being read to fill a batch (0: takes what is
 *                     queued; a lone client never waits)
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param tlsKeystore  a PKCS#12 keystore: serve HTTPS with its key (null: plain HTTP)
 * @param tlsPassword  the keystore's password (with {@code tlsKeystore})
 * @param corsOrigin   the one browser origin allowed to call the server (null: CORS off)
 * @param workers      inference threads per model, each with its own copy of the network
 */
public record ServeConfig(String host, int port, Path tokenFile, boolean noToken, Path logDir, int maxBatch,
                          int maxDelayMs, long maxBodyBytes, Path tlsKeystore, char[] tlsPassword, String corsOrigin,
                          int workers) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BATCH = 32;
    public static final int DEFAULT_MAX_DELAY_MS = 2;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public ServeConfig {
        if (host == null || host.isBlank()) {
            host = DEFAULT_HOST;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxBatch < 1 || maxDelayMs < 0 || maxBodyBytes < 1 || workers < 1) {
            throw new IllegalArgumentException("maxBatch, maxBodyBytes and workers must be positive, maxDelayMs not negative");
        }
        tlsPassword = tlsPassword == null ? null : tlsPassword.clone();
    }

    /** Loopback, port 8080, the default token file and log folder, batches of 32 within 2 ms, 10 MB bodies. */
    public static ServeConfig defaults() {
        return new ServeConfig(DEFAULT_HOST, DEFAULT_PORT, null, false, null, DEFAULT_MAX_BATCH, DEFAULT_MAX_DELAY_MS,
                DEFAULT_MAX_BODY_BYTES, null, null, null, defaultWorkers());
    }

    /** Two inference threads per model where there are two cores or more (one batch computes while the next fills). */
    public static int defaultWorkers() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** {@code ~/.modelbench/serve}: the default token file and log folder live there. */
    public static Path defaultFolder() {
        return Path.of(System.getProperty("user.home"), ".modelbench", "serve");
    }

    /** The token file used: {@link #tokenFile} or {@code ~/.modelbench/serve/token}. */
    public Path effectiveTokenFile() {
        return tokenFile != null ? tokenFile : defaultFolder().resolve("token");
    }

    /** The request log folder used: {@link #logDir} or {@code ~/.modelbench/serve/logs}. */
    public Path effectiveLogDir() {
        return logDir != null ? logDir : defaultFolder().resolve("logs");
    }

    @Override
    public char[] tlsPassword() {
        return tlsPassword == null ? null : tlsPassword.clone();
    }

    public ServeConfig withHost(String v) {
        return new ServeConfig(v, port, tokenFile, noToken, logDir, maxBatch, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    public ServeConfig withPort(int v) {
        return new ServeConfig(host, v, tokenFile, noToken, logDir, maxBatch, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    public ServeConfig withTokenFile(Path v) {
        return new ServeConfig(host, port, v, noToken, logDir, maxBatch, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    public ServeConfig withNoToken(boolean v) {
        return new ServeConfig(host, port, tokenFile, v, logDir, maxBatch, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    public ServeConfig withLogDir(Path v) {
        return new ServeConfig(host, port, tokenFile, noToken, v, maxBatch, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    public ServeConfig withMaxBatch(int v) {
        return new ServeConfig(host, port, tokenFile, noToken, logDir, v, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    public ServeConfig withMaxDelayMs(int v) {
        return new ServeConfig(host, port, tokenFile, noToken, logDir, maxBatch, v, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    public ServeConfig withMaxBodyBytes(long v) {
        return new ServeConfig(host, port, tokenFile, noToken, logDir, maxBatch, maxDelayMs, v, tlsKeystore, tlsPassword, corsOrigin, workers);
    }

    /** HTTPS with the key in a PKCS#12 keystore and its password; null keystore: plain HTTP. */
    public ServeConfig withTls(Path keystore, char[] password) {
        return new ServeConfig(host, port, tokenFile, noToken, logDir, maxBatch, maxDelayMs, maxBodyBytes, keystore, password, corsOrigin, workers);
    }

    public ServeConfig withCorsOrigin(String v) {
        return new ServeConfig(host, port, tokenFile, noToken, logDir, maxBatch, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, v, workers);
    }

    public ServeConfig withWorkers(int v) {
        return new ServeConfig(host, port, tokenFile, noToken, logDir, maxBatch, maxDelayMs, maxBodyBytes, tlsKeystore, tlsPassword, corsOrigin, v);
    }

    @Override
    public String toString() {
        return "ServeConfig[host=" + host + ", port=" + port + ", tokenFile=" + tokenFile + ", noToken=" + noToken + ", logDir=" + logDir
                + ", maxBatch=" + maxBatch + ", maxDelayMs=" + maxDelayMs + ", maxBodyBytes=" + maxBodyBytes + ", tlsKeystore=" + tlsKeystore
                + ", corsOrigin=" + corsOrigin + ", workers=" + workers + "]";
    }
}
