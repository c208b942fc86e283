package io.modelbench.engine.api;

/**
 * Decides after each epoch whether a trial goes on (successive halving's rungs); called on the trial's thread, so an
 * implementation shared by parallel trials must be thread-safe.
 */
@FunctionalInterface
public interface SweepGate {

    /**
     * Whether trial {@code trial} trains on after {@code epoch}, given its best validation figures so far
     * ({@code metricName} accuracy, higher is better, or rmse, lower is better; the loss breaks ties).
     */
    boolean keepGoing(int trial, int epoch, String metricName, double bestMetric, double bestLoss);

    /** Every trial trains all its epochs (grid and random search). */
    SweepGate ALWAYS = (trial, epoch, metric, value, loss) -> true;
}
