package io.modelbench.engine.optimize;

import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Mini-batch training on the training split of the model's own data, for pruning's fine-tuning and the distilled
 * student: the rows shuffled each epoch with a seeded generator, {@code afterStep} run after every update (pruning
 * re-applies its mask there), progress reported per batch and a cancel honoured between batches. With a
 * {@link Report}, the session's {@link TrainingEvent}s as the trainer sends them (started, every mini-batch, every
 * epoch with its validation figures, finished), so a run records the curves.
 */
final class FineTuning {

    /** What runs after each update. */
    interface Step {
        void after(MultiLayerNetwork net);
    }

    /** The validation loss and metric (accuracy or RMSE) of the network now. */
    interface Validation {
        double[] lossAndMetric(MultiLayerNetwork net);
    }

    /** Where the session's events go, with what they need: the task (the metric's name), the learning rate, validation. */
    record Report(TrainingListener events, TaskType task, double learningRate, Validation validation) {

        static final Report NONE = new Report(TrainingListener.NONE, TaskType.CLASSIFICATION, 0, net -> new double[] {Double.NaN, Double.NaN});
    }

    private FineTuning() {
    }

    static void fit(MultiLayerNetwork net, OwnData data, INDArray labels, DataNormalization normalizer, int epochs, int batch,
                    long seed, TaskProgress progress, double from, double to, Step afterStep) {
        fit(net, data, labels, normalizer, epochs, batch, seed, progress, from, to, afterStep, Report.NONE);
    }

    /**
     * @param labels one row of targets per training row (in {@code data.split().train()} order)
     * @param from   the progress fraction at the start, {@code to} at the end
     */
    static void fit(MultiLayerNetwork net, OwnData data, INDArray labels, DataNormalization normalizer, int epochs, int batch,
                    long seed, TaskProgress progress, double from, double to, Step afterStep, Report report) {
        int[] train = data.split().train();
        DataSet all = new DataSet(Nd4j.create(data.rows(train)), labels);
        if (normalizer != null) {
            normalizer.transform(all);
        }
        Random rng = new Random(seed);
        int batches = (train.length + batch - 1) / batch;
        boolean reporting = report != Report.NONE;
        String metric = report.task() == TaskType.CLASSIFICATION ? "accuracy" : "rmse";
        report.events().onEvent(new TrainingEvent.Started(epochs, batches, train.length, data.split().validation().length, report.task()));
        long start = System.currentTimeMillis();
        long iteration = 0;
        for (int e = 0; e < epochs; e++) {
            int[] order = shuffled(train.length, rng);
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                if (progress.isCancelled()) {
                    throw new CancellationException("optimization cancelled");
                }
                int lo = b * batch;
                int hi = Math.min(train.length, lo + batch);
                int[] rows = java.util.Arrays.copyOfRange(order, lo, hi);
                DataSet ds = new DataSet(all.getFeatures().getRows(rows), all.getLabels().getRows(rows));
                net.fit(ds);
                afterStep.after(net);
                if (reporting) {
                    double loss = net.score();
                    lossSum += loss;
                    report.events().onEvent(new TrainingEvent.IterationDone(e + 1, ++iteration, loss));
                }
                progress.progress(from + (to - from) * (e * batches + b + 1) / (double) (epochs * batches));
            }
            if (reporting) {
                long elapsed = Math.max(1, System.currentTimeMillis() - start);
                double[] v = report.validation().lossAndMetric(net);
                report.events().onEvent(new TrainingEvent.EpochDone(e + 1, epochs, lossSum / batches, v[0], metric, v[1],
                        (e + 1) * (double) train.length * 1000 / elapsed, elapsed, report.learningRate()));
            }
        }
        long elapsed = Math.max(1, System.currentTimeMillis() - start);
        report.events().onEvent(new TrainingEvent.Finished(epochs, false, epochs * (double) train.length * 1000 / elapsed, elapsed,
                "all " + epochs + " epochs done"));
    }

    private static int[] shuffled(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
