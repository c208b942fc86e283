package io.modelbench.engine.optimize;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.model.NetworkFactory;
import io.modelbench.engine.model.TrainedModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Knowledge distillation into a smaller student that reads the same inputs as the teacher (a table's encoded row, or
 * an image's pixels) through the teacher's normalizer: an MLP (dense layers of the given sizes, ReLU, the teacher's
 * output layer kind), or for an image teacher a CNN with the teacher's own layers, every convolution's filters and
 * every hidden dense layer's units scaled down ({@link #studentSpec}). Its targets on each training row:
 * {@code alpha} times the teacher's probabilities softened by the temperature T ({@code p^(1/T)} renormalised, which
 * is {@code softmax(z/T)} of the teacher's logits z) plus {@code 1 - alpha} times the one-hot true label; the student
 * minimises cross-entropy to that blend (the soft-target term of Hinton et al. with the student at temperature 1). For
 * regression the target is {@code alpha} times the teacher's prediction plus {@code 1 - alpha} times the true value
 * (squared error). Each epoch is reported as a training session's events (loss to the blend; validation loss and
 * accuracy or RMSE against the true labels of the validation split), so a run records the student's curves.
 */
final class Distillation {

    private Distillation() {
    }

    /** The student's training settings: the teacher's batch size, learning rate and seed, Adam, a fixed rate. */
    static TrainingSettings settings(ModelCard teacher, OptimizeSettings s) {
        var t = teacher.training();
        ModelSpec spec = studentSpec(teacher, s);
        List<Integer> dense = spec.layers().stream().filter(l -> l.type().equals("dense")).map(LayerSpec::units).toList();
        return new TrainingSettings(Math.max(1, s.epochs()), t.batchSize(), t.learningRate(),
                dense.isEmpty() ? TrainingSettings.DEFAULT_HIDDEN : dense, t.seed(), null, spec);
    }

    /**
     * The student's layers: the MLP of {@code studentLayers}, or the teacher's layers with each convolution's filters
     * and each dense layer's units times {@code filterScale} (rounded, at least 1); pooling, batch norm and dropout
     * as the teacher has them. An {@link InputException} when a CNN student is asked of a model without convolutions.
     */
    static ModelSpec studentSpec(ModelCard teacher, OptimizeSettings s) {
        if (!s.cnnStudent()) {
            return ModelSpec.mlp(s.studentLayers());
        }
        ModelSpec t = teacher.modelSpec();
        if (t == null || teacher.image() == null || t.layers().stream().noneMatch(l -> l.type().equals("conv"))) {
            throw InputException.setting("student (--distill-cnn)", "cnn",
                    "a CNN student is made from an image model's convolution layers; this model has none: use --distill SIZES for an MLP student");
        }
        return new ModelSpec(t.name(), t.layers().stream()
                .map(l -> l.type().equals("conv") || l.type().equals("dense")
                        ? l.withUnits(Math.max(1, (int) Math.round(l.units() * s.filterScale()))) : l)
                .toList());
    }

    static MultiLayerNetwork distill(TrainedModel teacher, OwnData data, OptimizeSettings s, TaskProgress progress,
                                     TrainingListener events) {
        TrainingSettings ts = settings(teacher.card(), s);
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
        FineTuning.Report report = new FineTuning.Report(events, task, ts.learningRate(), net -> validate(net, teacher, data));
        FineTuning.fit(student, data, target, teacher.normalizer(), ts.epochs(), ts.batchSize(), ts.seed(), progress,
                0.15, 0.85, n -> { }, report);
        return student;
    }

    /** Loss against the true labels and accuracy (or RMSE) of the student on the validation split; NaN without one. */
    private static double[] validate(MultiLayerNetwork student, TrainedModel teacher, OwnData data) {
        int[] v = data.split().validation();
        if (v.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int outputs = teacher.schema().outputCount();
        double loss = student.score(data.dataSet(v, data.labels(v, outputs), teacher.normalizer()));
        Predictions p = new TrainedModel(student, teacher.normalizer(), teacher.card()).predict(data.rows(v));
        double metric = 0;
        for (int i = 0; i < v.length; i++) {
            if (data.classification()) {
                metric += Measurer.argMax(p.probabilities()[i]) == data.classes()[v[i]] ? 1 : 0;
            } else {
                double e = p.values()[i] - data.y()[v[i]];
                metric += e * e;
            }
        }
        return new double[] {loss, data.classification() ? metric / v.length : Math.sqrt(metric / v.length)};
    }
}
