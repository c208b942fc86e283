package io.modelbench.cli;

import io.modelbench.engine.api.InputException;
import io.modelbench.serve.ModelServer;
import io.modelbench.serve.ServeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code modelbench serve}: puts model zips in service over HTTP (Open Inference Protocol v2 and KServe v1) until
 * SIGTERM or Ctrl+C. When it listens, stdout gets one JSON line {@code {"url", "models", "token_file", "log_dir"}};
 * on SIGTERM/SIGINT it answers the requests in flight, stops and exits 0. A bad model zip, a busy port or a bad
 * option is exit status 2 with one line on stderr, before anything listens.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {
                "Serve saved models over HTTP until stopped (SIGTERM or Ctrl+C).",
                "Open Inference Protocol v2 (/v2/models/NAME/infer) and KServe v1 (/v1/models/NAME:predict); "
                        + "GET /openapi.json describes both.",
                "Listens on 127.0.0.1; every request but /v2/health/live and /v2/health/ready needs "
                        + "'Authorization: Bearer TOKEN' (the token is in --token-file, created on first start, mode 0600).",
                "When ready, stdout gets one line: {\"url\": ..., \"models\": [...], \"token_file\": ..., \"log_dir\": ...}."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "NAME=MODEL.zip",
            description = "A model saved by 'modelbench train', served at /v2/models/NAME (repeat for more; "
                    + "without NAME= the file name is the name).")
    List<String> models;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServeConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every network).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServeConfig.DEFAULT_PORT,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one, the ready line says which).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Where the bearer token is kept; created with a new random token if missing (default: ~/.modelbench/serve/token).")
    Path tokenFile;

    @Option(names = "--no-token", description = "Serve without a token (only on a loopback address such as 127.0.0.1).")
    boolean noToken;

    @Option(names = "--log-dir", paramLabel = "FOLDER",
            description = "Folder of the request log requests.jsonl, one JSON line per request, rotated at 10 MB "
                    + "(default: ~/.modelbench/serve/logs).")
    Path logDir;

    @Option(names = "--max-batch", paramLabel = "ROWS", defaultValue = "" + ServeConfig.DEFAULT_MAX_BATCH,
            description = "Most rows predicted in one network call when concurrent requests are batched (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-delay-ms", paramLabel = "MS", defaultValue = "" + ServeConfig.DEFAULT_MAX_DELAY_MS,
            description = "How long a batch waits for requests already arriving (default: ${DEFAULT-VALUE}).")
    int maxDelayMs;

    @Option(names = "--workers", paramLabel = "N",
            description = "Inference threads per model, each with its own copy of the network (default: 2, 1 on one core).")
    Integer workers;

    @Option(names = "--max-body-mb", paramLabel = "MB", defaultValue = "10",
            description = "Larger request bodies get 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyMb;

    @Option(names = "--tls-keystore", paramLabel = "KEYSTORE.p12", description = "Serve HTTPS with the key in this PKCS#12 keystore.")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "A file whose first line is the keystore's password.")
    Path tlsPasswordFile;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Let web pages from this origin (such as https://app.example.com) call the server; CORS is off without it.")
    String corsOrigin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ServeConfig config = config();
        Map<String, Path> zips = models();
        CliSupport.loadNative();
        ModelServer server = ModelServer.start(config, zips, null);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(server::close, "modelbench-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook); // any other way the JVM ends: still drain
        boolean signals = onSignals(stop::countDown);
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("url", server.url().toString());
        ready.put("models", server.models());
        ready.put("token_file", server.tokenFile() == null ? null : server.tokenFile().toString());
        ready.put("log_dir", server.logDir().toString());
        CliSupport.printJson(spec.commandLine().getOut(), ready);
        if (!signals) {
            Thread.currentThread().join(); // the shutdown hook drains when the JVM is told to stop
        }
        stop.await();
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyStopping) {
            // the JVM is shutting down anyway
        }
        return 0;
    }

    /**
     * SIGTERM and SIGINT end the wait instead of the JVM, so the requests in flight are answered and the exit status
     * is 0 (a JVM ended by SIGTERM exits with 143). False where the JVM does not let us handle them.
     */
    @SuppressWarnings("restriction")
    private static boolean onSignals(Runnable stop) {
        try {
            for (String name : List.of("TERM", "INT")) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> stop.run());
            }
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            return false;
        }
    }

    private ServeConfig config() {
        ServeConfig c = ServeConfig.defaults();
        if (port < 0 || port > 65535) {
            throw InputException.setting("--port", port, "give a port from 0 (a free one) to 65535");
        }
        if (maxBatch < 1) {
            throw InputException.setting("--max-batch", maxBatch, "give 1 or more rows");
        }
        if (maxDelayMs < 0) {
            throw InputException.setting("--max-delay-ms", maxDelayMs, "give 0 or more milliseconds");
        }
        if (maxBodyMb < 1) {
            throw InputException.setting("--max-body-mb", maxBodyMb, "give 1 or more megabytes");
        }
        if (workers != null && workers < 1) {
            throw InputException.setting("--workers", workers, "give 1 or more threads");
        }
        c = c.withHost(host).withPort(port).withTokenFile(tokenFile).withNoToken(noToken).withLogDir(logDir)
                .withMaxBatch(maxBatch).withMaxDelayMs(maxDelayMs).withMaxBodyBytes(maxBodyMb * 1024L * 1024L)
                .withCorsOrigin(corsOrigin);
        if (workers != null) {
            c = c.withWorkers(workers);
        }
        if (tlsKeystore != null || tlsPasswordFile != null) {
            if (tlsKeystore == null || tlsPasswordFile == null) {
                throw InputException.setting(tlsKeystore == null ? "--tls-password-file" : "--tls-keystore",
                        tlsKeystore == null ? tlsPasswordFile : tlsKeystore, "give both --tls-keystore and --tls-password-file");
            }
            if (!Files.isRegularFile(tlsKeystore)) {
                throw InputException.file(tlsKeystore, "does not exist", "give the PKCS#12 keystore with the server's key");
            }
            c = c.withTls(tlsKeystore, password(tlsPasswordFile));
        }
        return c;
    }

    private static char[] password(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw InputException.file(file, "is empty", "write the keystore's password on its first line");
            }
            return lines.get(0).toCharArray();
        } catch (IOException e) {
            throw InputException.file(file, "cannot be read: " + e.getMessage(), "give the file with the keystore's password");
        }
    }

    private Map<String, Path> models() {
        Map<String, Path> out = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        for (String m : models) {
            int eq = m.indexOf('=');
            Path zip = CliSupport.path(eq < 0 ? m : m.substring(eq + 1), "--model");
            String name = eq < 0 ? stem(zip) : m.substring(0, eq).strip();
            if (seen.contains(name)) {
                throw InputException.setting("--model", m, "each model needs its own name: --model NAME=MODEL.zip");
            }
            seen.add(name);
            out.put(name, zip);
        }
        return out;
    }

    private static String stem(Path zip) {
        String n = zip.getFileName() == null ? "model" : zip.getFileName().toString();
        return n.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
    }
}
