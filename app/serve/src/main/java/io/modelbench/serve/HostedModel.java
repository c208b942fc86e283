package io.modelbench.serve;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.FeatureEncoder;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * One served model: the zip loaded once, and {@code workers} inference threads that each own a copy of the
 * network (DL4J networks are not safe for concurrent {@code output} calls; copies share nothing). Requests are
 * queued as rows already encoded exactly as {@code TrainedModel.predict(Table)} encodes them; a worker takes the
 * first queued request and, while it has fewer than {@code maxBatch} rows, the next ones, waiting up to
 * {@code maxDelayMs} only while requests for this model are still being read ({@link #arriving}), so a lone
 * client never waits for a batch that will not come. One network call predicts the batch; each request gets its
 * rows back. A request with more rows than {@code maxBatch} runs alone: the other workers keep serving the small
 * ones, so one large request does not hold up the rest.
 *
 * <p>Batching never changes an answer. OpenBLAS picks its matrix kernel by size (on SkylakeX a "small matrix" kernel
 * below a size, which rounds differently in the last bit), so a row predicted in a batch of 80 can differ in the
 * 7th digit from the same row alone, as it does in {@code modelbench predict} for a 1-row and an 80-row file. At load
 * {@link #sameAsAlone} finds, with random rows, the largest batch whose rows all come out exactly as each alone; only
 * requests that fit in it together are batched, so every request gets exactly what {@code predict} writes for a
 * CSV of its rows, whatever else is served at the time.
 */
final class HostedModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostedModel.class);
    private static final Job STOP = new Job(new float[0][], null);

    final String name;
    final Path zip;
    final TrainedModel model;
    final double loadSeconds;
    final Drift drift;
    final AtomicInteger arriving = new AtomicInteger();
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rows = new LongAdder();
    private final ThreadLocal<FeatureEncoder> encoders;
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    /** The largest batch whose rows come out exactly as each row alone (at most {@code maxBatch}). */
    final int maxBatch;
    private final long maxDelayNanos;
    private final IntConsumer batchRows;
    private boolean closed;

    private record Job(float[][] x, CompletableFuture<Predictions> result) {
    }

    private HostedModel(String name, Path zip, TrainedModel model, double loadSeconds, int maxBatch, ServeConfig config,
                        IntConsumer batchRows) {
        this.name = name;
        this.zip = zip;
        this.model = model;
        this.loadSeconds = loadSeconds;
        this.drift = new Drift(model.card());
        this.encoders = ThreadLocal.withInitial(model::newEncoder);
        this.maxBatch = maxBatch;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(config.maxDelayMs());
        this.batchRows = batchRows;
    }

    /**
     * Loads the zip (an InputException naming it when it is not a ModelBench model), finds the batch size that
     * keeps answers exact, makes one copy of the network per further worker, predicts one row on each (the first
     * call of a network is slow) and starts the workers.
     */
    static HostedModel load(String name, Path zip, ServeConfig config, IntConsumer batchRows) {
        long t0 = System.nanoTime();
        TrainedModel first = ModelFiles.load(zip);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        int width = first.inputShape().size();
        int batch;
        try {
            batch = sameAsAlone(first, width, config.maxBatch());
        } catch (RuntimeException e) {
            throw io.modelbench.engine.api.InputException.file(zip, "loads but cannot predict (" + e.getMessage() + ")",
                    "choose a model exported by ModelBench with this version", e);
        }
        if (batch < config.maxBatch()) {
            LOG.info("Model {}: batches of up to {} rows (not {}) give every row exactly as predicted alone", name, batch, config.maxBatch());
        }
        HostedModel h = new HostedModel(name, zip, first, loadSeconds, batch, config, batchRows);
        for (int i = 0; i < config.workers(); i++) {
            TrainedModel replica = i == 0 ? first : new TrainedModel(first.network().clone(), first.normalizer(), first.card());
            Thread t = new Thread(() -> h.work(replica, width), "modelbench-serve-" + name + "-" + i);
            t.setDaemon(true);
            h.threads.add(t);
        }
        h.threads.forEach(Thread::start);
        return h;
    }

    /**
     * The largest n ≤ {@code most} such that predicting n rows together gives each row bit for bit what predicting
     * it alone gives, tried on {@code most} random rows (the kernel choice depends on the sizes, not the values).
     */
    static int sameAsAlone(TrainedModel m, int width, int most) {
        java.util.Random rnd = new java.util.Random(7);
        float[][] x = new float[most][width];
        for (float[] row : x) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        Predictions[] alone = new Predictions[most];
        for (int i = 0; i < most; i++) {
            alone[i] = m.predict(new float[][] {x[i]});
        }
        for (int n = 2; n <= most; n++) {
            Predictions p = m.predict(java.util.Arrays.copyOf(x, n));
            for (int r = 0; r < n; r++) {
                if (!sameRow(p, r, alone[r])) {
                    return n - 1;
                }
            }
        }
        return most;
    }

    private static boolean sameRow(Predictions batch, int r, Predictions one) {
        if (batch.values() != null) {
            return Double.compare(batch.values()[r], one.values()[0]) == 0;
        }
        return java.util.Arrays.equals(batch.probabilities()[r], one.probabilities()[0]);
    }

    boolean readsImages() {
        return model.readsImages();
    }

    /** A forecasting model: its requests carry windows of past values ({@code engine.app.WindowForecasts}), not rows. */
    boolean forecasts() {
        return model.forecasts();
    }

    boolean classifies() {
        return model.schema().task() == TaskType.CLASSIFICATION;
    }

    /** The table's rows as model inputs, encoded as {@code predict} encodes a CSV file (an InputException naming the cell). */
    float[][] encode(Table table) {
        return model.encode(table, encoders.get());   // a sequence classifier's padded steps marked, as predict does
    }

    /** Queues encoded rows; null when this model was closed (swapped out) meanwhile: ask the current one. */
    synchronized CompletableFuture<Predictions> submit(float[][] x) {
        if (closed) {
            return null;
        }
        CompletableFuture<Predictions> f = new CompletableFuture<>();
        queue.add(new Job(x, f));
        return f;
    }

    private void work(TrainedModel replica, int width) {
        NativeEnvironment.enableFlushToZero(); // as the command line's predict runs (its thread loads the backend)
        try {
            replica.predict(new float[1][width]);
        } catch (RuntimeException e) {
            LOG.warn("Warming up model {} failed: {}", name, e.toString());
        }
        List<Job> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                Job first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                int n = first.x.length;
                long deadline = System.nanoTime() + maxDelayNanos;
                while (n < maxBatch) { // a request with more rows than maxBatch runs alone
                    Job next = queue.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || arriving.get() == 0) {
                            break;
                        }
                        next = queue.poll(Math.min(left, 200_000), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            continue;
                        }
                    }
                    if (next == STOP) {
                        stop = true;
                        break;
                    }
                    if (n + next.x.length > maxBatch) {
                        queue.addFirst(next);
                        break;
                    }
                    batch.add(next);
                    n += next.x.length;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
            if (!batch.isEmpty()) {
                run(replica, batch);
            }
        }
    }

    private void run(TrainedModel replica, List<Job> batch) {
        try {
            if (batch.size() == 1) {
                batchRows.accept(batch.get(0).x.length);
                batch.get(0).result.complete(replica.predict(batch.get(0).x));
                return;
            }
            int n = batch.stream().mapToInt(j -> j.x.length).sum();
            float[][] all = new float[n][];
            int o = 0;
            for (Job j : batch) {
                System.arraycopy(j.x, 0, all, o, j.x.length);
                o += j.x.length;
            }
            batchRows.accept(n);
            Predictions p = replica.predict(all);
            o = 0;
            for (Job j : batch) {
                j.result.complete(slice(p, o, j.x.length));
                o += j.x.length;
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(j -> j.result.completeExceptionally(e));
        }
    }

    static Predictions slice(Predictions p, int from, int n) {
        String[] predicted = java.util.Arrays.copyOfRange(p.predicted(), from, from + n);
        double[][] probs = p.probabilities() == null ? null : java.util.Arrays.copyOfRange(p.probabilities(), from, from + n);
        double[] values = p.values() == null ? null : java.util.Arrays.copyOfRange(p.values(), from, from + n);
        return new Predictions(p.task(), p.labels(), predicted, probs, values);
    }

    /** Takes no more requests; the workers finish the queued ones, then stop. Waits for them up to {@code waitMs}. */
    void close(long waitMs) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            threads.forEach(t -> queue.add(STOP));
        }
        long deadline = System.currentTimeMillis() + waitMs;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        close(30_000);
    }
}
