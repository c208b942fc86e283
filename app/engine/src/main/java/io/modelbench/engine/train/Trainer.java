package io.modelbench.engine.train;

import io.modelbench.engine.Versions;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.EncodedData;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.data.FeatureEncoder;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.model.NetworkFactory;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableEncoder;
import io.modelbench.engine.data.Values;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.model.MlpFactory;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a multilayer perceptron on a table: schema and column types, rows with a missing target (or a
 * missing drop-row input) left out, stratified split, encoding (fill values, categories) and normalization
 * fitted on the training split only, one {@code fit(iterator)} per epoch with a seeded shuffle, typed events
 * to the listener, test figures at the end. Runs on the calling thread; the same seed gives the same result.
 */
public final class Trainer {

    /** The share of a run's time that checkpoints may take by default (see {@link #Trainer(double)}). */
    public static final double CHECKPOINT_SHARE = 0.05;

    private final double checkpointShare;

    /** Checkpoints take at most {@link #CHECKPOINT_SHARE} of the run's time. */
    public Trainer() {
        this(CHECKPOINT_SHARE);
    }

    /**
     * @param checkpointShare the share of the run's time that checkpoints may take: after an epoch a checkpoint is
     *                        written once the time since the last one is at least the last write's time divided by
     *                        this (1 or more: after every epoch). Always after the last epoch, an epoch with a new
     *                        lowest validation loss, the epoch where early stopping ends the run, and on Stop (the
     *                        last completed epoch, kept in memory). A crash loses at most the epochs since the last
     *                        checkpoint; writing one after every epoch cost this MLP 784-256-256-10 ~110 ms per
     *                        0.8 s epoch.
     */
    public Trainer(double checkpointShare) {
        if (!(checkpointShare > 0)) {
            throw new IllegalArgumentException("checkpointShare must be > 0: " + checkpointShare);
        }
        this.checkpointShare = checkpointShare;
    }

    public TrainingOutcome train(Table table, TrainingRequest request, TrainingListener listener, StopSignal stop) {
        return train(table, request, listener, stop, null);
    }

    /**
     * Trains and, when {@code checkpointDir} is not null, writes checkpoints there (see {@link #Trainer(double)}: last
     * and best), from which {@link #resume} continues.
     */
    public TrainingOutcome train(Table table, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                 Path checkpointDir) {
        return run(prepare(table, request), request, listener, stop, checkpointDir == null ? null : new Checkpoints(checkpointDir), null);
    }

    /**
     * Continues the run checkpointed in {@code checkpointDir} on the same table up to {@code totalEpochs}
     * epochs in all; the optimizer state, the split and the shuffling continue exactly where they were, so
     * the result is the one an uninterrupted run would have given.
     */
    public TrainingOutcome resume(Table table, Path checkpointDir, int totalEpochs, TrainingListener listener, StopSignal stop) {
        Checkpoints cp = new Checkpoints(checkpointDir);
        Checkpoints.State state = resumeState(cp, table.source(), table.sha256(), totalEpochs);
        TrainingRequest request = state.request().withTraining(state.request().training().withEpochs(totalEpochs));
        return run(prepare(table, request), request, listener, stop, cp, state);
    }

    /** Trains on an image folder (always classification: one class per subfolder); see the table variant. */
    public TrainingOutcome train(ImageDataset images, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                 Path checkpointDir) {
        return run(prepare(images, request), request, listener, stop,
                checkpointDir == null ? null : new Checkpoints(checkpointDir), null);
    }

    /** Continues a run on an image folder; the folder must be read with the checkpoint's {@link #checkpointImageSettings}. */
    public TrainingOutcome resume(ImageDataset images, Path checkpointDir, int totalEpochs, TrainingListener listener,
                                  StopSignal stop) {
        Checkpoints cp = new Checkpoints(checkpointDir);
        Checkpoints.State state = resumeState(cp, images.source(), images.sha256(), totalEpochs);
        if (state.images() == null || !state.images().equals(images.settings())) {
            throw InputException.file(checkpointDir, "holds a run on " + (state.images() == null ? "a table" : "images read as "
                    + state.images().width() + "x" + state.images().height() + (state.images().grayscale() ? " grayscale" : " RGB")),
                    "resume with the same data and image settings");
        }
        TrainingRequest request = state.request().withTraining(state.request().training().withEpochs(totalEpochs));
        return run(prepare(images, request), request, listener, stop, cp, state);
    }

