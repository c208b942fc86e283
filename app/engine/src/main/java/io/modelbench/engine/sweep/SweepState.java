package io.modelbench.engine.sweep;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.io.AtomicFiles;
import io.modelbench.engine.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sweep as kept in its folder ({@code sweep.json}, rewritten atomically after every trial): what was asked (the data's
 * source and SHA-256, the target, the strategy, the space as JSON, the budget and the seed), every trial that ended, the
 * rungs successive halving recorded, and the best once chosen. A restarted sweep with the same settings on the same data
 * skips the trials recorded here; a trial that was training when the process stopped is trained again.
 */
public record SweepState(String format, String data, String sha256, String target, String strategy, String space, int trials,
                         double seconds, int parallel, long seed, String status, String updatedAt, List<TrialResult> results,
                         Map<Integer, Map<Integer, double[]>> rungs, SweepResult.Best best) {

    public static final String FILE = "sweep.json";
    public static final String FORMAT = "modelbench-sweep/1";
    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String STOPPED = "stopped";

    public SweepState {
        results = results == null ? List.of() : List.copyOf(results);
        rungs = rungs == null ? Map.of() : rungs;
    }

    /** A new sweep's state: nothing trained yet. */
    public static SweepState start(SweepSpec spec, String data, String sha256, String target) {
        return new SweepState(FORMAT, data, sha256, target, spec.strategy().id(), SpaceJson.write(spec.space()), spec.trials(),
                spec.seconds(), spec.parallel(), spec.seed(), RUNNING, Instant.now().toString(), List.of(), Map.of(), null);
    }

    /**
     * Whether this recorded sweep is the one {@code other} asks for: the same data, target, strategy, space, trials and
     * seed (the time budget and the parallel trials may change between runs).
     */
    public boolean sameSweep(SweepState other) {
        return Objects.equals(sha256, other.sha256) && Objects.equals(target, other.target) && Objects.equals(strategy, other.strategy)
                && Objects.equals(space, other.space) && trials == other.trials && seed == other.seed;
    }

    /** With a trial's result (replacing an earlier one of the same number), in trial order. */
    public SweepState with(TrialResult r, Map<Integer, Map<Integer, double[]>> newRungs) {
        List<TrialResult> list = new ArrayList<>(results);
        list.removeIf(x -> x.number() == r.number());
        list.add(r);
        list.sort(Comparator.comparingInt(TrialResult::number));
        return new SweepState(format, data, sha256, target, strategy, space, trials, seconds, parallel, seed, status,
                Instant.now().toString(), list, newRungs == null ? rungs : newRungs, best);
    }

    public SweepState ended(String newStatus, SweepResult.Best chosen) {
        return new SweepState(format, data, sha256, target, strategy, space, trials, seconds, parallel, seed, newStatus,
                Instant.now().toString(), results, rungs, chosen);
    }

    /** With the current budget (a restarted sweep may run with another time limit or parallelism). */
    public SweepState withBudget(double newSeconds, int newParallel) {
        return new SweepState(format, data, sha256, target, strategy, space, trials, newSeconds, newParallel, seed, RUNNING,
                Instant.now().toString(), results, rungs, best);
    }

    /** The state in {@code dir}, or null when it has none. */
    public static SweepState read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.mapper().readValue(f.toFile(), SweepState.class);
        } catch (IOException e) {
            throw InputException.file(f, "cannot be read: " + e.getMessage(), "delete it to start the sweep anew, or choose another folder");
        }
    }

    /** Writes {@code sweep.json} into {@code dir} atomically. */
    public void write(Path dir) {
        try {
            String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
            AtomicFiles.write(dir.resolve(FILE), w -> w.write(json));
        } catch (IOException e) {
            throw InputException.file(dir.resolve(FILE), "could not be written: " + e.getMessage(), "check that the folder is writable");
        }
    }
}
