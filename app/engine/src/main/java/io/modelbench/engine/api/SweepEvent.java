package io.modelbench.engine.api;

/**
 * What a running sweep reports to its {@link SweepListener}, from the threads that train the trials (parallel trials
 * interleave): per trial one {@link TrialStarted}, a {@link TrialEpoch} per epoch and one {@link TrialFinished}; at the
 * end one {@link SweepFinished}. Trials skipped because a restarted sweep had them already are sent as
 * {@link TrialFinished} only.
 */
public sealed interface SweepEvent {

    /** A trial started training: its settings, and its run in the project (null outside one). */
    record TrialStarted(Trial trial, String run) implements SweepEvent {
    }

    /** A trial finished an epoch; its validation figures (accuracy or RMSE as {@code metricName} says). */
    record TrialEpoch(int trial, int epoch, int totalEpochs, double trainingLoss, double validationLoss, String metricName,
                      double validationMetric) implements SweepEvent {
    }

    /** A trial ended, or was found finished in the sweep's state. */
    record TrialFinished(TrialResult result) implements SweepEvent {
    }

    /** The sweep ended: all trials, its budget, or a Stop ({@code message} says which). */
    record SweepFinished(SweepResult result, String message) implements SweepEvent {
    }
}
