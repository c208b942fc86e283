package io.modelbench.engine.optimize;

import io.modelbench.engine.api.TaskProgress;
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
 * re-applies its mask there), progress reported per batch and a cancel honoured between batches.
 */
final class FineTuning {

    /** What runs after each update. */
    interface Step {
        void after(MultiLayerNetwork net);
    }

    private FineTuning() {
    }

    /**
     * @param labels one row of targets per training row (in {@code data.split().train()} order)
     * @param from   the progress fraction at the start, {@code to} at the end
     */
    static void fit(MultiLayerNetwork net, OwnData data, INDArray labels, DataNormalization normalizer, int epochs, int batch,
                    long seed, TaskProgress progress, double from, double to, Step afterStep) {
        int[] train = data.split().train();
        DataSet all = new DataSet(Nd4j.create(data.rows(train)), labels);
        if (normalizer != null) {
            normalizer.transform(all);
        }
        Random rng = new Random(seed);
        int batches = (train.length + batch - 1) / batch;
        for (int e = 0; e < epochs; e++) {
            int[] order = shuffled(train.length, rng);
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
                progress.progress(from + (to - from) * (e * batches + b + 1) / (double) (epochs * batches));
            }
        }
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