    /** The last epoch checkpointed in the folder (a run resumes after it). */
    public static int checkpointEpoch(Path checkpointDir) {
        return new Checkpoints(checkpointDir).readState().epoch();
    }

    /** The image settings of the run checkpointed in the folder (null for a run on a table). */
    public static ImageSettings checkpointImageSettings(Path checkpointDir) {
        return new Checkpoints(checkpointDir).readState().images();
    }

    private static Checkpoints.State resumeState(Checkpoints cp, String source, String sha256, int totalEpochs) {
        Checkpoints.State state = cp.readState();
        if (state.sha256() != null && !state.sha256().equals(sha256)) {
            throw InputException.file(source, "is not the data the checkpoint in " + cp.dir()
                    + " was trained on (" + state.source() + "; its content changed)", "resume with the same data, or train anew");
        }
        if (totalEpochs <= state.epoch()) {
            throw InputException.setting("epochs", totalEpochs, "the checkpoint has " + state.epoch()
                    + " epochs already: ask for more to continue");
        }
        return state;
    }

    /** Everything a run needs from its data, in numbers. */
    private record Prepared(DataSchema schema, FeatureEncoder encoder, float[][] x, int[] classes, float[] y,
                            DataSplit split, int[] sourceRow, long[] sourceLine, String source, String sha256,
                            int sourceRows, int dropped, InputShape shape, ImageSettings images) {
    }

    private static Prepared prepare(ImageDataset images, TrainingRequest request) {
        DataSchema schema = new DataSchema(List.of(), List.of(), request.targetColumn(), TaskType.CLASSIFICATION,
                images.labels(), java.util.Map.of());
        int[] classes = images.classes();
        DataSplit split = DataSplit.of(images.size(), classes, request.split());
        int[] rows = java.util.stream.IntStream.range(0, images.size()).toArray();
        long[] lines = java.util.stream.LongStream.range(1, images.size() + 1L).toArray();
        return new Prepared(schema, FeatureEncoder.numeric(List.of()), images.pixels(), classes, null, split, rows, lines,
                images.source(), images.sha256(), images.size() + images.skipped().size(), images.skipped().size(),
                images.settings().shape(), images.settings());
    }

    private static Prepared prepare(Table table, TrainingRequest request) {
        PreparationSettings prep = request.preparation();
        DataSchema schema = TableEncoder.inferSchema(table, request.targetColumn(), request.task(), request.ignoredColumns(), prep);
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        int t = TableEncoder.requireColumn(table, schema.targetColumn());
        int[] dropColumns = schema.featureColumns().stream()
                .filter(c -> prep.missingFor(c, schema.typeOf(c)) == MissingStrategy.DROP_ROW)
                .mapToInt(table::indexOf).toArray();
        int[] keep = java.util.stream.IntStream.range(0, table.rowCount())
                .filter(r -> !TableEncoder.targetMissing(table, r, t))
                .filter(r -> Arrays.stream(dropColumns).noneMatch(c -> table.isMissing(r, c)))
                .toArray();
        if (keep.length < 2) {
            throw InputException.file(table.source(), "has " + keep.length + " usable rows after leaving out rows with missing values",
                    "fill in missing values, or choose another missing-value strategy than drop");
        }
        Table kept = table.select(keep);
        int[] classes = cls ? TableEncoder.classIndices(kept, schema) : null;
        float[] targets = cls ? null : TableEncoder.targets(kept, schema);
        DataSplit split = DataSplit.of(kept.rowCount(), classes, request.split());
        FeatureEncoder encoder = FeatureEncoder.fit(kept, split.train(), schema, prep);
        float[][] x = encoder.encode(kept);
        long[] lines = java.util.Arrays.stream(keep).mapToLong(table::line).toArray();
        return new Prepared(schema, encoder, x, classes, targets, split, keep, lines, table.source(), table.sha256(),
                table.rowCount(), table.rowCount() - keep.length, InputShape.vector(encoder.width()), null);
    }

    /**
     * Trains on data already in numbers, all inputs numeric with no missing values (the request's target,
     * task, ignored columns and column settings are taken from {@code data.schema()}); used by benchmarks.
     */
    public TrainingOutcome train(EncodedData data, TrainingRequest request, TrainingListener listener, StopSignal stop) {
        return train(data, request, listener, stop, null);
    }

