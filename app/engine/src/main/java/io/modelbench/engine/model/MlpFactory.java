package io.modelbench.engine.model;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.ModelSummary;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import io.modelbench.engine.api.Optimization;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.HashMap;
import java.util.Map;

import java.util.List;

/**
 * The multilayer perceptron for tables (dense ReLU hidden layers, then softmax + cross-entropy or identity +
 * mean squared error; float32), built by {@link NetworkFactory}; and the optimizers and learning-rate schedules
 * every network uses.
 */
public final class MlpFactory {

    public static final String ACTIVATION = "relu";

    private MlpFactory() {
    }

    public static MultiLayerConfiguration configuration(DataSchema schema, TrainingSettings s) {
        return configuration(schema.inputCount(), schema, s, null);
    }

    /**
     * @param inputs       number of model inputs (after encoding: a categorical column gives one per category)
     * @param classWeights per-class loss weights (classification), or null
     */
    public static MultiLayerConfiguration configuration(int inputs, DataSchema schema, TrainingSettings s, double[] classWeights) {
        return NetworkFactory.configuration(s.spec(), InputShape.vector(inputs), schema.outputCount(), schema.task(), s, classWeights);
    }

    /** The learning rate per epoch (DL4J counts epochs from 0). */
    static ISchedule schedule(TrainingSettings s) {
        Optimization o = s.optimization();
        double lr = s.learningRate();
        return switch (o.schedule()) {
            case "step" -> new StepSchedule(ScheduleType.EPOCH, lr, o.decay(), o.stepEpochs());
            case "exponential" -> new ExponentialSchedule(ScheduleType.EPOCH, lr, o.decay());
            case "cosine" -> {
                Map<Integer, Double> values = new HashMap<>();
                for (int e = 0; e < s.epochs(); e++) {
                    values.put(e, lr * 0.5 * (1 + Math.cos(Math.PI * e / s.epochs())));
                }
                yield new MapSchedule(ScheduleType.EPOCH, values);
            }
            default -> new FixedSchedule(lr);
        };
    }

    /** The learning rate the schedule gives for an epoch (1-based), for charts and logs. */
    public static double learningRateAt(TrainingSettings s, int epoch) {
        return schedule(s).valueAt(0, epoch - 1);
    }

    static IUpdater updater(Optimization o, ISchedule lr) {
        return switch (o.optimizer()) {
            case "sgd" -> new Sgd(lr);
            case "nesterov" -> new Nesterovs(lr, o.momentum());
            case "rmsprop" -> new RmsProp(lr);
            // new AdaGrad(ISchedule) leaves epsilon unset in 1.0.0-M2.1: NaN on the first batch at any rate
            case "adagrad" -> AdaGrad.builder().learningRateSchedule(lr).epsilon(1e-6).build();
            default -> new Adam(lr);
        };
    }

    public static MultiLayerNetwork build(DataSchema schema, TrainingSettings s) {
        return build(schema.inputCount(), schema, s, null);
    }

    public static MultiLayerNetwork build(int inputs, DataSchema schema, TrainingSettings s, double[] classWeights) {
        return NetworkFactory.build(s.spec(), InputShape.vector(inputs), schema.outputCount(), schema.task(), s, classWeights);
    }

    /** Layers and parameter counts, computed without building the network (no native code needed). */
    public static ModelSummary summary(DataSchema schema, TrainingSettings s) {
        return summary(schema.inputCount(), schema.outputCount(), schema.task(), s.hiddenLayers());
    }

    public static ModelSummary summary(int inputs, int outputs, TaskType task, List<Integer> hidden) {
        return NetworkFactory.summary(ModelSpec.mlp(hidden), InputShape.vector(inputs), outputs, task,
                TrainingSettings.DEFAULT_BATCH_SIZE, "adam");
    }
}
