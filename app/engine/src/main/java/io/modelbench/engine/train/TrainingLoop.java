package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.eval.TrustNotes;
import io.modelbench.engine.io.FolderLock;
import io.modelbench.engine.io.PhaseClock;
import io.modelbench.engine.model.ConvTrainer;
import io.modelbench.engine.model.DenseTrainer;
import io.modelbench.engine.model.FastTrainer;
import io.modelbench.engine.model.MlpFactory;
import io.modelbench.engine.model.NetworkFactory;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.nativeenv.OneDnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One training session on prepared data, the trainer's second job: normalization fitted on the training split, the
 * network built (or loaded from the last checkpoint), one epoch of {@link DenseTrainer} (plain dense networks),
 * {@link ConvTrainer} (small convolutional ones) or DL4J's {@code fit(iterator)} (everything else) at a time over a shuffle that
 * depends only on (seed, epoch), validation after each epoch, checkpoints within their time budget, early stopping,
 * Stop between mini-batches, typed events to the listener; then the kept weights, the model card and the test
 * report. Runs on the calling thread; one instance per session.
 */
final class TrainingLoop {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainingLoop.class);

    private final PreparedData p;
    private final TrainingRequest request;
    private final TrainingListener listener;
    private final StopSignal stop;
    private final Checkpoints checkpoints;
    private final Checkpoints.State resumeFrom;
    private final double checkpointShare;
    private final TrainingSettings s;
    private final boolean cls;

    private DataSet train;
    private DataSet val;
    private DataNormalization norm;
    private MultiLayerNetwork net;
    private FastTrainer dense;
    private AugmentedEpoch augmented;   // the fast trainer's augmented images, or null
    private EpochLossListener lossListener;
    private double bestLoss;
    private int bestEpoch;
    private INDArray bestParams;
    private String note = "";
    private long start;
    private long fitNanos;
    private long validateNanos;
    private long samples;
    private int completed;
    private boolean stopped;
    private ReferenceWork references;

    TrainingLoop(PreparedData p, TrainingRequest request, TrainingListener listener, StopSignal stop,
                 Checkpoints checkpoints, Checkpoints.State resumeFrom, double checkpointShare) {
        this.p = p;
        this.request = request;
        this.listener = listener;
        this.stop = stop;
        this.checkpoints = checkpoints;
        this.resumeFrom = resumeFrom;
        this.checkpointShare = checkpointShare;
        this.s = request.training();
        this.cls = p.schema().task() == TaskType.CLASSIFICATION;
    }

    TrainingOutcome run() {
        DataPreparation.check(p, request);
        // one run per checkpoint folder: a second one is refused naming the first (issue 18)
        try (FolderLock lock = checkpoints == null ? null : FolderLock.acquire(checkpoints.dir(), "training")) {
            if (checkpoints != null) {
                checkpoints.removeStaleTemporaryFiles();
            }
            NativeEnvironment.applyBeforeLoad();
            NativeEnvironment.enableFlushToZero();
            try (ReferenceWork work = ReferenceWork.start(p)) {   // on the idle core while this one sets up
                references = work;
                setUp();
                PhaseClock.mark("data prepared, network built");
                epochs();
                PhaseClock.mark(String.format(java.util.Locale.ROOT, "epochs done; epochs %d; fit %.3f s; validation %.3f s",
                        completed - (resumeFrom == null ? 0 : resumeFrom.epoch()), fitNanos / 1e9, validateNanos / 1e9));
                return finish();
            }
        }
    }

    /**
     * Splits into DataSets, fits the normalizer on the training split, builds or restores the network. A new network is
     * built on a thread of its own meanwhile (the splits and it need one core each: LeNet's 5–10 ms beside the splits'
     * 3–6; its weights come from its seed, on whichever thread).
     */
    private void setUp() {
        PreparationSettings prep = request.preparation();
        int outputs = p.schema().outputCount();
        double[] weights = cls && prep.weightClasses() ? classWeights(p.classes(), p.split().train(), outputs) : null;
        Beside<MultiLayerNetwork> built = resumeFrom != null ? null : Beside.start("modelbench-network",
                () -> NetworkFactory.build(s.spec(), p.shape(), outputs, p.schema().task(), s, weights));
        boolean perStep = !cls && NetworkFactory.truncatedBptt(s.spec(), p.shape());
        norm = p.images() != null ? pixelScaler(p.images()) : normalizer(prep.normalization());
        StandardizedSplits.Result fast = norm instanceof NormalizerStandardize && !perStep ? StandardizedSplits.of(p, outputs, !cls) : null;
        if (fast != null) {   // a table, standardized: the splits built and scaled in one pass
            train = fast.train();
            val = fast.validation();
            norm = fast.normalizer();
        } else {
            train = DataPreparation.dataSet(p, p.split().train(), outputs, perStep);
            val = p.split().validation().length == 0 ? null : DataPreparation.dataSet(p, p.split().validation(), outputs, perStep);
        }
        if (norm != null && fast == null) {
            norm.fitLabel(!cls && prep.normalization() == Normalization.STANDARDIZE);
            norm.fit(train);
            norm.preProcess(train);
            if (val != null) {
                norm.preProcess(val);
            }
        }
        net = resumeFrom != null ? checkpoints.loadLast() : built.await("building the network");
        OneDnn.install(net); // convolutions, pooling, batch normalization: oneDNN when ND4J has it
        dense = denseTrainer();
        lossListener = new EpochLossListener(listener);
        net.setListeners(lossListener);
        bestLoss = resumeFrom == null ? Double.POSITIVE_INFINITY : resumeFrom.bestLoss();
        bestEpoch = resumeFrom == null ? 0 : resumeFrom.bestEpoch();
        bestParams = resumeFrom == null || bestEpoch == 0 ? null : checkpoints.loadBestParams(bestEpoch, net);
    }

    /** The epochs, from the first (or the one after the checkpoint) to the last, a Stop or early stopping. */
    private void epochs() {
        int startEpoch = resumeFrom == null ? 1 : resumeFrom.epoch() + 1;
        int patience = s.optimization().patience();
        int batches = (train.numExamples() + s.batchSize() - 1) / s.batchSize();
        listener.onEvent(new TrainingEvent.Started(s.epochs(), batches, train.numExamples(),
                val == null ? 0 : val.numExamples(), p.schema().task()));
        start = System.nanoTime();
        CheckpointBudget budget = checkpoints == null ? null : new CheckpointBudget(checkpointShare, net);
        EpochEnd unsaved = null;
        completed = startEpoch - 1;
        for (int epoch = startEpoch; epoch <= s.epochs(); epoch++) {
            if (stop.isRequested()) {
                stopped = true;
                break;
            }
            if (!fitEpoch(epoch)) {
                stopped = true;
                break;
            }
            completed = epoch;
            long v0 = System.nanoTime();
            boolean improved = validate(epoch);
            validateNanos += System.nanoTime() - v0;
            if (checkpoints != null) {
                Checkpoints.State state = new Checkpoints.State(epoch, request, p.sha256(), p.source(), bestEpoch,
                        bestEpoch == 0 ? Double.MAX_VALUE : bestLoss, p.images(), null,
                        p.series() == null ? null : p.series().data().settings());
                boolean endsHere = epoch == s.epochs() || stop.isRequested()
                        || (patience > 0 && !improved && epoch - bestEpoch >= patience);
                if (endsHere || improved || budget.due()) {
                    budget.save(checkpoints, net, state, improved);
                    unsaved = null;
                } else {
                    unsaved = new EpochEnd(net, state);   // written if the run stops in the next epoch
                }
            }
            if (patience > 0 && !improved && epoch - bestEpoch >= patience) {
                stopped = true;
                note = String.format("early stopping: validation loss did not improve for %d epochs; "
                        + "keeping the weights of epoch %d", patience, bestEpoch);
                break;
            }
        }
        if (unsaved != null && unsaved.state().epoch() == completed) {
            // stopped during an epoch after one that was not checkpointed: its end state, from memory
            budget.save(checkpoints, unsaved.network(net), unsaved.state(), false);
        }
    }

    /**
     * The fast trainer for a plain dense network (issue 17: DL4J spent ~8 ms per MLP 784-256-256-10 iteration where the
     * products take ~1) or a small convolutional one ({@link ConvTrainer}: LeNet-like images), or null: DL4J's {@code fit}
     * trains everything else and masked rows. Augmented images train on {@link AugmentedEpoch}'s arrays, refilled each
     * epoch, with either trainer.
     */
    private FastTrainer denseTrainer() {
        if (train.getFeaturesMaskArray() != null || train.getLabelsMaskArray() != null) {
            return null;
        }
        boolean augment = p.images() != null && p.images().augmentation().any();
        AugmentedEpoch a = augment ? new AugmentedEpoch(train, p.shape(), p.images().augmentation(), fill()) : null;
        INDArray x = augment ? a.features() : train.getFeatures();
        INDArray y = augment ? a.targets() : train.getLabels();
        FastTrainer t = DenseTrainer.of(net, x, y, s.batchSize());
        if (t == null && p.images() != null) {
            t = ConvTrainer.of(net, x, y, s.batchSize(), OneDnn.available());
        }
        augmented = t == null ? null : a;
        if (t == null && LOG.isDebugEnabled()) {
            LOG.debug("DL4J's fit trains this network: {}", p.images() != null
                    ? ConvTrainer.whyNot(net, x, y, s.batchSize()) : DenseTrainer.whyNot(net, x, y, s.batchSize()));
        }
        return t;
    }

    /** What an augmented image's pixels from outside it get: black in the images' pixel range. */
    private float fill() {
        return p.images().pixelRange().equals("-1..1") ? -1f : 0f;
    }

    /** One epoch's fit; false when a Stop came before its last mini-batch. */
    private boolean fitEpoch(int epoch) {
        // the epoch's order depends only on (seed, epoch), not on earlier epochs: a resumed run shuffles the same
        int[] order = permutation(train.numExamples(), s.seed() + epoch);
        int batches = (order.length + s.batchSize() - 1) / s.batchSize();
        lossListener.beginEpoch(epoch);
        long t0 = System.nanoTime();
        if (dense != null) {
            if (augmented != null) {   // the images DL4J's path would augment, in its order; trained in that order
                order = augmented.fill(order, new Random(s.seed() * 1_000_003L + epoch));
            }
            dense.fitEpoch(order, () -> {
                stop.awaitWhilePaused();
                return !stop.isRequested();
            }, lossListener::batchDone);
        } else {
            List<DataSet> list = batches(train, order, s.batchSize());
            if (p.images() != null && p.images().augmentation().any()) {
                Augmenter.apply(list, p.shape(), p.images().augmentation(), new Random(s.seed() * 1_000_003L + epoch), fill());
            }
            net.fit(new BatchIterator(list, s.batchSize(), stop));
        }
        fitNanos += System.nanoTime() - t0;
        samples += lossListener.samplesThisEpoch;
        if (lossListener.diverged) {
            throw InputException.general("training diverged: the loss became " + lossListener.lastLoss
                            + " in epoch " + epoch,
                    "lower the learning rate (for example to " + s.learningRate() / 10
                            + ") and check that the input columns are normalized");
        }
        return !(stop.isRequested() && lossListener.batchesThisEpoch < batches);
    }

    /** Scores the validation split, reports the epoch, keeps the best weights; true when the loss improved. */
    private boolean validate(int epoch) {
        double valLoss = Double.NaN;
        double valMetric = Double.NaN;
        if (val != null) {
            DenseTrainer.Evaluation fast = dense == null ? null : dense.evaluate(val.getFeatures(), val.getLabels());
            INDArray out;
            if (fast != null) {   // the dense trainer's own forward pass: loss and output in one
                valLoss = fast.score();
                out = fast.output();
            } else if (ValidationPass.applies(net, val)) {   // one forward pass for both (same figures)
                ValidationPass.Result r = ValidationPass.run(net, val);
                valLoss = r.loss();
                out = r.output();
            } else {
                valLoss = net.score(val, false);
                out = TrainedModel.lastStep(net.output(val.getFeatures(), false, val.getFeaturesMaskArray(), null));
            }
            valMetric = cls ? accuracy(out, val.getLabels()) : rmse(out, TrainedModel.lastStep(val.getLabels()), norm);
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
        return improved;
    }

    /** The weights to keep, the Finished event, the model card and the test report. */
    private TrainingOutcome finish() {
        int patience = s.optimization().patience();
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

        ModelCard card = ModelCards.card(p, norm, request,
                new ModelCards.RunEnd(completed, keptEpoch, stopped, note, samplesPerSecond, net.numParams()));
        TrainedModel model = new TrainedModel(net, norm, card);
        if (p.series() != null) {
            return SeriesReport.outcome(model, p, completed, stopped, samplesPerSecond);
        }
        List<EvaluatedRow> testRows = new ArrayList<>();
        EvaluationResult testResult = TestReport.evaluate(model, p, testRows, dense instanceof ConvTrainer c ? c : null);
        PhaseClock.mark("test report");
        ReferenceWork.Result ref = references.finish();
        PhaseClock.mark("linear reference");
        int shared = ref.sharedRows();
        if (testResult != null) {
            model = new TrainedModel(net, norm, card.withTestMetrics(TrustNotes.withNotes(Metrics.toMap(testResult), testResult, shared)));
        }
        TestReport.Baseline baseline = TestReport.baseline(p);
        var linear = ref.linear();
        return new TrainingOutcome(model, testResult, testRows, baseline.result(), baseline.description(), completed,
                stopped, samplesPerSecond, linear == null ? null : linear.test(), linear == null ? null : linear.description());
    }

    /**
     * Mini-batches in the given row order, gathered with one pullRows per batch (DataSet.get + batchBy built
     * one DataSet per row and cost ~1 s per epoch on 16,000 rows: docs/PERFORMANCE.md).
     */
    static List<DataSet> batches(DataSet train, int[] order, int batchSize) {
        List<DataSet> out = new ArrayList<>((order.length + batchSize - 1) / batchSize);
        for (int from = 0; from < order.length; from += batchSize) {
            int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            INDArray f = train.getFeatures();
            if (f.rank() == 3) {   // sequence windows [n, channels, time]: rows of the flat view, then the shape again
                INDArray mask = train.getLabelsMaskArray();
                INDArray fmask = train.getFeaturesMaskArray();   // padded sequences
                out.add(new DataSet(pull3d(f, idx), pull3d(train.getLabels(), idx), fmask == null ? null : Nd4j.pullRows(fmask, 1, idx),
                        mask == null ? null : Nd4j.pullRows(mask, 1, idx)));
                continue;
            }
            out.add(new DataSet(Nd4j.pullRows(f, 1, idx), Nd4j.pullRows(train.getLabels(), 1, idx)));
        }
        return out;
    }

    /** Examples {@code idx} of a [n, a, b] array (labels stay 2-D unless per time step). */
    private static INDArray pull3d(INDArray a, int[] idx) {
        if (a.rank() != 3) {
            return Nd4j.pullRows(a, 1, idx);
        }
        return Nd4j.pullRows(a.reshape('c', a.size(0), a.size(1) * a.size(2)), 1, idx).reshape('c', idx.length, a.size(1), a.size(2));
    }

    static int[] permutation(int n, long seed) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order.stream().mapToInt(Integer::intValue).toArray();
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

    private static double accuracy(INDArray output, INDArray labels) {
        INDArray pred = output.argMax(1);
        INDArray a = labels.argMax(1);
        long n = pred.length();
        long correct = 0;
        for (long i = 0; i < n; i++) {
            if (pred.getLong(i) == a.getLong(i)) {
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
}