    /** As {@link #train(EncodedData, TrainingRequest, TrainingListener, StopSignal)}, checkpointing into
     * {@code checkpointDir} (null: none) as the app does for a project's run. */
    public TrainingOutcome train(EncodedData data, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                 Path checkpointDir) {
        DataSplit split = DataSplit.of(data.rows(), data.classes(), request.split());
        int[] rows = java.util.stream.IntStream.range(0, data.rows()).toArray();
        long[] lines = java.util.stream.LongStream.range(2, data.rows() + 2L).toArray();
        return run(new Prepared(data.schema(), FeatureEncoder.numeric(data.schema().featureColumns()), data.features(),
                data.classes(), data.targets(), split, rows, lines, data.source(), data.sha256(), data.rows(), 0,
                InputShape.vector(data.schema().featureColumns().size()), null), request, listener, stop,
                checkpointDir == null ? null : new Checkpoints(checkpointDir), null);
    }

    private TrainingOutcome run(Prepared p, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                Checkpoints checkpoints, Checkpoints.State resumeFrom) {
        DataSchema schema = p.schema();
        FeatureEncoder encoder = p.encoder();
        float[][] x = p.x();
        int[] classes = p.classes();
        float[] y = p.y();
        DataSplit split = p.split();
        String source = p.source();
        String sha256 = p.sha256();
        NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        TrainingSettings s = request.training();
        PreparationSettings prep = request.preparation();
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        int outputs = schema.outputCount();

        DataSet train = dataSet(x, classes, y, split.train(), outputs);
        DataSet val = split.validation().length == 0 ? null : dataSet(x, classes, y, split.validation(), outputs);
        DataSet test = dataSet(x, classes, y, split.test(), outputs);

        DataNormalization norm = p.images() != null ? pixelScaler(p.images()) : normalizer(prep.normalization());
        if (norm != null) {
            norm.fitLabel(!cls && prep.normalization() == Normalization.STANDARDIZE);
            norm.fit(train);
            norm.preProcess(train);
            if (val != null) {
                norm.preProcess(val);
            }
        }
        double[] weights = cls && prep.weightClasses() ? classWeights(classes, split.train(), outputs) : null;

        MultiLayerNetwork net = resumeFrom != null ? checkpoints.loadLast()
                : NetworkFactory.build(s.spec(), p.shape(), outputs, schema.task(), s, weights);
        if (p.shape().image()) {
            io.modelbench.engine.nativeenv.OneDnn.install(net);
        }
        int startEpoch = resumeFrom == null ? 1 : resumeFrom.epoch() + 1;
        EpochLossListener lossListener = new EpochLossListener(listener);
        net.setListeners(lossListener);

        int patience = s.optimization().patience();
        if (patience > 0 && val == null) {
            throw InputException.setting("early stopping", patience,
                    "early stopping watches the validation split: set a validation fraction above 0");
        }
        double bestLoss = resumeFrom == null ? Double.POSITIVE_INFINITY : resumeFrom.bestLoss();
        int bestEpoch = resumeFrom == null ? 0 : resumeFrom.bestEpoch();
        INDArray bestParams = resumeFrom == null || bestEpoch == 0 ? null : checkpoints.loadBestParams();
        String note = "";
        int batches = (train.numExamples() + s.batchSize() - 1) / s.batchSize();
        listener.onEvent(new TrainingEvent.Started(s.epochs(), batches, train.numExamples(),
                val == null ? 0 : val.numExamples(), schema.task()));

        long start = System.nanoTime();
        CheckpointBudget budget = checkpoints == null ? null : new CheckpointBudget(checkpointShare, net);
        EpochEnd unsaved = null;
        long fitNanos = 0;
        long samples = 0;
        int completed = startEpoch - 1;
        boolean stopped = false;
        for (int epoch = startEpoch; epoch <= s.epochs(); epoch++) {
            if (stop.isRequested()) {
                stopped = true;
                break;
            }
            // the epoch's order depends only on (seed, epoch), not on earlier epochs: a resumed run shuffles the same
            List<DataSet> list = batches(train, permutation(train.numExamples(), s.seed() + epoch), s.batchSize());
            if (p.images() != null && p.images().augmentation().any()) {
                Augmenter.apply(list, p.shape(), p.images().augmentation(), new java.util.Random(s.seed() * 1_000_003L + epoch),
                        p.images().pixelRange().equals("-1..1") ? -1f : 0f);
            }
            lossListener.beginEpoch(epoch);
            long t0 = System.nanoTime();
            net.fit(new BatchIterator(list, s.batchSize(), stop));
            fitNanos += System.nanoTime() - t0;
            samples += lossListener.samplesThisEpoch;
            if (lossListener.diverged) {
                throw InputException.general("training diverged: the loss became " + lossListener.lastLoss
                                + " in epoch " + epoch,
                        "lower the learning rate (for example to " + s.learningRate() / 10
                                + ") and check that the input columns are normalized");
            }
            if (stop.isRequested() && lossListener.batchesThisEpoch < list.size()) {
                stopped = true;
                break;
            }
            completed = epoch;
            double valLoss = Double.NaN;
            double valMetric = Double.NaN;
            if (val != null) {
                valLoss = net.score(val, false);
                INDArray out = net.output(val.getFeatures(), false);
                valMetric = cls ? accuracy(out, val.getLabels()) : rmse(out, val.getLabels(), norm);
            }
            double sps = fitNanos == 0 ? 0 : samples / (fitNanos / 1e9);
            listener.onEvent(new TrainingEvent.EpochDone(epoch, s.epochs(), lossListener.meanLoss(), valLoss,
                    cls ? "accuracy" : "rmse", valMetric, sps, (System.nanoTime() - start) / 1_000_000,
                    MlpFactory.learningRateAt(s, epoch)));
            boolean improved = val != null && valLoss < bestLoss;
            if (improved) {
                bestLoss = valLoss;
                bestEpoch = epoch;
                bestParams = net.params().dup();
            }
            if (checkpoints != null) {
                Checkpoints.State state = new Checkpoints.State(epoch, request, sha256, source, bestEpoch,
                        bestEpoch == 0 ? Double.MAX_VALUE : bestLoss, p.images());
                boolean endsHere = epoch == s.epochs() || stop.isRequested()
                        || (patience > 0 && !improved && epoch - bestEpoch >= patience);
                if (endsHere || improved || budget.due()) {
                    budget.save(checkpoints, net, state, improved);
                    unsaved = null;
                } else {
                    unsaved = new EpochEnd(net, state);   // written if the run stops in the next epoch
                }
            }
            if (patience > 0) {
                if (!improved && epoch - bestEpoch >= patience) {
                    stopped = true;
                    note = String.format("early stopping: validation loss did not improve for %d epochs; "
                            + "keeping the weights of epoch %d", patience, bestEpoch);
                    break;
                }
            }
        }
        if (unsaved != null && unsaved.state().epoch() == completed) {
            // stopped during an epoch after one that was not checkpointed: its end state, from memory
            budget.save(checkpoints, unsaved.network(net), unsaved.state(), false);
        }
        int keptEpoch = completed;
        boolean keepBest = patience > 0 || (stopped && note.isEmpty());
        if (keepBest && bestParams != null && bestEpoch != completed) {
            net.setParams(bestParams);
            keptEpoch = bestEpoch;
            if (note.isEmpty()) {
                note = "stopped on request after epoch " + completed + "; keeping the weights of epoch " + bestEpoch
                        + " (lowest validation loss)";
            }
        }
        if (note.isEmpty()) {
            note = stopped ? "stopped on request after epoch " + completed : "all epochs done";
        }
        double samplesPerSecond = fitNanos == 0 ? 0 : samples / (fitNanos / 1e9);
        listener.onEvent(new TrainingEvent.Finished(completed, stopped, samplesPerSecond,
                (System.nanoTime() - start) / 1_000_000, note));
        net.setListeners();

        ModelCard card = card(schema, encoder, norm, source, sha256, p.sourceRows(), p.dropped(), request, split, completed,
                keptEpoch, stopped, note, samplesPerSecond, net.numParams(), p.images());
        TrainedModel model = new TrainedModel(net, norm, card);
        List<EvaluatedRow> testRows = new ArrayList<>();
        EvaluationResult testResult = evaluate(model, x, classes, y, split.test(), p.sourceRow(), p.sourceLine(), schema, testRows);
        model = new TrainedModel(net, norm, card.withTestMetrics(Metrics.toMap(testResult)));
        String[] baselineText = new String[1];
        EvaluationResult baseline = baseline(classes, y, split, schema, baselineText);
        return new TrainingOutcome(model, testResult, testRows, baseline, baselineText[0], completed, stopped, samplesPerSecond);
    }

