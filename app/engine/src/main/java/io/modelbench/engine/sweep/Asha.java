package io.modelbench.engine.sweep;

import io.modelbench.engine.api.SweepGate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter Tuning", 2020), in
 * the stopping form Ray Tune's {@code ASHAScheduler} uses: epochs are the budget, with rungs at the most epochs divided by
 * 3, 9, 27... (at least one epoch). When a trial reaches a rung its best validation figures so far are compared with
 * those of the trials that reached the rung before it; it trains on only if it ranks within the best third of them
 * (the first one at a rung always goes on), otherwise it is stopped there and is {@code pruned}. No trial waits for
 * another, so parallel trials stay busy; a weak setting costs a few epochs instead of all of them.
 */
public final class Asha implements SweepGate {

    /** The reduction factor: a third of the trials at a rung go on to the next. */
    public static final int ETA = 3;

    private final List<Integer> rungs;
    /** Per rung epoch: trial number to its {metric, loss} there, in the order they arrived. */
    private final Map<Integer, Map<Integer, double[]>> recorded = new TreeMap<>();
    private String metricName = "accuracy";

    /** Rungs for trials of at most {@code maxEpochs} epochs. */
    public Asha(int maxEpochs) {
        List<Integer> r = new ArrayList<>();
        for (int d = ETA; maxEpochs / d >= 1; d *= ETA) {
            r.add(0, maxEpochs / d);
        }
        this.rungs = List.copyOf(r.stream().distinct().toList());
        rungs.forEach(e -> recorded.put(e, new LinkedHashMap<>()));
    }

    /** The epochs at which trials are compared, ascending. */
    @Override
    public List<Integer> rungs() {
        return rungs;
    }

    @Override
    public synchronized boolean keepGoing(int trial, int epoch, String metric, double bestMetric, double bestLoss) {
        Map<Integer, double[]> at = recorded.get(epoch);
        if (at == null) {
            return true;
        }
        metricName = metric;
        at.remove(trial); // a trial restarted after a crash counts once
        int better = 0;
        for (double[] s : at.values()) {
            if (Scores.better(metric, s[0], s[1], bestMetric, bestLoss)) {
                better++;
            }
        }
        int promoted = Math.max(1, (at.size() + 1) / ETA);
        at.put(trial, new double[] {bestMetric, bestLoss});
        return better < promoted;
    }

    /** What each rung has recorded (rung epoch, trial, {metric, loss}): saved in {@code sweep.json} for a restart. */
    public synchronized Map<Integer, Map<Integer, double[]>> recorded() {
        Map<Integer, Map<Integer, double[]>> copy = new TreeMap<>();
        recorded.forEach((e, m) -> copy.put(e, new LinkedHashMap<>(m)));
        return copy;
    }

    /** Puts back what a sweep recorded before a restart (rungs it does not have are ignored). */
    public synchronized void restore(Map<Integer, Map<Integer, double[]>> saved) {
        saved.forEach((e, m) -> {
            Map<Integer, double[]> at = recorded.get(e);
            if (at != null) {
                at.putAll(m);
            }
        });
    }

    /** The metric compared at the rungs (accuracy or rmse), as the trials report it. */
    public synchronized String metricName() {
        return metricName;
    }
}
