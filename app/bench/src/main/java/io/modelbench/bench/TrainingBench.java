package io.modelbench.bench;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.EncodedData;
import io.modelbench.engine.model.MlpFactory;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Training throughput, all on the same SYNTHETIC data and batch size:
 * <ul>
 *   <li>MLP 784-256-256-10, batch 128: ModelBench's session ({@code Trainer.train} with an app-like listener),
 *       without and with a validation split, against a bare DL4J {@code fit(iterator)} loop on the identical
 *       network ({@code MlpFactory.build}) and the same training rows, and PyTorch;</li>
 *   <li>LeNet 28x28x1, batch 64: ModelBench's session on the same layers (a {@code ModelSpec} trained by
 *       {@code Trainer.train(ImageDataset)} with the app-like listener), bare DL4J and PyTorch.</li>
 * </ul>
 */
final class TrainingBench {

    static final int MLP_ROWS = 20_000;
    static final int MLP_INPUTS = 784;
    static final int CLASSES = 10;
    static final List<Integer> MLP_HIDDEN = List.of(256, 256);
    static final int MLP_BATCH = 128;
    static final double LR = 1e-3;
    static final long SEED = 42;
    static final double TEST_FRACTION = 0.2;
    static final double VALIDATION_FRACTION = 0.1;

    static final int LENET_SIDE = 28;
    static final int LENET_BATCH = 64;

