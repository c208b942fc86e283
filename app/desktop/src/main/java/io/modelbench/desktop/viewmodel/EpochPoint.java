package io.modelbench.desktop.viewmodel;

/** One epoch on the training charts; validation figures are NaN when there is no validation split. */
public record EpochPoint(int epoch, double trainingLoss, double validationLoss, double validationMetric) {
}
