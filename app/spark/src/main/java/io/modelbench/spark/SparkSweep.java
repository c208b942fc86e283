package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A sweep on Spark, on the engine's sweep API: the driver plans the trials ({@link Sweeps#plan}), they become an RDD
 * whose tasks train them on the executors ({@link TrialTask}: one trial after another per partition), the results and
 * the trials' models come back to the driver, which keeps the best on the validation split ({@link Sweeps#best}) and
 * evaluates it once on the test split ({@link Sweeps#evaluateOnTest}), as the CLI's sweep does.
 *
 * <p>ASHA is refused: its promotions compare trials while they train, at shared rungs, which Spark tasks cannot see
 * of each other without a service beside Spark; running it rung by rung (a stage per rung) would need each trial to
 * resume from a checkpoint that every executor can read. Grid and random search are exactly the CLI's.
 */
final class SparkSweep {

    /** What the driver needs to set the sweep up: the CLI's options. */
    record Setup(String data, String target, SweepSpec spec, Integer parallel, Path out) {
    }

    private SparkSweep() {
    }

    /** Refuses ASHA in one line, before Spark starts. */
    static void checkStrategy(SweepStrategy strategy) {
        if (strategy == SweepStrategy.ASHA) {
            throw InputException.setting("--search", "asha", "ASHA compares trials while they train, which Spark tasks cannot; "
                    + "use --search random or grid on Spark, or run asha with the command line's sweep");
        }
    }

    /**
     * Runs the sweep; {@code dataset} and {@code base} as the driver opened and checked them. One line per trial goes to
     * {@code progress} when the job's trials are back. The trials' models land in {@code out/trials/trial-NNNN.zip}, the
     * best in {@code out/best.zip}.
     */
    static SweepResult run(JavaSparkContext sc, Setup setup, Dataset dataset, TrainingRequest base, Consumer<TrialResult> progress) {
        List<Trial> plan = Sweeps.plan(setup.spec());
        List<TrialTask.Planned> planned = plan.stream().map(TrialTask::planned).toList();
        boolean sample = setup.data().regionMatches(true, 0, "sample:", 0, 7);
        String shipped = setup.data();
        if (!sample) {
            Path file = Path.of(setup.data()).toAbsolutePath().normalize();
            sc.addFile(file.toString(), Files.isDirectory(file));
            shipped = file.getFileName().toString();
        }
        int threads = sc.getConf().getInt("spark.task.cpus", 1);
        long deadline = setup.spec().seconds() > 0 ? System.currentTimeMillis() + Math.round(setup.spec().seconds() * 1000) : 0;
        int slices = setup.parallel() == null ? planned.size() : Math.min(planned.size(), setup.parallel());
        JavaRDD<TrialTask.Outcome> outcomes = sc.parallelize(planned, slices)
                .mapPartitions(new TrialTask(shipped, !sample, setup.target(), setup.spec().seed(), threads, deadline));
        List<TrialTask.Outcome> back = new ArrayList<>(outcomes.collect());
        back.sort(Comparator.comparingInt(TrialTask.Outcome::number));

        Path trialsDir = setup.out().resolve("trials");
        try {
            Files.createDirectories(trialsDir);
        } catch (IOException e) {
            throw InputException.file(trialsDir, "cannot be made: " + e.getMessage(), "give --out a folder you can write to");
        }
        List<TrialResult> results = new ArrayList<>();
        for (TrialTask.Outcome o : back) {
            if (TrialTask.Outcome.SKIPPED.equals(o.status())) {
                continue;
            }
            String modelFile = null;
            if (o.model() != null) {
                Path f = trialsDir.resolve(String.format(java.util.Locale.ROOT, "trial-%04d.zip", o.number()));
                Exports.writeFile(f, o.model());
                modelFile = f.toAbsolutePath().toString();
            }
            TrialResult r = o.result(modelFile);
            results.add(r);
            progress.accept(r);
        }
        TrialResult winner = Sweeps.best(results);
        SweepResult.Best best = winner == null ? null
                : new Sweeps().evaluateOnTest(dataset, base, winner, setup.out().resolve(Sweeps.BEST_MODEL));
        return new SweepResult(results, best);
    }

    /** {@code --out}: a new or empty folder (a Spark sweep does not continue an earlier one; the CLI's does). */
    static void checkOut(Path out) {
        if (Files.isRegularFile(out)) {
            throw InputException.file(out, "is a file", "give a new or empty folder for the sweep");
        }
        if (Files.isDirectory(out)) {
            try (java.util.stream.Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw InputException.file(out, "is not empty", "give a new or empty folder (a Spark sweep starts afresh)");
                }
            } catch (IOException e) {
                throw InputException.file(out, "cannot be read: " + e.getMessage(), "give a folder you can write to");
            }
        }
        Exports.checkOutputFolder(out, "--out");
    }
}
