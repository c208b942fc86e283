package io.modelbench.engine.app;

import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepGate;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.sweep.Plans;
import io.modelbench.engine.sweep.SpaceJson;
import io.modelbench.engine.sweep.TrialSettings;
import io.modelbench.engine.train.Defaults;
import io.modelbench.engine.train.PreparedData;
import io.modelbench.engine.train.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Hyperparameter sweeps (issue 16), for every front end: the desktop's Experiments page, the CLI's {@code sweep}, and
 * the Spark module, which runs each trial as a Spark task with {@link #runTrial} and the last step with
 * {@link #evaluateOnTest}. A sweep trains trials proposed by a strategy ({@code engine.sweep.Plans}: grid, seeded random;
 * ASHA prunes while they train, {@code engine.sweep.Asha}) over a {@link SearchSpace}; each trial is a normal run of the
 * {@link RunService} (its record, curves, checkpoints and model in the project) trained and scored without the test
 * rows; the best on the validation split is then evaluated once on the test split and saved as {@code best.zip}.
 * Never chosen on the test split. State in {@code sweep.json} ({@code engine.sweep.SweepState}): a restarted sweep skips
 * the trials that ended. Holds no mutable state; one instance may run several sweeps.
 */
public final class Sweeps {

    /** The best trial's model, beside {@code sweep.json}. */
    public static final String BEST_MODEL = "best.zip";

    private final RunService runs;
    private final Trainer trainer = new Trainer();

    public Sweeps() {
        this(new RunService());
    }

    public Sweeps(RunService runs) {
        this.runs = runs;
    }

    /**
     * The folder of a sweep from the command line ({@code --out DIR}) as a project: opened when it is one (a sweep there
     * continues), made when it does not exist or is empty; an {@code InputException} for a file or a folder holding
     * other things.
     */
    public static Project openFolder(Path dir) {
        if (Files.isRegularFile(dir.resolve(Project.FILE))) {
            return Project.open(dir);
        }
        if (Files.isDirectory(dir)) {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw InputException.file(dir, "is a folder with other files in it", "give a new or empty folder, or the folder of a sweep to continue it");
                }
            } catch (IOException e) {
                throw InputException.file(dir, "cannot be read: " + e.getMessage(), "give a folder you can write to");
            }
        }
        return Project.create(dir, dir.toAbsolutePath().getFileName() == null ? "sweep" : dir.toAbsolutePath().getFileName().toString());
    }

    /** The search space in {@code json}; {@code source} names it in messages. An {@code InputException} naming the setting. */
    public static SearchSpace parseSpace(String json, String source) {
        return SpaceJson.parse(json, source);
    }

    /** The search space in a JSON file ({@code --space SPACE.json}). */
    public static SearchSpace readSpace(Path file) {
        try {
            return SpaceJson.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw InputException.file(file, "cannot be read: " + e.getMessage(), "give a readable JSON file of settings");
        }
    }

    /** The space as JSON, as {@link #parseSpace} reads it. */
    public static String spaceJson(SearchSpace space) {
        return SpaceJson.write(space);
    }

    /**
     * The space a sweep searches when none is given: the learning rate log-uniform a decade either side of the base's,
     * three sizes of layers, dropout 0 to 0.3 and the batch size half to twice the base's; for images the filters of the
     * two convolutions instead of the layer sizes, and the dropout layer's rate 0.25 to 0.5; for a time series the LSTM's
     * units (16, 32, 64) and no dropout (the LSTM template has no dense layer to drop from). The epochs stay the base's
     * (early stopping keeps a trial's best epoch).
     */
    public static SearchSpace defaultSpace(Dataset data, TrainingRequest base) {
        TrainingSettings t = base.training();
        double lr = t.learningRate();
        List<SearchSpace.Dimension> d = new ArrayList<>();
        d.add(new SearchSpace.Range("learning_rate", round(lr / 10), round(Math.min(1, lr * 10)), true, false, 3));
        boolean images = data.map(table -> false, img -> true, series -> false);
        int b = t.batchSize();
        d.add(new SearchSpace.Choice("batch_size", new ArrayList<>(new java.util.LinkedHashSet<Object>(List.of(Math.max(1, b / 2), b, b * 2)))));
        if (data.map(table -> false, img -> false, series -> true)) {
            d.add(new SearchSpace.Choice("hidden", List.of(List.of(16), List.of(32), List.of(64))));   // the LSTM's units
        } else if (images) {
            d.add(new SearchSpace.Choice("filters", List.of(List.of(10, 25), List.of(20, 50), List.of(32, 64))));
            d.add(new SearchSpace.Range("dropout", 0.25, 0.5, false, false, 2));
        } else {
            d.add(new SearchSpace.Choice("hidden", List.of(List.of(32, 16), List.of(64, 32), List.of(128, 64))));
            d.add(new SearchSpace.Range("dropout", 0, 0.3, false, false, 2));
        }
        return new SearchSpace(d);
    }

    /**
     * The data named as on the command line: {@code sample:NAME} (a bundled table or image sample), a CSV file, or a
     * folder of images with one subfolder per class. A Spark executor opens its data with this.
     */
    public static Dataset open(String data) {
        if (data != null && data.regionMatches(true, 0, "sample:", 0, 7)) {
            return Datasets.openSample(Samples.find(data.substring(7).trim()), TaskProgress.NONE);
        }
        Path p = Path.of(data == null ? "" : data);
        if (!Files.exists(p)) {
            throw InputException.file(p, "does not exist", "give a CSV file, an image folder or a sample such as sample:iris");
        }
        return Datasets.open(p, TaskProgress.NONE);
    }

    /**
     * The data of a sweep over a time series ({@code train}'s series options on {@code sweep}): the table of {@code opened}
     * read as series of {@code target} with {@code settings}, as {@code train} reads it. The CLI's sweep, the Spark
     * sweep's driver and each of its tasks build the series with this, so that every trial trains on the same windows. An
     * {@code InputException} naming {@code --time-column} for a folder of images, or {@code --target} when none is given.
     */
    public static io.modelbench.engine.data.SeriesDataset openSeries(Dataset opened, String target,
                                                                     io.modelbench.engine.api.SeriesSettings settings) {
        io.modelbench.engine.data.Table table = opened.map(t -> t.table(), images -> {
            throw InputException.setting("--time-column", settings.timeColumn(),
                    "a folder of images has no time column: leave the series options out");
        }, s -> {
            throw new IllegalStateException("a file opens as a table");
        });
        if (target == null) {
            throw InputException.general("no --target given for " + table.source(), "give the column to forecast, one of: "
                    + String.join(", ", table.columns()));
        }
        return Datasets.series(Datasets.table(table), target, settings);
    }

    /** The column a bundled sample predicts ({@code sample:iris} → species; "class" for image samples), else null. */
    public static String defaultTarget(String data) {
        if (data == null || !data.regionMatches(true, 0, "sample:", 0, 7)) {
            return null;
        }
        Samples.Sample s = Samples.find(data.substring(7).trim());
        return s.isImages() ? "class" : s.target();
    }

    /**
     * What every trial starts from: the settings {@code train} would use on this data (for a table adapted to its rows:
     * epochs, batch, learning rate, weight decay, early stopping; for images the CNN template, 50 epochs, batch 16,
     * learning rate 0.01), the default split with {@code seed} (20 % test, 10 % validation), checked against the data
     * (target, column types, cells): an {@code InputException} naming the column or cell. A time series (read with its
     * series settings, {@code Datasets.series}) gets {@code train}'s settings for a series and is scored on the validation
     * windows' RMSE.
     */
    public static TrainingRequest baseRequest(Dataset data, String target, long seed) {
        SplitSettings split = SplitSettings.defaults(seed);
        TrainingRequest request = data.map(table -> {
            if (target == null || target.isBlank()) {
                throw InputException.general("no target column given for " + table.source(),
                        "choose the column to predict with --target, one of: " + String.join(", ", table.table().columns()));
            }
            TrainingSettings s = Defaults.adapt(TrainingSettings.defaults().withSeed(seed), table.size(), split, Set.of());
            return new TrainingRequest(target, null, List.of(), split, s);
        }, images -> new TrainingRequest("class", TaskType.CLASSIFICATION, List.of(), split,
                TrainingSettings.defaults().withSeed(seed).withModel(ModelSpec.cnn())), series -> {
                    if (target == null || target.isBlank()) {
                        throw InputException.general("no target column given for " + series.source(), "choose the column to forecast with --target");
                    }
                    // train's settings for a series (the LSTM, batches of 32, Adam at 0.003), split by time: the last 20 % of
                    // the windows the test span, the 10 % before them validation
                    TrainingSettings s = io.modelbench.engine.train.SeriesDefaults.adapt(TrainingSettings.defaults().withSeed(seed),
                            series.steps(), split, Set.of(), false);
                    return new TrainingRequest(target, null, List.of(), split, s);
                });
        RunService.check(data, request);
        return request;
    }

    /** The trials the spec's strategy proposes, all of them up front (ASHA: the random draws it will prune among). */
    public static List<Trial> plan(SweepSpec spec) {
        return Plans.plan(spec.space(), spec.strategy(), spec.trials(), spec.seed());
    }

    /** The number of points of the space's grid. */
    public static long gridSize(SearchSpace space) {
        return Plans.gridSize(space);
    }

    /** The trial's settings: the base's with the trial's values; an {@code InputException} naming a setting that does not fit. */
    public static TrainingRequest trialRequest(TrainingRequest base, Trial trial) {
        return base.withTraining(TrialSettings.apply(base.training(), trial.params()));
    }

    /** CPU threads for each of {@code parallel} trials at once: the cores shared out, at least one each. */
    public static int threadsPerTrial(int parallel) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallel));
    }

    /**
     * Trains ONE trial on the caller's thread and returns its result (never throws for a failed trial: status
     * {@code failed} with the message; bad settings throw an {@code InputException} before anything is written). Its run
     * goes where {@code output} says (a project's run folder; files for a Spark executor). {@code gate} decides after each
     * epoch whether it goes on (ASHA; {@link SweepGate#ALWAYS} otherwise); {@code stop} stops it (status
     * {@code stopped_early}, keeping its best epoch) and pauses it between mini-batches. The test split is never read.
     */
    public TrialResult runTrial(Dataset data, TrainingRequest base, Trial trial, RunOutput output, RunSettings settings,
                                SweepGate gate, SweepListener listener, StopSignal stop) {
        TrainingRequest request = trialRequest(base, trial);
        TrialWatch watch = new TrialWatch(trial, gate, listener, stop);
        return result(trial, watch, () -> runs.trainTrial(data, request, output, settings, watch, watch.signal()));
    }

    /**
     * Continues ONE trial that a gate stopped at a rung ({@code pruned}), from its run's last checkpoint in
     * {@code project}, up to its epochs in all, as {@link #runTrial} would have trained on: the same settings, never the
     * test split, exactly the epochs an uninterrupted trial trains. {@code bestMetric} and {@code bestLoss} are the
     * trial's best validation figures before (what the gate was asked with), so that the gate compares the same figures
     * as in one piece. A sweep on Spark trains an ASHA trial this way, one task per rung, on executors that share
     * {@code project}'s folder. The result's {@code epochs} count all of them; its {@code seconds} this piece's.
     */
    public TrialResult continueTrial(Dataset data, TrainingRequest base, Trial trial, Project project, String runId,
                                     RunSettings settings, SweepGate gate, double bestMetric, double bestLoss,
                                     SweepListener listener, StopSignal stop) {
        int epochs = trialRequest(base, trial).training().epochs();
        TrialWatch watch = new TrialWatch(trial, gate, listener, stop, bestMetric, bestLoss);
        return result(trial, watch, () -> runs.continueTrial(project, runId, data, epochs, settings, watch, watch.signal()));
    }

    private static TrialResult result(Trial trial, TrialWatch watch, java.util.function.Supplier<RunService.TrialRun> training) {
        long t0 = System.nanoTime();
        try {
            RunService.TrialRun r = training.get();
            String status = watch.pruned() ? TrialResult.PRUNED
                    : r.run().outcome().stoppedEarly() ? TrialResult.STOPPED_EARLY : TrialResult.FINISHED;
            String message = status.equals(TrialResult.FINISHED) ? "" : r.run().outcome().model().card().training().stopNote();
            return new TrialResult(trial.number(), trial.params(), figures(r.validation(), r.validationLoss()),
                    r.run().outcome().epochsCompleted(), status, seconds(t0), r.run().modelFile() == null ? null
                    : r.run().modelFile().toAbsolutePath().toString(), r.run().run() == null ? null : r.run().run().id(), message);
        } catch (InputException e) {
            if (!watch.started()) {
                throw e; // bad input: nothing was written
            }
            return failed(trial, watch, t0, e);
        } catch (RuntimeException e) {
            return failed(trial, watch, t0, e);
        }
    }

    private static TrialResult failed(Trial trial, TrialWatch watch, long t0, RuntimeException e) {
        return new TrialResult(trial.number(), trial.params(), Map.of(), watch.epochs(), TrialResult.FAILED, seconds(t0), null,
                watch.runId(), Failures.message(e));
    }

    /**
     * The trial to keep: the best on the validation split (accuracy or RMSE, the loss breaking ties) of those that left
     * a model; null when none did. Test figures are never consulted: trials have none.
     */
    public static TrialResult best(List<TrialResult> trials) {
        List<TrialResult> ranked = io.modelbench.engine.sweep.Scores.ranked(trials);
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    /**
     * The sweep's last step: the winner's model evaluated ONCE on the test split of the data (the split of
     * {@code base}, as every trial held it out), saved with those figures on its model card as {@code bestModel}
     * (atomically). {@code test} is empty when the split has no test rows. For a time series it is {@code train}'s:
     * the test span's RMSE, MAE, R² and MAPE with the naive forecasts' under {@code baselines} and {@code beats_naive}.
     */
    public SweepResult.Best evaluateOnTest(Dataset data, TrainingRequest base, TrialResult winner, Path bestModel) {
        if (winner == null || !winner.hasModel()) {
            throw InputException.general("no trial left a model", "look at the trials' messages; lower the learning rate or widen the space");
        }
        PreparedData p = trainer.prepare(data, trialRequest(base, new Trial(winner.number(), winner.params())));
        TrainedModel model = ModelFiles.load(Path.of(winner.model()));
        Map<String, Object> test = Map.of();
        if (p.split().test().length > 0 && p.series() != null) {   // the test span, the naive forecasts beside the model
            test = io.modelbench.engine.eval.Forecasts.testMetrics(Trainer.forecastReport(model, p));
            model = new TrainedModel(model.network(), model.normalizer(), model.card().withTestMetrics(test));
        } else if (p.split().test().length > 0) {
            EvaluationResult r = Trainer.evaluate(model, p, p.split().test(), new ArrayList<EvaluatedRow>());
            test = Metrics.toMap(r);
            model = new TrainedModel(model.network(), model.normalizer(), model.card().withTestMetrics(test));
        }
        ModelFiles.save(model, bestModel);
        return new SweepResult.Best(winner.number(), winner.params(), winner.validation(), test, bestModel.toAbsolutePath().toString());
    }

    /**
     * Runs a whole sweep on the caller's thread: {@code spec.parallel()} trials at once (each with
     * {@link #threadsPerTrial} threads), their runs in {@code project} (null: {@code sweepDir/trials/trial-NNNN/}), {@code sweep.json} and {@code best.zip} in
     * {@code sweepDir}; a sweep recorded there with the same settings and data continues, skipping its ended trials.
     * {@code stop} pauses (between mini-batches; no new trial starts) and stops it (the running trials keep their best
     * epoch; the best so far is still evaluated). Events to {@code listener}.
     */
    public SweepResult run(Dataset data, TrainingRequest base, SweepSpec spec, Project project, Path sweepDir,
                           SweepListener listener, StopSignal stop) {
        return run(data, base, spec, project, sweepDir, listener, stop, null);
    }

    /**
     * {@link #run} with the trials trained by {@code runner} (null: on this machine) instead: the Spark module's sweep,
     * whose executors write the trials' runs into {@code project}. Everything else (the plan, the checks, the ASHA rungs,
     * {@code sweep.json} and its resume, the best evaluated once on the test split) is the same sweep.
     */
    public SweepResult run(Dataset data, TrainingRequest base, SweepSpec spec, Project project, Path sweepDir,
                           SweepListener listener, StopSignal stop, TrialRunner runner) {
        return new SweepRun(this, data, base, spec, project, sweepDir, listener, stop, runner).run();
    }

    /**
     * Whether {@code sweepDir} can hold this sweep: empty of one, or holding this same sweep (settings and data) to
     * continue; an {@code InputException} naming the folder otherwise. {@link #run} checks it too; a front end calls it
     * to refuse before it prints or shows anything.
     */
    public static void checkFolder(Path sweepDir, Dataset data, TrainingRequest base, SweepSpec spec) {
        SweepRun.saved(sweepDir, data, base, spec);
    }

    /**
     * What {@code sweep.json} in {@code sweepDir} records (the trials that ended, and the best once chosen), or null when
     * the folder has no sweep: what a page shows of a sweep after a restart, before it is continued.
     */
    public static SweepResult recorded(Path sweepDir) {
        io.modelbench.engine.sweep.SweepState s = io.modelbench.engine.sweep.SweepState.read(sweepDir);
        return s == null ? null : new SweepResult(s.results(), s.best());
    }

    /** {@link #run} on {@code executor}; the handle pauses, resumes and stops it. */
    public SweepHandle start(Executor executor, Dataset data, TrainingRequest base, SweepSpec spec, Project project, Path sweepDir,
                             SweepListener listener) {
        StopSignal stop = new StopSignal();
        return new SweepHandle(stop, CompletableFuture.supplyAsync(() -> run(data, base, spec, project, sweepDir, listener, stop), executor));
    }

    /** The validation figures of a trial: accuracy, macro F1 and loss, or RMSE, MAE, R² and loss. */
    static Map<String, Object> figures(EvaluationResult r, double loss) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r instanceof EvaluationResult.Classification c) {
            m.put("accuracy", c.accuracy());
            m.put("f1_macro", c.f1Macro());
        } else if (r instanceof EvaluationResult.Regression g) {
            m.put("rmse", g.rmse());
            m.put("mae", g.mae());
            m.put("r2", g.r2());
        }
        m.put("loss", loss);
        return m;
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2g", v));
    }
}
