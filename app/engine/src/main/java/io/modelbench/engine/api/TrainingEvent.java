package io.modelbench.engine.api;

/**
 * What a training session reports, in order: one {@link Started}, then {@link IterationDone} per mini-batch and
 * {@link EpochDone} per epoch, then one {@link Finished}. Sent on the training thread.
 */
public sealed interface TrainingEvent {

    record Started(int totalEpochs, int iterationsPerEpoch, int trainingRows, int validationRows, TaskType task)
            implements TrainingEvent {
    }

    /** One mini-batch done; {@code loss} is that batch's training loss. Iterations count from 1 across epochs. */
    record IterationDone(int epoch, long iteration, double loss) implements TrainingEvent {
    }

    /**
     * One epoch done. {@code trainingLoss} is the mean mini-batch loss of the epoch; {@code validationLoss} and
     * {@code validationMetric} are on the validation split (NaN when there is none). The metric is accuracy
     * for classification and RMSE for regression ({@code metricName} says which).
     */
    record EpochDone(int epoch, int totalEpochs, double trainingLoss, double validationLoss,
                     String metricName, double validationMetric, double samplesPerSecond, long elapsedMillis,
                     double learningRate) implements TrainingEvent {
    }

    /**
     * The session ended: all epochs done, stopped on request, or stopped by early stopping ({@code note} says
     * which, and which epoch's weights the model keeps).
     */
    record Finished(int epochsCompleted, boolean stoppedEarly, double samplesPerSecond, long elapsedMillis, String note)
            implements TrainingEvent {
    }
}
