package io.modelbench.spark;

import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepGate;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.RunOutput;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.Function;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Timer;
import java.util.TimerTask;

/**
 * Trains one piece of one trial on an executor with the engine's one-trial functions, exactly as the CLI's sweep trains
 * it: the same base settings (recomputed from the data, the target and the seed, which fix them), the same trial
 * settings, never the test split. The trial is a run of the sweep's project ({@code --out}, a folder every executor
 * reads and writes: local in local mode, a shared mount on a cluster): {@link Sweeps#runTrial} makes it,
 * {@link Sweeps#continueTrial} continues it from its checkpoint. A piece ends at the epoch {@link Piece#stopAt} (an ASHA
 * rung, where the driver decides) or at the trial's end. The data is the file shipped with the job ({@link SparkFiles})
 * or a bundled sample; for a series sweep read with the driver's series settings into the same series.
 */
final class TrialTask implements Function<TrialTask.Piece, TrialTask.Outcome> {

    private static final long serialVersionUID = 3L;

    /** A trial as the driver planned it (the engine's {@link Trial} is a record, not serializable). */
    record Planned(int number, LinkedHashMap<String, Object> params) implements Serializable {
        Trial trial() {
            return new Trial(number, params);
        }

        static Planned of(Trial t) {
            return new Planned(t.number(), new LinkedHashMap<>(t.params()));
        }
    }

    /**
     * What to train: the trial, its run to continue (null: a new run), the epoch to stop at (0: none, train to the end)
     * and its best validation figures so far (NaN for a new run).
     */
    record Piece(Planned trial, String runId, int stopAt, double bestMetric, double bestLoss) implements Serializable {
    }

    /**
     * What a piece gave: the trial's result (its run and model in the project) and, when it stopped at {@code stopAt},
     * the figures the driver's ASHA compares there.
     */
    record Outcome(TrialResult result, boolean atRung, String metric, double bestMetric, double bestLoss) implements Serializable {
    }

    /** The data as the executor opens it: a bundled sample, or the name of a file added with {@code SparkContext.addFile}. */
    private final String data;
    private final boolean shipped;
    private final String target;
    /** The series the data is read as ({@code --time-column}...), as on the driver; null for a table or images. */
    private final SeriesSettings series;
    private final long seed;
    private final int threads;
    /** The project's folder, absolute: every executor writes the trials' runs there. */
    private final String project;
    /** Wall-clock time (epoch ms) after which a running trial stops keeping its best epoch; 0: none. */
    private final long deadline;

    TrialTask(String data, boolean shipped, String target, SeriesSettings series, long seed, int threads, String project, long deadline) {
        this.data = data;
        this.shipped = shipped;
        this.target = target;
        this.series = series;
        this.seed = seed;
        this.threads = threads;
        this.project = project;
        this.deadline = deadline;
    }

    @Override
    public Outcome call(Piece piece) {
        io.modelbench.engine.api.BackendStatus backend = Jobs.backend();
        Dataset opened = Sweeps.open(shipped ? SparkFiles.get(data) : data);
        Dataset dataset = series == null ? opened : Sweeps.openSeries(opened, target, series);   // as the driver and the CLI read it
        TrainingRequest base = Sweeps.baseRequest(dataset, target, seed);
        Project p = Sweeps.openFolder(Path.of(project));
        RungStop gate = new RungStop(piece.stopAt());
        StopSignal stop = new StopSignal();
        Timer timer = deadline <= 0 ? null : new Timer("trial-" + piece.trial().number() + "-budget", true);
        if (timer != null) {
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    stop.request();
                }
            }, new java.util.Date(deadline));
        }
        try {
            Sweeps sweeps = new Sweeps();
            RunSettings settings = new RunSettings(threads, backend);
            Trial trial = piece.trial().trial();
            TrialResult r = piece.runId() == null
                    ? sweeps.runTrial(dataset, base, trial, RunOutput.project(p, null), settings, gate, SweepListener.NONE, stop)
                    : sweeps.continueTrial(dataset, base, trial, p, piece.runId(), settings, gate, piece.bestMetric(), piece.bestLoss(),
                    SweepListener.NONE, stop);
            return new Outcome(r, gate.asked, gate.metric, gate.bestMetric, gate.bestLoss);
        } finally {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /** Stops the piece at its rung and keeps what it was asked with there (the driver's ASHA decides on those figures). */
    private static final class RungStop implements SweepGate {
        private final int stopAt;
        private volatile boolean asked;
        private volatile String metric = "";
        private volatile double bestMetric = Double.NaN;
        private volatile double bestLoss = Double.NaN;

        RungStop(int stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public boolean keepGoing(int trial, int epoch, String metricName, double best, double loss) {
            if (stopAt <= 0 || epoch < stopAt) {
                return true;
            }
            asked = true;
            metric = metricName;
            bestMetric = best;
            bestLoss = loss;
            return false;
        }
    }
}
