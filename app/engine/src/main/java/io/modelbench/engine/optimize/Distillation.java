package io.modelbench.engine.optimize;

import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.model.NetworkFactory;
import io.modelbench.engine.model.TrainedModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Knowledge distillation into a smaller MLP (dense layers of the given sizes, ReLU, the teacher's output layer kind)
 * that reads the same inputs as the teacher (a table's encoded row, or an image's pixels as one row) through the
 * teacher's normalizer. Its targets on each training row: {@code alpha} times the teacher's probabilities softened by
 * the temperature T ({@code p^(1/T)} renormalised, which is {@code softmax(z/T)} of the teacher's logits z) plus
 * {@code 1 - alpha} times the one-hot true label; the student minimises cross-entropy to that blend (the soft-target
 * term of Hinton et al. with the student at temperature 1). For regression the target is {@code alpha} times the
 * teacher's prediction plus {@code 1 - alpha} times the true value (squared error).
 */
final class Distillation {

    private Distillation() {
    }

    /** The student's training settings: the teacher's batch size, learning rate and seed, Adam, a fixed rate. */
    static TrainingSettings settings(TrainedModel teacher, OptimizeSettings s) {
        var t = teacher.card().training();
        return new TrainingSettings(Math.max(1, s.epochs()), t.batchSize(), t.learningRate(), s.studentLayers(), t.seed(),
                null, ModelSpec.mlp(s.studentLayers()));
    }

    static MultiLayerNetwork distill(TrainedModel teacher, OwnData data, OptimizeSettings s, TaskProgress progress) {
        TrainingSettings ts = settings(teacher, s);
        int outputs = teacher.schema().outputCount();
        TaskType task = teacher.schema().task();
        MultiLayerNetwork student = NetworkFactory.build(ts.spec(), teacher.inputShape(), outputs, task, ts, null);
        int[] train = data.split().train();
        Predictions p = teacher.predict(data.rows(train));
        INDArray hard = data.labels(train, outputs);
        INDArray target;
        if (task == TaskType.CLASSIFICATION) {
            float[][] soft = new float[train.length][outputs];
            for (int i = 0; i < train.length; i++) {
                double sum = 0;
                double[] q = new double[outputs];
                for (int c = 0; c < outputs; c++) {
                    q[c] = Math.pow(Math.max(p.probabilities()[i][c], 1e-12), 1 / s.temperature());
                    sum += q[c];
                }
                for (int c = 0; c < outputs; c++) {
                    soft[i][c] = (float) (q[c] / sum);
                }
            }
            target = Nd4j.create(soft).muli(s.alpha()).addi(hard.mul(1 - s.alpha()));
        } else {
            float[][] v = new float[train.length][1];
            for (int i = 0; i < train.length; i++) {
                v[i][0] = (float) p.values()[i];
            }
            target = Nd4j.create(v).muli(s.alpha()).addi(hard.mul(1 - s.alpha()));
        }
        progress.progress(0.15);
        FineTuning.fit(student, data, target, teacher.normalizer(), ts.epochs(), ts.batchSize(), ts.seed(), progress,
                0.15, 0.85, n -> { });
        return student;
    }
}
