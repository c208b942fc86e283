package io.modelbench.engine.train;

import io.modelbench.engine.Versions;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.EncodedData;
import io.modelbench.engine.data.Table;
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
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Instant;
import java.util.List;

/**
 * Trains a multilayer perceptron on a table: schema, stratified split, standardization fitted on the
 * training split only, one {@code fit(iterator)} per epoch with a seeded shuffle, typed events to the
 * listener, test figures at the end. Runs on the calling thread; the same seed gives the same result.
 */
public final class Trainer {

    public TrainingOutcome train(Table table, TrainingRequest request, TrainingListener listener, StopSignal stop) {
        return train(EncodedData.of(table, request.targetColumn(), request.task(), request.ignoredColumns()),
                request, listener, stop);
    }

    /**
     * Trains on data already in numbers (the request's target, task and ignored columns are taken from
     * {@code data.schema()}); used by the table path above and by benchmarks.
     */
    public TrainingOutcome train(EncodedData data, TrainingRequest request, TrainingListener listener, StopSignal stop) {
        NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        TrainingSettings s = request.training();
        DataSchema schema = data.schema();
        boolean cls = schema.task() == TaskType.CLASSIFICATION;

        float[][] x = data.features();
        int[] classes = data.classes();
        float[] y = data.targets();
        DataSplit split = DataSplit.of(data.rows(), classes, request.split());

        DataSet train = dataSet(x, classes, y, split.train(), schema);
        DataSet val = split.validation().length == 0 ? null : dataSet(x, classes, y, split.validation(), schema);
        DataSet test = dataSet(x, classes, y, split.test(), schema);

        NormalizerStandardize norm = new NormalizerStandardize();
        norm.fitLabel(!cls);
        norm.fit(train);
        norm.preProcess(train);
        if (val != null) {
            norm.preProcess(val);
        }

        MultiLayerNetwork net = MlpFactory.build(schema, s);
        EpochLossListener lossListener = new EpochLossListener(listener);
        net.setListeners(lossListener);

        int batches = (train.numExamples() + s.batchSize() - 1) / s.batchSize();
        listener.onEvent(new TrainingEvent.Started(s.epochs(), batches, train.numExamples(),
                val == null ? 0 : val.numExamples(), schema.task()));

        long start = System.nanoTime();
        long fitNanos = 0;
        long samples = 0;
        int completed = 0;
        boolean stopped = false;
        for (int epoch = 1; epoch <= s.epochs(); epoch++) {
            if (stop.isRequested()) {
                stopped = true;
                break;
            }
            train.shuffle(s.seed() + epoch);
            List<DataSet> list = train.batchBy(s.batchSize());
            lossListener.beginEpoch(epoch);
            long t0 = System.nanoTime();
            net.fit(new BatchIterator(list, s.batchSize(), stop));
            fitNanos += System.nanoTime() - t0;
            samples += lossListener.samplesThisEpoch;
            if (lossListener.diverged) {
                throw InputException.general("training diverged: the loss became " + lossListener.lastLoss
                                + " in epoch " + epoch,
                        "lower the learning rate (for example to " + s.learningRate() / 10
                                + ") and check that the input columns are numeric and normalized");
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
                valMetric = cls ? accuracy(net.output(val.getFeatures(), false), val.getLabels())
                        : rmse(net.output(val.getFeatures(), false), val.getLabels(), norm);
            }
            double sps = fitNanos == 0 ? 0 : samples / (fitNanos / 1e9);
            listener.onEvent(new TrainingEvent.EpochDone(epoch, s.epochs(), lossListener.meanLoss(), valLoss,
                    cls ? "accuracy" : "rmse", valMetric, sps, (System.nanoTime() - start) / 1_000_000));
        }
        double samplesPerSecond = fitNanos == 0 ? 0 : samples / (fitNanos / 1e9);
        listener.onEvent(new TrainingEvent.Finished(completed, stopped, samplesPerSecond,
                (System.nanoTime() - start) / 1_000_000));
        net.setListeners();

        ModelCard card = card(data, request, schema, split, completed, stopped, samplesPerSecond, net.numParams());
        TrainedModel model = new TrainedModel(net, norm, card);
        EvaluationResult testResult = evaluate(model, test, schema, norm);
        card = withMetrics(card, testResult);
        model = new TrainedModel(net, norm, card);
        return new TrainingOutcome(model, testResult, completed, stopped, samplesPerSecond);
    }

