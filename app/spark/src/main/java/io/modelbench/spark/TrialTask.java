package io.modelbench.spark;

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
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.stream.Stream;

/**
 * Trains the trials of one partition on an executor, one after another, each with the engine's one-trial function
 * ({@link Sweeps#runTrial}) exactly as the CLI's sweep trains it: the same base settings (recomputed from the data, the
 * target and the seed, which fix them), the same trial settings, never the test split. The data is the file shipped
 * with the job ({@link SparkFiles}) or a bundled sample. The trial's model is trained into a temporary folder and its
 * bytes go back to the driver with the result, so executors need no folder shared with the driver.
 */
final class TrialTask implements FlatMapFunction<Iterator<TrialTask.Planned>, TrialTask.Outcome> {

    private static final long serialVersionUID = 1L;

    /** A trial as the driver planned it (the engine's {@link Trial} is a record, not serializable). */
    record Planned(int number, LinkedHashMap<String, Object> params) implements Serializable {
        Trial trial() {
            return new Trial(number, params);
        }
    }

    /** What a trial gave, with its model zip's bytes (null when it left none, or when it never started: {@code skipped}). */
    record Outcome(int number, LinkedHashMap<String, Object> params, LinkedHashMap<String, Object> validation, int epochs,
                   String status, double seconds, String message, byte[] model) implements Serializable {

        /** The sweep's time budget ran out before this trial began: it is left out of the results, as the CLI leaves it. */
        static final String SKIPPED = "skipped";

        static Outcome of(TrialResult r, byte[] model) {
            return new Outcome(r.number(), new LinkedHashMap<>(r.params()), new LinkedHashMap<>(r.validation()), r.epochs(), r.status(),
                    r.seconds(), r.message(), model);
        }

        TrialResult result(String modelFile) {
            return new TrialResult(number, params, validation, epochs, status, seconds, modelFile, null, message);
        }
    }

    /** The data as the executor opens it: a bundled sample, or the name of a file added with {@code SparkContext.addFile}. */
    private final String data;
    private final boolean shipped;
    private final String target;
    private final long seed;
    private final int threads;
    /** Wall-clock time (epoch ms) after which no trial starts and running ones stop keeping their best epoch; 0: none. */
    private final long deadline;

    TrialTask(String data, boolean shipped, String target, long seed, int threads, long deadline) {
        this.data = data;
        this.shipped = shipped;
        this.target = target;
        this.seed = seed;
        this.threads = threads;
        this.deadline = deadline;
    }

    @Override
    public Iterator<Outcome> call(Iterator<Planned> trials) {
        List<Outcome> out = new ArrayList<>();
        if (!trials.hasNext()) {
            return out.iterator();
        }
        io.modelbench.engine.api.BackendStatus backend = Jobs.backend();
        Dataset dataset = Sweeps.open(shipped ? SparkFiles.get(data) : data);
        TrainingRequest base = Sweeps.baseRequest(dataset, target, seed);
        Sweeps sweeps = new Sweeps();
        while (trials.hasNext()) {
            Planned p = trials.next();
            if (deadline > 0 && System.currentTimeMillis() >= deadline) {
                out.add(new Outcome(p.number(), p.params(), new LinkedHashMap<>(), 0, Outcome.SKIPPED, 0, "", null));
                continue;
            }
            out.add(train(sweeps, dataset, base, p, backend));
        }
        return out.iterator();
    }

    private Outcome train(Sweeps sweeps, Dataset dataset, TrainingRequest base, Planned p, io.modelbench.engine.api.BackendStatus backend) {
        StopSignal stop = new StopSignal();
        Timer timer = null;
        if (deadline > 0) {
            timer = new Timer("trial-" + p.number() + "-budget", true);
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    stop.request();
                }
            }, new java.util.Date(deadline));
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("modelbench-trial-" + p.number() + "-");
            RunOutput output = new RunOutput.Files(dir.resolve("model.zip"), dir.resolve("checkpoints"));
            TrialResult r = sweeps.runTrial(dataset, base, p.trial(), output, new RunSettings(threads, backend), SweepGate.ALWAYS,
                    SweepListener.NONE, stop);
            byte[] model = r.hasModel() ? Files.readAllBytes(Path.of(r.model())) : null;
            return Outcome.of(r, model);
        } catch (IOException e) {
            throw new UncheckedIOException("trial " + p.number() + ": the executor's temporary folder: " + e.getMessage(), e);
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is the executor's to clean
        }
    }

    /** The trial's values as the engine gives them, in a map Spark can serialize. */
    static Planned planned(Trial t) {
        return new Planned(t.number(), new LinkedHashMap<>(t.params()));
    }
}
