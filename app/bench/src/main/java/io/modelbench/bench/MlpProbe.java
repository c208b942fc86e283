package io.modelbench.bench;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.model.MlpFactory;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The guide's 0.93x probe, in a JVM of its own: the MLP 784-256-256-10 at batch 128 with Adam, the bare
 * {@code fit(iterator)} loop, one line per epoch (samples/s), so warm-up and the steady state show apart.
 * {@code java -cp modelbench-bench.jar io.modelbench.bench.MlpProbe DATA EPOCHS [ROWS]}; DATA is {@code bench} (the
 * bench's synthetic rows, standardized, {@code batchBy}), {@code copies} (the same batches, each a fresh c-order
 * copy) or {@code randn} (fresh standard-normal batches made by ND4J).
 */
final class MlpProbe {

    private MlpProbe() {
    }

    public static void main(String[] args) {
        NativeEnvironment.applyBeforeLoad();
        boolean ftz = NativeEnvironment.enableFlushToZero();
        if (args.length > 0 && args[0].equals("session")) {
            session(args.length > 1 ? Integer.parseInt(args[1]) : 2, args.length > 2 ? Double.parseDouble(args[2]) : 0);
            return;
        }
        if (args.length > 0 && args[0].equals("reference")) {
            reference(args.length > 1 ? Double.parseDouble(args[1]) : 0, args.length > 2 ? Integer.parseInt(args[2]) : 5);
            return;
        }
        String data = args.length > 0 ? args[0] : "bench";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 16_000;
        List<DataSet> batches = batches(data, rows);
        INDArray f0 = batches.get(0).getFeatures();
        System.out.printf(Locale.ROOT, "data %s: %d batches, features order %s view %s, ftz %s, env %s%n", data, batches.size(),
                f0.ordering(), f0.isView(), ftz, NativeEnvironment.applyBeforeLoad());
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < TrainingBench.MLP_INPUTS; i++) {
            columns.add("x" + i);
        }
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < TrainingBench.CLASSES; k++) {
            labels.add(String.valueOf(k));
        }
        DataSchema schema = new DataSchema(columns, "label", TaskType.CLASSIFICATION, labels);
        MultiLayerNetwork net = MlpFactory.build(schema, new TrainingSettings(epochs, TrainingBench.MLP_BATCH, TrainingBench.LR,
                TrainingBench.MLP_HIDDEN, TrainingBench.SEED));
        if (System.getProperty("probe.dense") != null) {   // ModelBench's DenseTrainer on the same rows, batches and order
            org.nd4j.linalg.dataset.DataSet all = org.nd4j.linalg.dataset.DataSet.merge(batches);
            io.modelbench.engine.model.DenseTrainer t = io.modelbench.engine.model.DenseTrainer.of(net, all.getFeatures(), all.getLabels(),
                    TrainingBench.MLP_BATCH);
            int[] order = java.util.stream.IntStream.range(0, rows).toArray();
            for (int e = 1; e <= epochs; e++) {
                long t0 = System.nanoTime();
                t.fitEpoch(order, () -> true, (score, n) -> { });
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "epoch %d %.0f samples/s loss %.4f (DenseTrainer)%n", e, rows / s, net.score());
            }
            return;
        }
        ExistingDataSetIterator it = new ExistingDataSetIterator(batches);
        for (int e = 1; e <= epochs; e++) {
            it.reset();
            long t0 = System.nanoTime();
            net.fit(it);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "epoch %d %.0f samples/s loss %.4f%n", e, rows / s, net.score());
        }
    }

    /**
     * Where a Trainer session on the bench's MLP data (checkpoints on, as in the bench) spends its time: set-up (until Started), the epochs (until
     * Finished), the end (test report, baseline, linear reference), and the pieces of the end timed alone.
     */
    static void session(int epochs, double validation) {
        SyntheticData d = SyntheticData.generate(TrainingBench.MLP_ROWS, TrainingBench.MLP_INPUTS, TrainingBench.CLASSES, TrainingBench.SEED);
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < TrainingBench.MLP_INPUTS; i++) {
            columns.add("x" + i);
        }
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < TrainingBench.CLASSES; k++) {
            labels.add(String.valueOf(k));
        }
        DataSchema schema = new DataSchema(columns, "label", TaskType.CLASSIFICATION, labels);
        var data = new io.modelbench.engine.data.EncodedData(schema, d.features, d.classes, null, "synthetic", null);
        var request = new io.modelbench.engine.api.TrainingRequest("label", TaskType.CLASSIFICATION, List.of(),
                new io.modelbench.engine.api.SplitSettings(TrainingBench.TEST_FRACTION, validation, TrainingBench.SEED),
                new TrainingSettings(epochs, TrainingBench.MLP_BATCH, TrainingBench.LR, TrainingBench.MLP_HIDDEN, TrainingBench.SEED));
        for (int rep = 0; rep < 3; rep++) {
            long[] at = new long[3];
            long t0 = System.nanoTime();
            var out = new io.modelbench.engine.train.Trainer().train(data, request, e -> {
                if (e instanceof io.modelbench.engine.api.TrainingEvent.Started) {
                    at[0] = System.nanoTime();
                } else if (e instanceof io.modelbench.engine.api.TrainingEvent.Finished) {
                    at[1] = System.nanoTime();
                }
            }, new io.modelbench.engine.api.StopSignal(), checkpoints(rep));
            long end = System.nanoTime();
            double fit = 16_000.0 * epochs / out.samplesPerSecond();
            var split = io.modelbench.engine.data.DataSplit.of(d.features.length, d.classes,
                    new io.modelbench.engine.api.SplitSettings(TrainingBench.TEST_FRACTION, validation, TrainingBench.SEED));
            long r0 = System.nanoTime();
            io.modelbench.engine.eval.LinearReference.classification(d.features, d.classes, labels, split.train(), split.validation(), split.test());
            long r1 = System.nanoTime();
            io.modelbench.engine.eval.TrustNotes.sharedRows(d.features, d.classes, null, split.train(), split.test());
            long r2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "session %d: total %.2f s; set-up %.2f; epochs %.2f (fit %.2f); end %.2f | alone: linear reference %.2f, sharedRows %.2f%n",
                    rep + 1, (end - t0) / 1e9, (at[0] - t0) / 1e9, (at[1] - at[0]) / 1e9, fit, (end - at[1]) / 1e9,
                    (r1 - r0) / 1e9, (r2 - r1) / 1e9);
        }
    }

    /**
     * The end of a session alone, without training a network: the linear reference (all penalties) and the shared-row
     * count on the session's data and split, timed {@code reps} times, with the choice and the test figures printed so
     * that a faster fit can be checked against the slower one. {@code MlpProbe reference VALIDATION [REPS]}.
     */
    static void reference(double validation, int reps) {
        SyntheticData d = SyntheticData.generate(TrainingBench.MLP_ROWS, TrainingBench.MLP_INPUTS, TrainingBench.CLASSES, TrainingBench.SEED);
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < TrainingBench.CLASSES; k++) {
            labels.add(String.valueOf(k));
        }
        var split = io.modelbench.engine.data.DataSplit.of(d.features.length, d.classes,
                new io.modelbench.engine.api.SplitSettings(TrainingBench.TEST_FRACTION, validation, TrainingBench.SEED));
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < reps; rep++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long r0 = System.nanoTime();
            var r = io.modelbench.engine.eval.LinearReference.classification(d.features, d.classes, labels, split.train(), split.validation(),
                    split.test());
            long r1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            int shared = io.modelbench.engine.eval.TrustNotes.sharedRows(d.features, d.classes, null, split.train(), split.test());
            long r2 = System.nanoTime();
            var c = (io.modelbench.engine.api.EvaluationResult.Classification) r.test();
            System.out.printf(Locale.ROOT, "reference %d: %.3f s (this thread's CPU %.3f s), sharedRows %.3f s (%d) | penalty %s, accuracy %.6f, f1 %.6f, auc %.8f | %s%n",
                    rep + 1, (r1 - r0) / 1e9, (c1 - c0) / 1e9, (r2 - r1) / 1e9, shared, r.penalty(), c.accuracy(), c.f1Macro(), c.aucMacro(), r.description());
        }
    }

    /** A fresh checkpoint folder per session, as the bench's session and a project run have. */
    private static java.nio.file.Path checkpoints(int rep) {
        try {
            return java.nio.file.Files.createTempDirectory("mlp-probe-checkpoints-" + rep + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<DataSet> batches(String data, int rows) {
        int b = TrainingBench.MLP_BATCH;
        if (data.equals("randn")) {
            List<DataSet> out = new ArrayList<>();
            Nd4j.getRandom().setSeed(TrainingBench.SEED);
            for (int from = 0; from < rows; from += b) {
                int n = Math.min(b, rows - from);
                INDArray x = Nd4j.randn(DataType.FLOAT, n, TrainingBench.MLP_INPUTS);
                INDArray y = Nd4j.zeros(DataType.FLOAT, n, TrainingBench.CLASSES);
                for (int i = 0; i < n; i++) {
                    y.putScalar(i, (from + i) % TrainingBench.CLASSES, 1f);
                }
                out.add(new DataSet(x, y));
            }
            return out;
        }
        SyntheticData d = SyntheticData.generate(rows, TrainingBench.MLP_INPUTS, TrainingBench.CLASSES, TrainingBench.SEED);
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        DataSet train = TrainingBench.dataSet(d.features, d.classes, all);
        NormalizerStandardize norm = new NormalizerStandardize();
        norm.fit(train);
        norm.preProcess(train);
        List<DataSet> out = train.batchBy(b);
        if (data.equals("copies")) {
            List<DataSet> copies = new ArrayList<>();
            for (DataSet ds : out) {
                copies.add(new DataSet(ds.getFeatures().dup('c'), ds.getLabels().dup('c')));
            }
            return copies;
        }
        return out;
    }
}
