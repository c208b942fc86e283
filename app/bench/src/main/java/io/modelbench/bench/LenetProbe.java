package io.modelbench.bench;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.nativeenv.NativeEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the LeNet session of {@code train} spends its time against the bare loop, in one JVM, interleaved:
 * {@code java -cp modelbench-bench.jar io.modelbench.bench.LenetProbe [ROUNDS] [IMAGES] [EPOCHS] [VALIDATION] [SETTLE_MS]}. Each round runs the
 * bench's bare LeNet {@code fit(iterator)} over all images and one session ({@code Trainer.train} on the same images,
 * the bench's split, checkpoints on), and prints the session's phases from its events: set-up (until Started), the
 * epochs' first mini-batch (batching + one step), the other mini-batches, the epoch's end (until EpochDone:
 * validation), the checkpoint and bookkeeping until Finished, and the end (test report, model card) until it returns.
 * SETTLE_MS (default 0): a pause before each session, as the bench's {@link Interleaved#SETTLE_MILLIS} before each case
 * (this machine's memory goes cold in it: docs/PERFORMANCE.md).
 */
final class LenetProbe {

    private LenetProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 640;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double validation = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        long settle = args.length > 4 ? Long.parseLong(args[4]) : 0;
        Path work = Files.createTempDirectory("lenet-probe");
        TrainingBench tb = new TrainingBench(2, images, work, null);
        TrainingBench.LeNet lenet = tb.new LeNet();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            double bare = lenet.bare().value();
            if (settle > 0) {
                Thread.sleep(settle);
            }
            long[] at = new long[6];
            int[] iters = new int[1];
            int[] rows = new int[1];
            long t0 = System.nanoTime();
            var out = session(lenet, epochs, validation, work, e -> {
                long now = System.nanoTime();
                if (e instanceof TrainingEvent.Started s) {
                    at[0] = now;
                    rows[0] = s.trainingRows();
                } else if (e instanceof TrainingEvent.IterationDone) {
                    if (iters[0]++ == 0) {
                        at[1] = now;
                    }
                    at[2] = now;
                } else if (e instanceof TrainingEvent.EpochDone) {
                    at[3] = now;
                    at[5] += now - at[2];
                } else if (e instanceof TrainingEvent.Finished) {
                    at[4] = now;
                }
            });
            long end = System.nanoTime();
            double total = (end - t0) / 1e9;
            int trainRows = rows[0];
            double session = (double) trainRows * epochs / total;
            if (r > 0) {
                ratios.add(session / bare);
            }
            System.out.printf(Locale.ROOT, "%s bare %.0f/s session %.0f/s ratio %.2f | total %.3f s: set-up %.3f, "
                            + "first step %.3f, other %d steps %.3f, to EpochDone (validation, all epochs) %.3f, to Finished %.3f, end %.3f%n",
                    r == 0 ? "warm-up" : "round " + r, bare, session, session / bare, total, (at[0] - t0) / 1e9,
                    (at[1] - at[0]) / 1e9, iters[0] - 1, (at[2] - at[1]) / 1e9, at[5] / 1e9,
                    (at[4] - at[3]) / 1e9, (end - at[4]) / 1e9);
        }
        double[] v = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "session ÷ bare (whole train() call): median %.2f [%.2f–%.2f] of %d rounds%n",
                v[v.length / 2], v[0], v[v.length - 1], v.length);
        tb.close();
    }

    /** The bench's LeNet session (TrainingBench.LeNet.session) with the given listener and epochs. */
    static io.modelbench.engine.train.TrainingOutcome session(TrainingBench.LeNet lenet, int epochs, double validation, Path work,
                                                             io.modelbench.engine.api.TrainingListener listener) throws java.io.IOException {
        List<io.modelbench.engine.data.ImageDataset.Item> items = new ArrayList<>();
        for (int i = 0; i < lenet.rows; i++) {
            items.add(new io.modelbench.engine.data.ImageDataset.Item(Path.of("synthetic", i + ".png"), lenet.classes[i]));
        }
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < TrainingBench.CLASSES; k++) {
            labels.add(String.valueOf(k));
        }
        var settings = new io.modelbench.engine.api.ImageSettings(TrainingBench.LENET_SIDE, TrainingBench.LENET_SIDE, true, "0..1", null);
        var images = new io.modelbench.engine.data.ImageDataset(Path.of("synthetic"), "synthetic:lenet", labels, items, List.of(),
                lenet.features, settings, "synthetic");
        var t = new io.modelbench.engine.api.TrainingSettings(epochs, TrainingBench.LENET_BATCH, TrainingBench.LR,
                TrainingBench.MLP_HIDDEN, TrainingBench.SEED).withModel(TrainingBench.LeNet.spec());
        var request = new io.modelbench.engine.api.TrainingRequest("class", io.modelbench.engine.api.TaskType.CLASSIFICATION, List.of(),
                new io.modelbench.engine.api.SplitSettings(TrainingBench.TEST_FRACTION, validation, TrainingBench.SEED), t);
        Path cp = Files.createTempDirectory(work, "run-");
        return new io.modelbench.engine.train.Trainer().train(images, request, listener, new StopSignal(), cp);
    }
}