    /**
     * Mini-batches in the given row order, gathered with one pullRows per batch (DataSet.get + batchBy built
     * one DataSet per row and cost ~1 s per epoch on 16,000 rows: docs/PERFORMANCE.md).
     */
    static List<DataSet> batches(DataSet train, int[] order, int batchSize) {
        List<DataSet> out = new ArrayList<>((order.length + batchSize - 1) / batchSize);
        for (int from = 0; from < order.length; from += batchSize) {
            int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            out.add(new DataSet(Nd4j.pullRows(train.getFeatures(), 1, idx), Nd4j.pullRows(train.getLabels(), 1, idx)));
        }
        return out;
    }

    static int[] permutation(int n, long seed) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Raw pixels 0–255 to 0..1 or -1..1; saved in the model zip like any normalizer. */
    private static DataNormalization pixelScaler(ImageSettings images) {
        return images.pixelRange().equals("-1..1") ? new ImagePreProcessingScaler(-1, 1) : new ImagePreProcessingScaler(0, 1);
    }

    private static DataNormalization normalizer(Normalization n) {
        return switch (n) {
            case STANDARDIZE -> new NormalizerStandardize();
            case MIN_MAX -> new NormalizerMinMaxScaler();
            case NONE -> null;
        };
    }

    /** n / (k * count_c) over the training rows: each class contributes equally to the loss. */
    static double[] classWeights(int[] classes, int[] trainRows, int k) {
        int[] counts = new int[k];
        for (int r : trainRows) {
            counts[classes[r]]++;
        }
        double[] w = new double[k];
        for (int c = 0; c < k; c++) {
            w[c] = counts[c] == 0 ? 0 : (double) trainRows.length / (k * counts[c]);
        }
        return w;
    }