    private static EvaluationResult evaluate(TrainedModel model, DataSet rawTest, DataSchema schema, NormalizerStandardize norm) {
        float[][] features = rawTest.getFeatures().toFloatMatrix();
        var p = model.predict(features);
        if (schema.task() == TaskType.CLASSIFICATION) {
            int[] actual = rawTest.getLabels().argMax(1).toIntVector();
            int[] predicted = new int[actual.length];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = schema.labels().indexOf(p.predicted()[i]);
            }
            return Metrics.classification(actual, predicted, schema.labels());
        }
        double[] actual = rawTest.getLabels().reshape(rawTest.numExamples()).toDoubleVector();
        return Metrics.regression(actual, p.values());
    }

    private static DataSet dataSet(float[][] x, int[] classes, float[] y, int[] rows, DataSchema schema) {
        int n = rows.length;
        float[][] fx = new float[n][];
        for (int i = 0; i < n; i++) {
            fx[i] = x[rows[i]];
        }
        INDArray features = Nd4j.create(fx);
        INDArray labels;
        if (classes != null) {
            labels = Nd4j.zeros(DataType.FLOAT, n, schema.labels().size());
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

    private static double rmse(INDArray output, INDArray labels, NormalizerStandardize norm) {
        INDArray o = output.dup();
        INDArray l = labels.dup();
        norm.revertLabels(o);
        norm.revertLabels(l);
        double se = o.sub(l).norm2Number().doubleValue();
        return se / Math.sqrt(o.length());
    }

    private static ModelCard card(EncodedData data, TrainingRequest r, DataSchema schema, DataSplit split,
                                  int completed, boolean stopped, double sps, long params) {
        TrainingSettings s = r.training();
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        return new ModelCard(ModelCard.FORMAT, Instant.now().toString(), schema.task().id(), schema.featureColumns(),
                schema.targetColumn(), schema.labels(),
                new ModelCard.Preprocessing(
                        "standardize: (x - mean) / std per input column, fitted on the training split",
                        cls ? "one-hot over label_names" : "standardize, fitted on the training split; outputs are reverted",
                        "normalizer.bin",
                        "restore the normalizer with ModelSerializer.restoreNormalizerFromFile, call transform(features) "
                                + "before output()" + (cls ? "; output column i is the probability of label_names[i]"
                                : "; call revertLabels(output) to get the target's units")),
                new ModelCard.DatasetInfo(data.source(), data.sha256(), data.rows(), split.train().length,
                        split.validation().length, split.test().length, r.split().seed(), r.split().testFraction(),
                        r.split().validationFraction()),
                new ModelCard.TrainingInfo("mlp", s.hiddenLayers(), MlpFactory.ACTIVATION, MlpFactory.OPTIMIZER,
                        s.learningRate(), s.batchSize(), s.epochs(), completed, stopped, s.seed(), sps, params),
                java.util.Map.of(), Versions.all());
    }

    private static ModelCard withMetrics(ModelCard c, EvaluationResult test) {
        return new ModelCard(c.format(), c.createdAt(), c.task(), c.inputColumns(), c.targetColumn(), c.labelNames(),
                c.preprocessing(), c.dataset(), c.training(), Metrics.toMap(test), c.versions());
    }

    /** Forwards each mini-batch's loss and keeps the epoch's mean; notices NaN/infinite loss. */
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