    private final int mlpEpochs;
    private final int lenetRows;
    private final Path workDir;
    private final TorchWorker torch;
    private final ScheduledExecutorService ui = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-ui");
        t.setDaemon(true);
        return t;
    });

    TrainingBench(int mlpEpochs, int lenetRows, Path workDir, TorchWorker torch) {
        this.mlpEpochs = mlpEpochs;
        this.lenetRows = lenetRows;
        this.workDir = workDir;
        this.torch = torch;
    }

    // ---------------------------------------------------------------- MLP

    /** Trainable parameters of 784-256-256-10 (weights and biases). */
    static long mlpParams() {
        long p = 0;
        int in = MLP_INPUTS;
        for (int h : MLP_HIDDEN) {
            p += (long) in * h + h;
            in = h;
        }
        return p + (long) in * CLASSES + CLASSES;
    }

    /** Training FLOPs per sample: forward 2 per weight, backward 4 per weight: 6 x params (the usual estimate). */
    static double mlpFlopsPerSample() {
        return 6.0 * mlpParams();
    }

    /** The session's throughput over its epochs only (see {@link AppLikeListener#epochsSeconds()}). */
    static final String EPOCHS = "epochs-only samples/s (listener, batching, checkpoints)";

    /** A fresh folder for one session's checkpoints (written every epoch, as in a project run). */
    Path checkpointDir() {
        try {
            Path d = workDir.resolve("checkpoints");
            Files.createDirectories(d);
            return Files.createTempDirectory(d, "run-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover folder under the bench's work dir is harmless
        }
    }

    final class Mlp {
        final EncodedData data;
        final TrainingSettings settings;
        final DataSchema schema;
        final List<DataSet> bareBatches;
        final int bareRows;
        final Path torchFeatures;
        final Path torchLabels;

        Mlp() throws IOException {
            SyntheticData d = SyntheticData.generate(MLP_ROWS, MLP_INPUTS, CLASSES, SEED);
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < MLP_INPUTS; i++) {
                columns.add("x" + i);
            }
            List<String> labels = new ArrayList<>();
            for (int k = 0; k < CLASSES; k++) {
                labels.add(String.valueOf(k));
            }
            schema = new DataSchema(columns, "label", TaskType.CLASSIFICATION, labels);
            data = new EncodedData(schema, d.features, d.classes, null, "synthetic:mlp-20000x784", null);
            settings = new TrainingSettings(mlpEpochs, MLP_BATCH, LR, MLP_HIDDEN, SEED);

            // exactly the rows the session trains on without a validation split, standardized the same way
            DataSplit split = DataSplit.of(data.rows(), data.classes(), new SplitSettings(TEST_FRACTION, 0, SEED));
            DataSet train = dataSet(d.features, d.classes, split.train());
            NormalizerStandardize norm = new NormalizerStandardize();
            norm.fit(train);
            norm.preProcess(train);
            bareRows = train.numExamples();
            bareBatches = train.batchBy(MLP_BATCH);

            torchFeatures = workDir.resolve("mlp-train-features.f32");
            torchLabels = workDir.resolve("mlp-train-labels.i32");
            SyntheticData.writeFloats(torchFeatures, train.getFeatures().dup('c').data().asFloat());
            int[] y = new int[bareRows];
            for (int i = 0; i < bareRows; i++) {
                y[i] = d.classes[split.train()[i]];
            }
            SyntheticData.writeInts(torchLabels, y);
        }

        Interleaved.Sample session(double validationFraction) {
            TrainingRequest request = new TrainingRequest("label", TaskType.CLASSIFICATION, List.of(),
                    new SplitSettings(TEST_FRACTION, validationFraction, SEED), settings);
            AppLikeListener listener = new AppLikeListener(ui);
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            Path checkpoints = checkpointDir();
            TrainingOutcome out = new Trainer().train(data, request, listener, new StopSignal(), checkpoints);
            double seconds = (System.nanoTime() - t0) / 1e9;
            deleteTree(checkpoints);
            double cpu = cpuSeconds() - c0;
            listener.flush();
            long samples = (long) listener.trainingRows() * out.epochsCompleted();
            double fitSeconds = samples / out.samplesPerSecond();
            Map<String, Double> extras = new LinkedHashMap<>();
            extras.put(EPOCHS, samples / listener.epochsSeconds());
            extras.put("seconds of set-up and final evaluation", seconds - listener.epochsSeconds());
            extras.put("fit-only samples/s (Trainer's own figure)", out.samplesPerSecond());
            extras.put("seconds outside fit()", seconds - fitSeconds);
            extras.put("test accuracy", ((EvaluationResult.Classification) out.test()).accuracy());
            extras.put("training rows", (double) listener.trainingRows());
            extras.put("UI drains", (double) listener.drains());
            extras.put(CPU, samples / cpu);
            return new Interleaved.Sample(samples / seconds, extras);
        }

        /** DL4J's plain loop: one {@code fit(iterator)} per epoch over the prepared batches, workspaces on, no prefetch. */
        Interleaved.Sample bare() {
            return bareWith("none");
        }

        /**
         * The bare loop with one of the levers the issue names changed: DL4J's workspaces off ({@code ENABLED} is
         * DL4J's default and ModelBench's), or the batches handed out by an asynchronous prefetching iterator (a
         * second thread keeps {@code queue} batches ready; DL4J does not wrap in-memory iterators by itself).
         */
        Interleaved.Sample bareWith(String lever) {
            MultiLayerNetwork net = MlpFactory.build(schema, settings);
            if (lever.equals("workspaces off")) {
                net.getLayerWiseConfigurations().setTrainingWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
                net.getLayerWiseConfigurations().setInferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
            }
            // ExistingDataSetIterator hands out the batches as they are. (Not ListDataSetIterator(batches, 128): that
            // merges 128 list elements per next(), i.e. one 16,000-row step per epoch.)
            org.nd4j.linalg.dataset.api.iterator.DataSetIterator it = new ExistingDataSetIterator(bareBatches);
            if (lever.equals("async prefetch")) {
                it = new org.deeplearning4j.datasets.iterator.AsyncDataSetIterator(it, 4, true);
            }
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            for (int e = 0; e < mlpEpochs; e++) {
                it.reset();
                net.fit(it);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double samples = (double) bareRows * mlpEpochs;
            if (it instanceof org.deeplearning4j.datasets.iterator.AsyncDataSetIterator a) {
                a.shutdown();
            }
            return new Interleaved.Sample(samples / seconds, Map.of("final loss", net.score(), CPU, samples / (cpuSeconds() - c0)));
        }

        /**
         * ModelBench's {@code DenseTrainer} (what the session trains a plain dense network with) alone over the same
         * rows, batches and order as {@link #bare()}: the session minus its set-up, validation, events and checkpoints.
         */
        Interleaved.Sample bareDense() {
            MultiLayerNetwork net = MlpFactory.build(schema, settings);
            DataSet all = DataSet.merge(bareBatches);
            io.modelbench.engine.model.DenseTrainer t = io.modelbench.engine.model.DenseTrainer.of(net, all.getFeatures(), all.getLabels(),
                    (int) bareBatches.get(0).getFeatures().size(0));
            if (t == null) {
                throw new IllegalStateException("DenseTrainer declined the MLP: "
                        + io.modelbench.engine.model.DenseTrainer.whyNot(net, all.getFeatures(), all.getLabels(), MLP_BATCH));
            }
            int[] order = java.util.stream.IntStream.range(0, bareRows).toArray();
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            for (int e = 0; e < mlpEpochs; e++) {
                t.fitEpoch(order, () -> true, (score, n) -> { });
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double samples = (double) bareRows * mlpEpochs;
            return new Interleaved.Sample(samples / seconds, Map.of("final loss", net.score(), CPU, samples / (cpuSeconds() - c0)));
        }

        /**
         * The bare loop in a JVM of its own ({@link MlpProbe}, the guide's probe: the same shapes, data rule, batch and
         * settings), {@code epochs + 1} epochs, the first left out as warm-up: samples/s over the others. {@code jvm}:
         * extra JVM options, e.g. {@code -XX:TieredStopAtLevel=1} (C1 only: no C2 compiler thread competing for the
         * 2 cores while DL4J trains).
         */
        Interleaved.Sample child(List<String> jvm) {
            try {
                String javaCmd = ProcessHandle.current().info().command().orElse("java");
                List<String> cmd = new ArrayList<>(List.of(javaCmd));
                cmd.addAll(jvm);
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MlpProbe.class.getName(), "bench",
                        String.valueOf(mlpEpochs + 1), String.valueOf(bareRows)));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                p.waitFor();
                double seconds = 0;
                int epochs = 0;
                for (String line : out.split("\n")) {
                    if (line.startsWith("epoch ")) {
                        String[] f = line.split(" ");
                        if (Integer.parseInt(f[1]) > 1) {
                            seconds += bareRows / Double.parseDouble(f[2]);
                            epochs++;
                        }
                    }
                }
                if (epochs == 0) {
                    throw new IllegalStateException("MlpProbe printed no epochs: " + out);
                }
                return Interleaved.Sample.of(bareRows * epochs / seconds);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * The bare loop plus what the Trainer does before each epoch's fit (as of commit 1bb3efe):
         * {@code train.get(permutation(n, seed + epoch)).batchBy(batch)}. Separates that cost (and its effect on
         * fit) from the rest of the session.
         */
        Interleaved.Sample bareWithSessionBatching() {
            MultiLayerNetwork net = MlpFactory.build(schema, settings);
            DataSet train = DataSet.merge(bareBatches);
            long fitNanos = 0;
            long prepNanos = 0;
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            for (int e = 1; e <= mlpEpochs; e++) {
                long p0 = System.nanoTime();
                List<DataSet> list = trainerBatches(train, SEED + e);
                long f0 = System.nanoTime();
                prepNanos += f0 - p0;
                net.fit(new ExistingDataSetIterator(list));
                fitNanos += System.nanoTime() - f0;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double samples = (double) bareRows * mlpEpochs;
            Map<String, Double> extras = new LinkedHashMap<>();
            extras.put("fit-only samples/s", samples / (fitNanos / 1e9));
            extras.put("batching seconds per epoch", prepNanos / 1e9 / mlpEpochs);
            extras.put(CPU, samples / (cpuSeconds() - c0));
            return new Interleaved.Sample(samples / seconds, extras);
        }

        /** One epoch's mini-batches as Trainer.run makes them (commit 1bb3efe). */
        static List<DataSet> trainerBatches(DataSet train, long seed) {
            List<Integer> order = new ArrayList<>(train.numExamples());
            for (int i = 0; i < train.numExamples(); i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, new java.util.Random(seed));
            int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
            return train.get(perm).batchBy(MLP_BATCH);
        }

        /** Seconds to make one epoch's shuffled mini-batches as the Trainer does: DataSet.get(permutation).batchBy. */
        Interleaved.Sample batchingAsTrainer(DataSet train, int epoch) {
            long t0 = System.nanoTime();
            List<DataSet> list = trainerBatches(train, SEED + epoch);
            double s = (System.nanoTime() - t0) / 1e9;
            return new Interleaved.Sample(s, Map.of("batches", (double) list.size()));
        }

        /**
         * The proposed alternative: a shuffled index permutation and one native gather ({@code Nd4j.pullRows})
         * per mini-batch, from the training features and labels that stay in place.
         */
        Interleaved.Sample batchingByPullRows(DataSet train, int epoch) {
            long t0 = System.nanoTime();
            int n = train.numExamples();
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            java.util.Random rng = new java.util.Random(SEED + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            List<DataSet> list = new ArrayList<>();
            for (int from = 0; from < n; from += MLP_BATCH) {
                int[] idx = java.util.Arrays.copyOfRange(perm, from, Math.min(n, from + MLP_BATCH));
                list.add(new DataSet(Nd4j.pullRows(train.getFeatures(), 1, idx), Nd4j.pullRows(train.getLabels(), 1, idx)));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return new Interleaved.Sample(s, Map.of("batches", (double) list.size()));
        }

        /**
         * Whether permutation + pullRows gives exactly the Trainer's mini-batches (same rows, same order) for the
         * same permutation: then the proposed change keeps every training curve bit-for-bit.
         */
        boolean pullRowsGivesTheTrainersBatches(DataSet train, long seed) {
            List<DataSet> expected = trainerBatches(train, seed);
            List<Integer> order = new ArrayList<>(train.numExamples());
            for (int i = 0; i < train.numExamples(); i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, new java.util.Random(seed));
            int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
            int b = 0;
            for (int from = 0; from < perm.length; from += MLP_BATCH, b++) {
                int[] idx = java.util.Arrays.copyOfRange(perm, from, Math.min(perm.length, from + MLP_BATCH));
                if (!Nd4j.pullRows(train.getFeatures(), 1, idx).equals(expected.get(b).getFeatures())
                        || !Nd4j.pullRows(train.getLabels(), 1, idx).equals(expected.get(b).getLabels())) {
                    return false;
                }
            }
            return b == expected.size();
        }

        DataSet mergedTrain() {
            return DataSet.merge(bareBatches);
        }

        Interleaved.Sample torch() {
            return torch(torch);
        }

        /** The same through another PyTorch worker (another process environment). */
        Interleaved.Sample torch(TorchWorker worker) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("op", "mlp");
            req.put("features", torchFeatures.toString());
            req.put("labels", torchLabels.toString());
            req.put("rows", bareRows);
            req.put("cols", MLP_INPUTS);
            req.put("classes", CLASSES);
            req.put("hidden", MLP_HIDDEN);
            req.put("batch", MLP_BATCH);
            req.put("epochs", mlpEpochs);
            req.put("lr", LR);
            req.put("seed", SEED);
            var a = worker.request(req);
            return new Interleaved.Sample(a.get("samples_per_s").asDouble(), Map.of("final loss", a.get("final_loss").asDouble(),
                    CPU, a.get("samples_per_cpu_s").asDouble()));
        }
    }

    static DataSet dataSet(float[][] x, int[] classes, int[] rows) {
        float[][] fx = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            fx[i] = x[rows[i]];
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows.length, CLASSES);
        for (int i = 0; i < rows.length; i++) {
            labels.putScalar(i, classes[rows[i]], 1f);
        }
        return new DataSet(Nd4j.create(fx), labels);
    }

    // ---------------------------------------------------------------- LeNet

    /** DL4J's LeNet example: conv5x5x20 - max2 - conv5x5x50 - max2 - dense 500 relu - softmax 10; Adam; float. */
    static MultiLayerConfiguration lenet() {
        return new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .dataType(DataType.FLOAT)
                .updater(new Adam(LR))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nIn(1).stride(1, 1).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().activation(Activation.RELU).nOut(500).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(LENET_SIDE, LENET_SIDE, 1))
                .build();
    }

    /** Multiply-accumulates per sample of LeNet's forward pass, from the layer shapes (pooling/activations ignored). */
    static long lenetForwardMacs() {
        int s1 = LENET_SIDE - 4;              // conv1 5x5 valid: 24
        long conv1 = (long) s1 * s1 * 20 * (5 * 5 * 1);
        int p1 = s1 / 2;                      // 12
        int s2 = p1 - 4;                      // conv2: 8
        long conv2 = (long) s2 * s2 * 50 * (5 * 5 * 20);
        int p2 = s2 / 2;                      // 4
        long dense = (long) p2 * p2 * 50 * 500;
        long out = 500L * CLASSES;
        return conv1 + conv2 + dense + out;
    }

    /** Training FLOPs per sample: forward 2 x MACs, backward 4 x MACs (same convention as 6 x params for the MLP). */
    static double lenetFlopsPerSample() {
        return 6.0 * lenetForwardMacs();
    }

    final class LeNet {
        final float[][] features;
        final int[] classes;
        final List<DataSet> batches;
        final int rows;
        final Path torchFeatures;
        final Path torchLabels;

        LeNet() throws IOException {
            SyntheticData d = SyntheticData.generate(lenetRows, LENET_SIDE * LENET_SIDE, CLASSES, SEED + 1);
            int[] all = new int[lenetRows];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            DataSet ds = dataSet(d.features, d.classes, all);
            features = d.features;
            classes = d.classes;
            rows = lenetRows;
            batches = ds.batchBy(LENET_BATCH);
            torchFeatures = workDir.resolve("lenet-features.f32");
            torchLabels = workDir.resolve("lenet-labels.i32");
            SyntheticData.writeFloats(torchFeatures, ds.getFeatures().dup('c').data().asFloat());
            SyntheticData.writeInts(torchLabels, d.classes);
        }

        /** The bench's LeNet as a ModelBench layer list (valid padding, identity convolutions, as in {@link #lenet()}). */
        static io.modelbench.engine.api.ModelSpec spec() {
            return new io.modelbench.engine.api.ModelSpec("lenet", List.of(
                    new io.modelbench.engine.api.LayerSpec("conv", 20, 5, 1, "valid", "identity", 0, "xavier", 0),
                    io.modelbench.engine.api.LayerSpec.maxPool(2),
                    new io.modelbench.engine.api.LayerSpec("conv", 50, 5, 1, "valid", "identity", 0, "xavier", 0),
                    io.modelbench.engine.api.LayerSpec.maxPool(2),
                    new io.modelbench.engine.api.LayerSpec("dense", 500, 0, 0, null, "relu", 0, "xavier", 0)));
        }

        /**
         * ModelBench's session on the same layers and rows (the split keeps the test share out, as the MLP session
         * does; samples count the training rows): one epoch, checkpoints on (as in a project), the app-like listener on.
         */
        Interleaved.Sample session() {
            List<io.modelbench.engine.data.ImageDataset.Item> items = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                items.add(new io.modelbench.engine.data.ImageDataset.Item(Path.of("synthetic", i + ".png"), classes[i]));
            }
            List<String> labels = new ArrayList<>();
            for (int k = 0; k < CLASSES; k++) {
                labels.add(String.valueOf(k));
            }
            io.modelbench.engine.api.ImageSettings settings = new io.modelbench.engine.api.ImageSettings(LENET_SIDE, LENET_SIDE,
                    true, "0..1", null);
            io.modelbench.engine.data.ImageDataset images = new io.modelbench.engine.data.ImageDataset(Path.of("synthetic"),
                    "synthetic:lenet", labels, items, List.of(), features, settings, "synthetic");
            TrainingSettings t = new TrainingSettings(1, LENET_BATCH, LR, MLP_HIDDEN, SEED).withModel(spec());
            TrainingRequest request = new TrainingRequest("class", TaskType.CLASSIFICATION, List.of(),
                    new SplitSettings(TEST_FRACTION, 0, SEED), t);
            AppLikeListener listener = new AppLikeListener(ui);
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            Path checkpoints = checkpointDir();
            TrainingOutcome out = new Trainer().train(images, request, listener, new StopSignal(), checkpoints);
            double seconds = (System.nanoTime() - t0) / 1e9;
            deleteTree(checkpoints);
            listener.flush();
            long samples = listener.trainingRows();
            Map<String, Double> extras = new LinkedHashMap<>();
            extras.put(EPOCHS, samples / listener.epochsSeconds());
            extras.put("seconds of set-up and final evaluation", seconds - listener.epochsSeconds());
            extras.put("fit-only samples/s (Trainer's own figure)", out.samplesPerSecond());
            extras.put("seconds outside fit()", seconds - samples / out.samplesPerSecond());
            extras.put(CPU, samples / (cpuSeconds() - c0));
            return new Interleaved.Sample(samples / seconds, extras);
        }

        /** A model as {@code train} saves it (1 epoch of the session on these images), for the inference part. */
        io.modelbench.engine.model.TrainedModel trainedModel() {
            List<io.modelbench.engine.data.ImageDataset.Item> items = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                items.add(new io.modelbench.engine.data.ImageDataset.Item(Path.of("synthetic", i + ".png"), classes[i]));
            }
            for (int k = 0; k < CLASSES; k++) {
                labels.add(String.valueOf(k));
            }
            io.modelbench.engine.data.ImageDataset images = new io.modelbench.engine.data.ImageDataset(Path.of("synthetic"), "synthetic:lenet",
                    labels, items, List.of(), features, new io.modelbench.engine.api.ImageSettings(LENET_SIDE, LENET_SIDE, true, "0..1", null), "synthetic");
            TrainingRequest request = new TrainingRequest("class", TaskType.CLASSIFICATION, List.of(), new SplitSettings(TEST_FRACTION, 0, SEED),
                    new TrainingSettings(1, LENET_BATCH, LR, MLP_HIDDEN, SEED).withModel(spec()));
            return new Trainer().train(images, request, new AppLikeListener(ui), new StopSignal(), null).model();
        }

        long params() {
            MultiLayerNetwork net = new MultiLayerNetwork(lenet());
            net.init();
            return net.numParams();
        }

        /** DL4J's own loop on the same network, with the oneDNN helpers ModelBench sets when ND4J has oneDNN (none otherwise). */
        Interleaved.Sample bare() {
            MultiLayerNetwork net = new MultiLayerNetwork(lenet());
            net.init();
            io.modelbench.engine.nativeenv.OneDnn.install(net);
            ExistingDataSetIterator it = new ExistingDataSetIterator(batches);
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            net.fit(it);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Interleaved.Sample(rows / seconds, Map.of("final loss", net.score(), CPU, rows / (cpuSeconds() - c0)));
        }

        Interleaved.Sample torch() {
            return torch(torch);
        }

        /** The same through another PyTorch worker (another process environment). */
        Interleaved.Sample torch(TorchWorker worker) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("op", "lenet");
            req.put("features", torchFeatures.toString());
            req.put("labels", torchLabels.toString());
            req.put("rows", rows);
            req.put("cols", LENET_SIDE * LENET_SIDE);
            req.put("side", LENET_SIDE);
            req.put("classes", CLASSES);
            req.put("batch", LENET_BATCH);
            req.put("epochs", 1);
            req.put("lr", LR);
            req.put("seed", SEED);
            var a = worker.request(req);
            return new Interleaved.Sample(a.get("samples_per_s").asDouble(), Map.of("final loss", a.get("final_loss").asDouble(),
                    CPU, a.get("samples_per_cpu_s").asDouble()));
        }
    }

    void close() {
        ui.shutdownNow();
    }

    /** CPU seconds used by this whole process so far (all threads: ND4J's, GC, JIT, the thread standing in for the UI). */
    static double cpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    static final String CPU = "samples per CPU-second";
}