    /** The test figures, and one {@link EvaluatedRow} per test row (in test-split order) into {@code out}. */
    private static EvaluationResult evaluate(TrainedModel model, float[][] x, int[] classes, float[] y, int[] testRows,
                                             int[] sourceRow, long[] sourceLine, DataSchema schema, List<EvaluatedRow> out) {
        float[][] features = new float[testRows.length][];
        for (int i = 0; i < testRows.length; i++) {
            features[i] = x[testRows[i]];
        }
        var p = model.predict(features);
        if (schema.task() == TaskType.CLASSIFICATION) {
            int[] actual = new int[testRows.length];
            int[] predicted = new int[testRows.length];
            for (int i = 0; i < testRows.length; i++) {
                actual[i] = classes[testRows[i]];
                predicted[i] = schema.labels().indexOf(p.predicted()[i]);
                double[] probs = p.probabilities()[i];
                out.add(new EvaluatedRow(sourceRow[testRows[i]], sourceLine[testRows[i]], schema.labels().get(actual[i]),
                        p.predicted()[i], probs[predicted[i]], -Math.log(Math.max(probs[actual[i]], 1e-12)), probs));
            }
            return Metrics.classification(actual, predicted, p.probabilities(), schema.labels());
        }
        double[] actual = new double[testRows.length];
        for (int i = 0; i < testRows.length; i++) {
            actual[i] = y[testRows[i]];
            double err = p.values()[i] - actual[i];
            out.add(new EvaluatedRow(sourceRow[testRows[i]], sourceLine[testRows[i]], format(actual[i]),
                    format(p.values()[i]), Double.NaN, err * err, null));
        }
        return Metrics.regression(actual, p.values());
    }

