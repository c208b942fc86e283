package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.model.TrainedModel;

/**
 * The result of a training session: the model (with its card), the figures on the held-out test split,
 * how many full epochs ran, whether it was stopped early, and the training throughput.
 */
public record TrainingOutcome(TrainedModel model, EvaluationResult test, int epochsCompleted, boolean stoppedEarly,
                              double samplesPerSecond) {
}
