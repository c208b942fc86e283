package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.io.Json;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sweep}: the CLI's {@code sweep} (same options, same JSON on the last stdout line, one line per trial on
 * stderr as each trial ends) with each trial a Spark job ({@link SparkSweep}; ASHA: one per rung). {@code --parallel K}
 * keeps K jobs in flight (default: Spark's default parallelism); each trial uses {@code spark.task.cpus} threads (default
 * 1). As the CLI's, {@code --out} is a project holding the trials' runs and {@code sweep.json}: the same command again
 * continues the sweep, skipping the trials that ended. With the CLI's series options ({@code --time-column},
 * {@code --window}..., {@link SeriesOptions}) it sweeps a forecasting model on a time series, each task reading the
 * shipped file into the same series.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        description = {"A hyperparameter sweep with each trial a Spark task; the best on the validation split is evaluated once on "
                + "the test split and saved as DIR/best.zip.",
                "One line per trial on stderr; the last line on stdout is one JSON object, as the command line's sweep."},
        sortOptions = false)
final class SweepJob implements Callable<Integer> {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[2], spark://host:7077, yarn... (default: the one spark-submit sets).")
    String master;

    @Option(names = "--data", required = true, paramLabel = "FILE|FOLDER",
            description = "A CSV file or a folder of images on the driver (shipped to the executors with the job), or a sample such as sample:iris.")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (required for a file; a sample has its own).")
    String target;

    @Option(names = "--trials", required = true, paramLabel = "N", description = "How many trials at most.")
    int trials;

    @Option(names = "--search", required = true, paramLabel = "grid|random|asha",
            description = "grid (every point, or N spread evenly over a larger grid), random (seeded draws) or asha (random draws; "
                    + "a trial behind the best third at 1/3, 1/9, 1/27... of the epochs is stopped there; one Spark job per rung).")
    String search;

    @Option(names = "--space", paramLabel = "SPACE.json", description = "The settings to search, as JSON (default: as the command line's sweep).")
    Path space;

    @Option(names = "--parallel", paramLabel = "K",
            description = "At most K trials at once, each one Spark job at a time (default: Spark's default parallelism, the task slots).")
    Integer parallel;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the split, the draws and the weights (default: 42).")
    long seed = 42;

    @Option(names = "--time-budget", paramLabel = "SECONDS",
            description = "Start no trial after this many seconds and stop those running, keeping their best epoch (default: 0, no limit).")
    double timeBudget;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "A new or empty folder (or one of an earlier sweep, to continue it): the trials' runs, sweep.json, best.zip. "
                    + "Every executor writes the trials' runs there: on a cluster a shared mount.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    /** The command line's series options: with {@code --time-column} the sweep forecasts the target, scored on validation RMSE. */
    @CommandLine.Mixin
    SeriesOptions series = new SeriesOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // everything that can be refused is refused before Spark starts, in one line
        if (trials < 1) {
            throw InputException.setting("--trials", trials, "give at least 1 trial");
        }
        if (parallel != null && parallel < 1) {
            throw InputException.setting("--parallel", parallel, "give how many trials train at once, at least 1");
        }
        SweepStrategy strategy = SweepStrategy.fromId(search);
        SearchSpace given = space == null ? null : Sweeps.readSpace(space);
        if (!data.regionMatches(true, 0, "sample:", 0, 7) && !Jobs.isLocal(data)) {
            throw InputException.setting("--data", data, "give a file on the driver (it is shipped to the executors with the job) or a sample");
        }
        String column = target != null ? target : Sweeps.defaultTarget(data);
        PrintWriter err = spec.commandLine().getErr();
        Dataset dataset = series.forSweep(Sweeps.open(data), column, err, quiet);
        TrainingRequest base = Sweeps.baseRequest(dataset, column, seed);
        SweepSpec sweep = new SweepSpec(given != null ? given : Sweeps.defaultSpace(dataset, base), strategy, trials, timeBudget,
                parallel == null ? 1 : parallel, seed);
        Sweeps.plan(sweep).forEach(t -> Sweeps.trialRequest(base, t));   // a setting that does not fit the model: refused now
        Sweeps.checkFolder(out, dataset, base, sweep);   // a folder of another sweep: refused before Spark starts
        Exports.checkOutputFolder(out, "--out");
        Sweeps.openFolder(out);   // a folder with other files: refused here; else the sweep's project, made or opened
        Jobs.backend();   // the driver evaluates the winner on the test split
        try (JavaSparkContext sc = Jobs.context(master, "ModelBench sweep")) {
            int k = parallel != null ? parallel : Math.max(1, sc.defaultParallelism());
            sweep = new SweepSpec(sweep.space(), strategy, trials, timeBudget, k, seed);
            if (!quiet) {
                err.printf(Locale.ROOT, "sweep on Spark (%s): %s, %d trial(s), %d at once, %d thread(s) each, chosen on the validation split; space %s%n",
                        sc.master(), strategy.id(), trials, k, sc.getConf().getInt("spark.task.cpus", 1), Sweeps.spaceJson(sweep.space()));
                err.flush();
            }
            SweepResult result = SparkSweep.run(sc, new SparkSweep.Setup(data, column, sweep, out, series.settings()), dataset, base, e -> {
                if (e instanceof SweepEvent.TrialFinished f && !quiet) {
                    synchronized (err) {
                        err.println(io.modelbench.engine.app.SweepReports.line(f.result(), trials));
                        err.flush();
                    }
                }
            }, new StopSignal());
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(Json.mapper().writeValueAsString(io.modelbench.engine.app.SweepReports.json(result)));
            stdout.flush();
            if (result.best() == null) {
                err.println("error: no trial left a model (" + result.trials().stream().map(TrialResult::message).filter(m -> !m.isBlank())
                        .findFirst().orElse("see the trials above") + ")");
                return ModelBenchSpark.EXIT_FAILURE;
            }
        }
        return 0;
    }
}