    /** Always the training rows' most frequent class (classification) or their mean target (regression). */
    private static EvaluationResult baseline(int[] classes, float[] y, DataSplit split, DataSchema schema, String[] text) {
        int[] test = split.test();
        if (schema.task() == TaskType.CLASSIFICATION) {
            int k = schema.labels().size();
            int[] counts = new int[k];
            for (int r : split.train()) {
                counts[classes[r]]++;
            }
            int majority = 0;
            for (int c = 1; c < k; c++) {
                if (counts[c] > counts[majority]) {
                    majority = c;
                }
            }
            int[] actual = new int[test.length];
            int[] predicted = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                actual[i] = classes[test[i]];
                predicted[i] = majority;
            }
            text[0] = "always '" + schema.labels().get(majority) + "' (the most frequent class in training)";
            return Metrics.classification(actual, predicted, schema.labels());
        }
        double mean = 0;
        for (int r : split.train()) {
            mean += y[r];
        }
        mean /= Math.max(1, split.train().length);
        double[] actual = new double[test.length];
        double[] predicted = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            actual[i] = y[test[i]];
            predicted[i] = mean;
        }
        text[0] = "always " + format(mean) + " (the mean target in training)";
        return Metrics.regression(actual, predicted);
    }

    private static String format(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static DataSet dataSet(float[][] x, int[] classes, float[] y, int[] rows, int outputs) {
        int n = rows.length;
        float[][] fx = new float[n][];
        for (int i = 0; i < n; i++) {
            fx[i] = x[rows[i]];
        }
        INDArray features = Nd4j.create(fx);
        INDArray labels;
        if (classes != null) {
            labels = Nd4j.zeros(DataType.FLOAT, n, outputs);
            for (int i = 0; i < n; i++) {
                labels.putScalar(i, classes[rows[i]], 1f);
            }
        } else {
            float[][] fy = new float[n][1];
            for (int i = 0; i < n; i++) {
                fy[i][0] = y[rows[i]];
            }
            labels = Nd4j.create(fy);
        }
        return new DataSet(features, labels);
    }

    private static double accuracy(INDArray output, INDArray labels) {
        INDArray p = output.argMax(1);
        INDArray a = labels.argMax(1);
        long n = p.length();
        long correct = 0;
        for (long i = 0; i < n; i++) {
            if (p.getLong(i) == a.getLong(i)) {
                correct++;
            }
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    private static double rmse(INDArray output, INDArray labels, DataNormalization norm) {
        INDArray o = output.dup();
        INDArray l = labels.dup();
        if (norm != null && norm.isFitLabel()) {
            norm.revertLabels(o);
            norm.revertLabels(l);
        }
        return o.sub(l).norm2Number().doubleValue() / Math.sqrt(o.length());
    }

    private static ModelCard card(DataSchema schema, FeatureEncoder encoder, DataNormalization norm, String source,
                                  String sha256, int rows, int dropped, TrainingRequest r, DataSplit split,
                                  int completed, int keptEpoch, boolean stopped, String note, double sps, long params,
                                  ImageSettings images) {
        TrainingSettings s = r.training();
        PreparationSettings prep = r.preparation();
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        String scaling = switch (prep.normalization()) {
            case STANDARDIZE -> "standardize: (x - mean) / std per model input, fitted on the training split";
            case MIN_MAX -> "min-max: (x - min) / (max - min) per model input, fitted on the training split";
            case NONE -> "none";
        };
        boolean labelScaled = norm != null && norm.isFitLabel();
        if (images != null) {
            scaling = "pixels 0-255 scaled to " + images.pixelRange() + " (DL4J ImagePreProcessingScaler)";
        }
        String howTo = images != null
                ? "read the image, resize it to " + images.width() + "x" + images.height() + ", make it "
                + (images.grayscale() ? "grayscale" : "RGB") + ", flatten it as in 'image.layout' with values 0-255, "
                + "restore the normalizer with ModelSerializer.restoreNormalizerFromFile and call transform(features) before output()"
                + "; output column i is the probability of label_names[i]"
                : "encode each input column as described in 'encoding' (model_inputs gives the order)"
                + (norm == null ? "" : ", restore the normalizer with ModelSerializer.restoreNormalizerFromFile and call transform(features)")
                + " before output()"
                + (cls ? "; output column i is the probability of label_names[i]"
                : labelScaled ? "; call revertLabels(output) to get the target's units" : "; the output is in the target's units");
        return new ModelCard(ModelCard.FORMAT, Instant.now().toString(), schema.task().id(), schema.featureColumns(),
                schema.targetColumn(), schema.labels(),
                new ModelCard.Preprocessing(images != null ? "pixels " + images.pixelRange() : prep.normalization().id(), scaling,
                        cls ? "one-hot over label_names" : labelScaled ? "standardize, fitted on the training split; outputs are reverted" : "none",
                        norm == null ? null : "normalizer.bin", howTo),
                new ModelCard.DatasetInfo(source, sha256, rows, split.train().length, split.validation().length,
                        split.test().length, dropped, r.split().seed(), r.split().testFraction(),
                        r.split().validationFraction(), prep.weightClasses()),
                new ModelCard.TrainingInfo(s.spec().name(), s.spec().plainMlpSizes() != null ? s.spec().plainMlpSizes() : List.of(),
                        MlpFactory.ACTIVATION, s.optimization(),
                        s.learningRate(), s.batchSize(), s.epochs(), completed, keptEpoch, stopped, note, s.seed(), sps, params,
                        s.spec()),
                java.util.Map.of(), Versions.all(), images == null ? encoder.columns() : null,
                images == null ? encoder.inputNames() : null, schema.ignoredColumns(),
                images == null ? null : new ModelCard.ImageInput(images.width(), images.height(), images.channels(),
                        images.grayscale() ? "grayscale" : "rgb", images.pixelRange(),
                        "one row per image: channel by channel, then row by row (index = c*H*W + y*W + x), values 0-255 before the normalizer",
                        ImageFolders.EXTENSIONS));
    }

    /** Forwards each mini-batch's loss and keeps the epoch's mean; notices NaN/infinite loss. */
    /** When the next checkpoint is due: once the time since the last is the last write's time ÷ the share. */
    private static final class CheckpointBudget {
        private final double share;
        private long lastEnd = System.nanoTime();
        private long lastCostNanos;

        CheckpointBudget(double share, MultiLayerNetwork net) {
            this.share = share;
            // until the first write is timed: the network and its updater state at ~30 MB/s (measured ~110 ms for 3.2 MB)
            INDArray updater = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
            long bytes = 4L * (net.numParams() + (updater == null ? 0 : updater.length()));
            lastCostNanos = bytes * 1_000_000_000L / 30_000_000L;
        }

        boolean due() {
            return share >= 1 || System.nanoTime() - lastEnd >= lastCostNanos / share;
        }

        void save(Checkpoints checkpoints, MultiLayerNetwork net, Checkpoints.State state, boolean best) {
            long t0 = System.nanoTime();
            checkpoints.save(net, state, best);
            lastEnd = System.nanoTime();
            lastCostNanos = lastEnd - t0;
        }
    }

    /** A network's state at the end of an epoch that was not checkpointed: parameters, optimizer state, counters. */
    private record EpochEnd(INDArray params, INDArray updaterState, int iterationCount, int epochCount,
                            Checkpoints.State state) {
        EpochEnd(MultiLayerNetwork net, Checkpoints.State state) {
            this(net.params().dup(), net.getUpdater() == null || net.getUpdater().getStateViewArray() == null ? null
                            : net.getUpdater().getStateViewArray().dup(),
                    net.getLayerWiseConfigurations().getIterationCount(), net.getLayerWiseConfigurations().getEpochCount(),
                    state);
        }

        /** A copy of {@code net} as it was then. */
        MultiLayerNetwork network(MultiLayerNetwork net) {
            MultiLayerNetwork copy = net.clone();
            copy.setParams(params);
            if (updaterState != null) {
                copy.getUpdater().getStateViewArray().assign(updaterState);
            }
            copy.getLayerWiseConfigurations().setIterationCount(iterationCount);
            copy.getLayerWiseConfigurations().setEpochCount(epochCount);
            return copy;
        }
    }

    private static final class EpochLossListener extends BaseTrainingListener {
        private final TrainingListener listener;
        private int epoch;
        private long iteration;
        private double sum;
        int batchesThisEpoch;
        long samplesThisEpoch;
        boolean diverged;
        double lastLoss;

        EpochLossListener(TrainingListener listener) {
            this.listener = listener;
        }

        void beginEpoch(int e) {
            epoch = e;
            sum = 0;
            batchesThisEpoch = 0;
            samplesThisEpoch = 0;
        }

        double meanLoss() {
            return batchesThisEpoch == 0 ? Double.NaN : sum / batchesThisEpoch;
        }

        @Override
        public void iterationDone(Model model, int iter, int ep) {
            double loss = model.score();
            lastLoss = loss;
            if (!Double.isFinite(loss)) {
                diverged = true;
            }
            sum += loss;
            batchesThisEpoch++;
            samplesThisEpoch += model.batchSize();
            iteration++;
            listener.onEvent(new TrainingEvent.IterationDone(epoch, iteration, loss));
        }
    }
}
