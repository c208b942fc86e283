package io.modelbench.spark;

import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepGate;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.TrialRunner;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;
import org.apache.spark.api.java.JavaSparkContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sweep on Spark: the engine's sweep ({@link Sweeps#run}: the plan, the checks, {@code sweep.json} rewritten after
 * each trial and its resume, ASHA's rungs kept on the driver, the best evaluated once on the test split) with a
 * {@link TrialRunner} that trains each trial as Spark jobs ({@link TrialTask}): the sweep's {@code parallel} threads on the
 * driver each submit one job at a time, so that many trials train at once and each trial's line is printed when it
 * ends. For ASHA a trial is one job per rung: the task stops at the rung, the driver's {@code Asha} compares it with the
 * trials that reached the rung before, and a promoted trial's next job continues its run from the checkpoint in the
 * project (which is why {@code --out} must be a folder every executor can read and write), exactly as the CLI's ASHA
 * decides in one process.
 */
final class SparkSweep {

    /**
     * What the driver needs to set the sweep up: the CLI's options; {@code series} the series settings every task reads
     * the data with ({@code --time-column}...), null for a table or images.
     */
    record Setup(String data, String target, SweepSpec spec, Path out, SeriesSettings series) {
        Setup(String data, String target, SweepSpec spec, Path out) {
            this(data, target, spec, out, null);
        }
    }

    private SparkSweep() {
    }

    /**
     * Runs (or continues) the sweep in {@code setup.out()}, a project folder; {@code dataset} and {@code base} as the
     * driver opened and checked them. Events (a {@code TrialFinished} as each trial ends) go to {@code listener} on the
     * sweep's threads; {@code stop} starts no new job (running ones end).
     */
    static SweepResult run(JavaSparkContext sc, Setup setup, Dataset dataset, TrainingRequest base, SweepListener listener,
                           StopSignal stop) {
        boolean sample = setup.data().regionMatches(true, 0, "sample:", 0, 7);
        String shipped = setup.data();
        if (!sample) {
            Path file = Path.of(setup.data()).toAbsolutePath().normalize();
            sc.addFile(file.toString(), Files.isDirectory(file));
            shipped = file.getFileName().toString();
        }
        Sweeps.checkFolder(setup.out(), dataset, base, setup.spec());
        Project project = Sweeps.openFolder(setup.out());
        int threads = sc.getConf().getInt("spark.task.cpus", 1);
        long deadline = setup.spec().seconds() > 0 ? System.currentTimeMillis() + Math.round(setup.spec().seconds() * 1000) : 0;
        TrialTask task = new TrialTask(shipped, !sample, setup.target(), setup.series(), setup.spec().seed(), threads,
                setup.out().toAbsolutePath().normalize().toString(), deadline);
        return new Sweeps().run(dataset, base, setup.spec(), project, setup.out(), listener, stop, new SparkTrials(sc, base, task));
    }

    /** Trains each trial as Spark jobs, one piece (to the next ASHA rung, or to the end) per job. */
    private record SparkTrials(JavaSparkContext sc, TrainingRequest base, TrialTask task) implements TrialRunner {

        @Override
        public TrialResult train(Trial trial, SweepGate gate, StopSignal stop) {
            if (stop.isRequested()) {
                return null;
            }
            int epochs = Sweeps.trialRequest(base, trial).training().epochs();
            TrialTask.Planned planned = TrialTask.Planned.of(trial);
            TrialTask.Piece piece = new TrialTask.Piece(planned, null, nextRung(gate.rungs(), 0, epochs), Double.NaN, Double.NaN);
            double seconds = 0;
            while (true) {
                TrialTask.Outcome o;
                try {
                    sc.setJobDescription("trial " + trial.number() + (piece.stopAt() > 0 ? " to epoch " + piece.stopAt() : ""));
                    o = sc.parallelize(List.of(piece), 1).map(task).collect().get(0);
                } catch (RuntimeException e) {   // a task that failed its retries (an executor lost, an error)
                    return new TrialResult(trial.number(), trial.params(), Map.of(), 0, TrialResult.FAILED, seconds, null, piece.runId(),
                            "the Spark job failed: " + rootMessage(e));
                }
                TrialResult r = o.result();
                seconds += r.seconds();
                if (!o.atRung() || !TrialResult.PRUNED.equals(r.status())) {
                    return with(r, r.status(), seconds);
                }
                boolean promoted = gate.keepGoing(trial.number(), piece.stopAt(), o.metric(), o.bestMetric(), o.bestLoss());
                if (!promoted) {
                    return with(r, TrialResult.PRUNED, seconds);
                }
                if (r.message().startsWith("early stopping") || stop.isRequested()) {
                    return with(r, TrialResult.STOPPED_EARLY, seconds);   // it ended at the rung anyway, as in one process
                }
                piece = new TrialTask.Piece(planned, r.run(), nextRung(gate.rungs(), piece.stopAt(), epochs), o.bestMetric(), o.bestLoss());
            }
        }

        /** The first rung after {@code epoch} before the trial's last epoch (the gate is not asked at the last), or 0. */
        private static int nextRung(List<Integer> rungs, int epoch, int epochs) {
            return rungs.stream().filter(r -> r > epoch && r < epochs).findFirst().orElse(0);
        }

        private static TrialResult with(TrialResult r, String status, double seconds) {
            return new TrialResult(r.number(), r.params(), r.validation(), r.epochs(), status, Math.round(seconds * 100) / 100.0,
                    r.model(), r.run(), r.message());
        }

        private static String rootMessage(Throwable e) {
            Throwable c = e;
            while (c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            return String.valueOf(c.getMessage()).replaceAll("\\s*\\R\\s*", " ");
        }
    }
}
