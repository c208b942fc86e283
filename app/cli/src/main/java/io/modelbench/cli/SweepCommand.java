package io.modelbench.cli;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code modelbench sweep}: a hyperparameter sweep through the engine's {@link Sweeps}. One line per trial on stderr as
 * it ends; the last stdout line is {@code {"trials": [{"params", "validation", "epochs", "status", "seconds"}], "best":
 * {"params", "validation", "test", "model"}}}. The folder {@code --out} is a project holding the trials' runs,
 * {@code sweep.json} and {@code best.zip}; the same command again continues the sweep where it stopped. With
 * {@code train}'s series options ({@code --time-column}, {@code --window}...) it sweeps a forecasting model on a time
 * series, chosen on the validation windows' RMSE; the winner's test figures then carry the naive forecasts beside it.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {
                "Search training and model settings: each trial trains and is scored on the validation split; the best is "
                        + "evaluated once on the test split and saved as DIR/best.zip.",
                "One line per trial on stderr; the last line on stdout is one JSON object."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE|FOLDER",
            description = "A CSV file with a header row, a folder of images with one subfolder per class, or a bundled sample such as sample:iris.")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (required for a file; a sample has its own).")
    String target;

    @Option(names = "--trials", required = true, paramLabel = "N", description = "How many trials at most.")
    int trials;

    @Option(names = "--search", required = true, paramLabel = "grid|random|asha",
            description = "grid (every point, or N spread evenly over a larger grid), random (seeded draws) or asha (random draws; "
                    + "a trial behind the best third at 1/3, 1/9, 1/27... of the epochs is stopped there).")
    String search;

    @Option(names = "--space", paramLabel = "SPACE.json",
            description = "The settings to search, as JSON (default: learning rate, layer sizes or filters, dropout and batch size around "
                    + "what train would use).")
    Path space;

    @Option(names = "--parallel", paramLabel = "K", description = "Trials trained at once, each with cores/K threads (default: 1).")
    int parallel = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the split, the draws and the weights (default: 42).")
    long seed = 42;

    @Option(names = "--time-budget", paramLabel = "SECONDS",
            description = "Start no trial after this many seconds and stop those running, keeping their best epoch (default: 0, no limit).")
    double timeBudget;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "A new or empty folder (or one of an earlier sweep, to continue it): the trials' runs, sweep.json, best.zip.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    /** {@code train}'s series options: with {@code --time-column} the sweep forecasts the target, scored on validation RMSE. */
    @CommandLine.Mixin
    SeriesOptions series = new SeriesOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // what can be refused without the data or the native backend is refused first, in one line
        if (trials < 1) {
            throw InputException.setting("--trials", trials, "give at least 1 trial");
        }
        if (parallel < 1) {
            throw InputException.setting("--parallel", parallel, "give how many trials train at once, at least 1");
        }
        SweepStrategy strategy = SweepStrategy.fromId(search);
        SearchSpace given = space == null ? null : Sweeps.readSpace(space);
        String column = target != null ? target : Sweeps.defaultTarget(data);
        Dataset dataset = series.forSweep(Sweeps.open(data), column, spec.commandLine().getErr(), quiet);
        TrainingRequest base = Sweeps.baseRequest(dataset, column, seed);
        SweepSpec sweep = new SweepSpec(given != null ? given : Sweeps.defaultSpace(dataset, base), strategy, trials, timeBudget, parallel, seed);
        Sweeps.plan(sweep).forEach(t -> Sweeps.trialRequest(base, t)); // a setting that does not fit the model: refused now
        Sweeps.checkFolder(out, dataset, base, sweep);
        Project project = Sweeps.openFolder(out);
        PrintWriter err = spec.commandLine().getErr();
        if (!quiet) {
            err.printf(Locale.ROOT, "sweep: %s, %d trial(s), %d at once with %d thread(s) each, chosen on the validation split; space %s%n",
                    strategy.id(), trials, parallel, Sweeps.threadsPerTrial(parallel), Sweeps.spaceJson(sweep.space()));
            long grid = Sweeps.gridSize(sweep.space());
            if (strategy == SweepStrategy.GRID && grid > trials) {
                err.printf(Locale.ROOT, "grid: %d of its %d points, spread evenly (--trials %d runs them all)%n", trials, grid, grid);
            }
            err.flush();
        }
        CliSupport.loadNative();
        SweepResult result = new Sweeps().run(dataset, base, sweep, project, out, e -> {
            if (e instanceof SweepEvent.TrialFinished f && !quiet) {
                synchronized (err) {
                    err.println(io.modelbench.engine.app.SweepReports.line(f.result(), trials));
                    err.flush();
                }
            }
        }, new StopSignal());
        CliSupport.printJson(spec.commandLine().getOut(), io.modelbench.engine.app.SweepReports.json(result));
        if (result.best() == null) {
            err.println("error: no trial left a model (" + result.trials().stream().map(TrialResult::message).filter(m -> !m.isBlank())
                    .findFirst().orElse("see the trials above") + ")");
            return ModelBenchCli.EXIT_FAILURE;
        }
        return 0;
    }
}
