package io.modelbench.bench;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.serve.ModelServer;
import io.modelbench.serve.ServeConfig;
import io.modelbench.serve.ServeListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The {@code serve} part: a real {@link ModelServer} (loopback, token on, the CLI's defaults) serving the Iris MLP
 * (the app's default 32-16 network trained on the bundled sample), driven by a load generator in this JVM, against
 * the bare ceiling in the same run: {@code MultiLayerNetwork.output()} on the same rows already encoded and scaled.
 * <p>
 * The load generator speaks HTTP/1.1 over plain sockets with keep-alive (one connection per client, a request
 * written whole, the answer read by its Content-Length), so the client side costs as little CPU as possible: on 2
 * cores the clients and the server share the machine. Every loop is bounded by a deadline and a request count.
 */
final class ServeBench {

    /** Clients of the throughput test, each with its own connection, one request at a time. */
    static final int CLIENTS = 16;
    /** The large request: rows in one KServe v1 call. */
    static final int BIG_ROWS = 1_000;

    record Result(Interleaved.Series load, Interleaved.Series bare1, Interleaved.Series big, Interleaved.Series bareBig,
                  Interleaved.Series predictBig, double loadSeconds) {
    }

    private final Path work;
    private final Consumer<String> log;
    private final Table iris;
    private TrainedModel model;
    private ModelServer server;
    private byte[][] oneRowBodies;
    private byte[] bigBody;
    private INDArray[] oneRowFeatures;
    private INDArray bigFeatures;
    private float[][] bigRaw;

    ServeBench(Path work, Consumer<String> log) {
        this.work = work;
        this.log = log;
        this.iris = Samples.open(Samples.find("iris"));
    }

    /** Trains the model, starts the server, then alternates the cases for {@code reps} rounds. */
    Result run(int reps, double loadSeconds) throws IOException {
        Path dir = Files.createDirectories(work.resolve("serve"));
        Path zip = dir.resolve("iris-model.zip");
        var outcome = new io.modelbench.engine.train.Trainer().train(iris,
                TrainingRequest.of("species", TrainingSettings.defaults()), TrainingListener.NONE, new StopSignal());
        ModelFiles.save(outcome.model(), zip);
        model = ModelFiles.load(zip);
        prepareRows();
        ServeConfig config = ServeConfig.defaults().withPort(0).withTokenFile(dir.resolve("token")).withLogDir(dir.resolve("logs"));
        server = ModelServer.start(config, Map.of("iris", zip), ServeListener.NONE);
        log.accept("  serving at " + server.url() + " (" + config + ")");
        try {
            List<Interleaved.Case> cases = List.of(
                    new Interleaved.Case("server: " + CLIENTS + " clients x 1-row requests (requests/s)", () -> load(loadSeconds)),
                    new Interleaved.Case("bare net.output(), 1 row per call (calls/s, 1 thread)", () -> bareOneRow(loadSeconds / 2)),
                    new Interleaved.Case("server: one " + BIG_ROWS + "-row request (ms)", this::bigRequest),
                    new Interleaved.Case("bare net.output() on " + BIG_ROWS + " rows (ms)", this::bareBig),
                    new Interleaved.Case("TrainedModel.predict on " + BIG_ROWS + " rows (ms)", this::predictBig));
            var r = Interleaved.run(cases, 1, reps, log);
            var names = new ArrayList<>(r.keySet());
            return new Result(r.get(names.get(0)), r.get(names.get(1)), r.get(names.get(2)), r.get(names.get(3)),
                    r.get(names.get(4)), loadSeconds);
        } finally {
            server.close();
        }
    }

    /** Request bodies for every Iris row, the 1,000-row body, and the same rows encoded and scaled for the bare calls. */
    private void prepareRows() {
        int n = iris.rowCount();
        List<String> inputs = model.card().inputColumns();
        int[] cols = inputs.stream().mapToInt(c -> iris.columns().indexOf(c)).toArray();
        String[] rows = new String[n];
        for (int r = 0; r < n; r++) {
            String[] cells = iris.row(r);
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < cols.length; i++) {
                sb.append(i == 0 ? "" : ", ").append('"').append(inputs.get(i)).append("\": ").append(cells[cols[i]]);
            }
            rows[r] = sb.append('}').toString();
        }
        oneRowBodies = new byte[n][];
        for (int r = 0; r < n; r++) {
            oneRowBodies[r] = ("{\"instances\": [" + rows[r] + "]}").getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder big = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < BIG_ROWS; i++) {
            big.append(i == 0 ? "" : ", ").append(rows[i % n]);
        }
        bigBody = big.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        float[][] raw = model.encode(iris);
        INDArray all = Nd4j.create(raw);
        if (model.normalizer() != null) {
            model.normalizer().transform(all);
        }
        oneRowFeatures = new INDArray[n];
        for (int r = 0; r < n; r++) {
            oneRowFeatures[r] = all.getRow(r, true).dup();
        }
        int[] idx = new int[BIG_ROWS];
        bigRaw = new float[BIG_ROWS][];
        for (int i = 0; i < BIG_ROWS; i++) {
            idx[i] = i % n;
            bigRaw[i] = raw[i % n];
        }
        bigFeatures = Nd4j.pullRows(all, 1, idx).dup('c');
    }

    /** {@link #CLIENTS} threads, each on its own keep-alive connection, sending 1-row requests until the deadline. */
    private Interleaved.Sample load(double seconds) {
        int maxPerClient = 200_000;
        long[][] latencies = new long[CLIENTS][maxPerClient];
        int[] counts = new int[CLIENTS];
        AtomicLong failures = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try (Client http = new Client(server.port(), server.token())) {
                    http.post("/v1/models/iris:predict", oneRowBodies[client]);   // connect and warm this connection
                    ready.countDown();
                    go.await();
                    long deadline = window[1];
                    int i = 0;
                    while (i < maxPerClient) {
                        long t0 = System.nanoTime();
                        if (t0 >= deadline) {
                            break;
                        }
                        int status = http.post("/v1/models/iris:predict", oneRowBodies[(client * 7 + i) % oneRowBodies.length]);
                        latencies[client][i++] = System.nanoTime() - t0;
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    counts[client] = i;
                } catch (IOException | InterruptedException e) {
                    failures.incrementAndGet();
                    ready.countDown();
                }
            }, "bench-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            ready.await();
            window[0] = System.nanoTime();
            window[1] = window[0] + (long) (seconds * 1e9);
            go.countDown();
            for (Thread t : threads) {
                t.join((long) (seconds * 1000) + 30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        int total = Arrays.stream(counts).sum();
        double[] ms = new double[total];
        int k = 0;
        for (int c = 0; c < CLIENTS; c++) {
            for (int i = 0; i < counts[c]; i++) {
                ms[k++] = latencies[c][i] / 1e6;
            }
        }
        Arrays.sort(ms);
        return new Interleaved.Sample(total / elapsed, Map.of("p50 ms", Stats.quantile(ms, 0.50), "p95 ms", Stats.quantile(ms, 0.95),
                "p99 ms", Stats.quantile(ms, 0.99), "requests", (double) total, "failed", (double) failures.get()));
    }

    /** The ceiling of one-row requests: net.output() on one encoded, scaled row per call, one thread. */
    private Interleaved.Sample bareOneRow(double seconds) {
        MultiLayerNetwork net = model.network();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        int calls = 0;
        synchronized (model) {   // the model's own lock: its network is not thread-safe
            while (calls < 5_000_000 && System.nanoTime() < deadline) {
                net.output(oneRowFeatures[calls % oneRowFeatures.length]);
                calls++;
            }
        }
        return Interleaved.Sample.of(calls / ((System.nanoTime() - t0) / 1e9));
    }

    /** One 1,000-row request, repeated 10 times on one connection; the median in ms. */
    private Interleaved.Sample bigRequest() {
        double[] ms = new double[10];
        try (Client http = new Client(server.port(), server.token())) {
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                int status = http.post("/v1/models/iris:predict", bigBody);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (status != 200) {
                    throw new IllegalStateException("the " + BIG_ROWS + "-row request was answered " + status);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Interleaved.Sample.of(Stats.of(ms).median());
    }

    private Interleaved.Sample bareBig() {
        MultiLayerNetwork net = model.network();
        double[] ms = new double[10];
        synchronized (model) {
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                net.output(bigFeatures);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return Interleaved.Sample.of(Stats.of(ms).median());
    }

    /** The engine's call for rows already encoded: scale, output, labels and probabilities (TrainedModel.predict). */
    private Interleaved.Sample predictBig() {
        double[] ms = new double[10];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            model.predict(bigRaw);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return Interleaved.Sample.of(Stats.of(ms).median());
    }

    /** A minimal HTTP/1.1 client on one keep-alive socket: POST a JSON body, read the status and the whole answer. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String head;

        Client(int port, String token) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            head = "Host: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: ";
        }

        /** The status code; the body is read (and dropped) so that the connection can carry the next request. */
        int post(String path, byte[] body) throws IOException {
            byte[] start = ("POST " + path + " HTTP/1.1\r\n" + head + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] req = Arrays.copyOf(start, start.length + body.length);
            System.arraycopy(body, 0, req, start.length, body.length);
            out.write(req);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            long length = 0;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(h.substring(colon + 1).trim());
                }
            }
            for (long left = length; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("the server closed the connection");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** "p50 1.2 / p95 3.4 / p99 5.6 ms" from a load series' extras (medians over the rounds). */
    static String latencies(Interleaved.Series load) {
        return String.format(Locale.ROOT, "p50 %.2f / p95 %.2f / p99 %.2f ms", Stats.of(load.extra("p50 ms")).median(),
                Stats.of(load.extra("p95 ms")).median(), Stats.of(load.extra("p99 ms")).median());
    }
}
