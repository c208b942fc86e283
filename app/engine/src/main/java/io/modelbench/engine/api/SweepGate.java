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

    /**
     * The epochs at which this gate may stop a trial, ascending (successive halving's rungs); empty when it may stop one
     * after any epoch. A sweep that trains a trial in pieces (a Spark task per rung, each continuing from the trial's
     * checkpoint) stops the piece at the next of these and asks the gate there.
     */
    default java.util.List<Integer> rungs() {
        return java.util.List.of();
    }

    /** Every trial trains all its epochs (grid and random search). */
    SweepGate ALWAYS = (trial, epoch, metric, value, loss) -> true;
}
