package io.modelbench.engine.app;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SweepGate;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.Trial;

/** Forwards a trial's run events as sweep events, asks the gate after each epoch, passes the sweep's stop and pause on. */
final class TrialWatch implements RunListener {
    private final Trial trial;
    private final SweepGate gate;
    private final SweepListener listener;
    private final StopSignal outer;
    private final StopSignal own = new StopSignal();
    private volatile boolean pruned;
    private volatile boolean started;
    private volatile String runId;
    private volatile int epochs;
    private double bestMetric;
    private double bestLoss;

    TrialWatch(Trial trial, SweepGate gate, SweepListener listener, StopSignal outer) {
        this(trial, gate, listener, outer, Double.NaN, Double.NaN);
    }

    /** Continuing a trial: its best validation figures before this piece ({@code NaN}: none). */
    TrialWatch(Trial trial, SweepGate gate, SweepListener listener, StopSignal outer, double bestMetric, double bestLoss) {
        this.bestMetric = bestMetric;
        this.bestLoss = bestLoss;
        this.trial = trial;
        this.gate = gate == null ? SweepGate.ALWAYS : gate;
        this.listener = listener == null ? SweepListener.NONE : listener;
        this.outer = outer == null ? new StopSignal() : outer;
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Started s) {
            started = true;
            runId = s.run() == null ? null : s.run().id();
            listener.onEvent(new SweepEvent.TrialStarted(trial, runId));
        } else if (event instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.IterationDone) {
            outer.awaitWhilePaused(); // holds this trial between mini-batches while the sweep is paused
            if (outer.isRequested()) {
                own.request();
            }
        } else if (event instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.EpochDone d) {
            epochs = d.epoch();
            listener.onEvent(new SweepEvent.TrialEpoch(trial.number(), d.epoch(), d.totalEpochs(), d.trainingLoss(),
                    d.validationLoss(), d.metricName(), d.validationMetric()));
            if (Double.isNaN(bestLoss) || d.validationLoss() < bestLoss) { // the epoch early stopping would keep
                bestLoss = d.validationLoss();
                bestMetric = d.validationMetric();
            }
            if (d.epoch() < d.totalEpochs() && !gate.keepGoing(trial.number(), d.epoch(), d.metricName(), bestMetric, bestLoss)) {
                pruned = true;
                own.request();
            }
            if (outer.isRequested()) {
                own.request();
            }
        }
    }

    StopSignal signal() {
        return own;
    }

    boolean pruned() {
        return pruned;
    }

    boolean started() {
        return started;
    }

    String runId() {
        return runId;
    }

    int epochs() {
        return epochs;
    }

    /** The best validation metric so far (of the epoch with the lowest validation loss), as the gate was asked with it. */
    double bestMetric() {
        return bestMetric;
    }

    double bestLoss() {
        return bestLoss;
    }
}
