package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The Train page: settings, Start/Stop, progress, and the loss curves. Training runs on the background
 * executor; its events reach the UI thread through one {@link EventCoalescer}, a few batches a second.
 */
public final class TrainViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TrainViewModel.class);

    private final Workspace workspace;
    private final ModelViewModel model;
    /** The training session (on the one training thread), its events coalesced onto the UI thread. */
    private final TaskRunner session;
    private final StringProperty epochs = new SimpleStringProperty(this, "epochs", String.valueOf(TrainingSettings.DEFAULT_EPOCHS));
    private final StringProperty batchSize = new SimpleStringProperty(this, "batchSize", String.valueOf(TrainingSettings.DEFAULT_BATCH_SIZE));
    private final StringProperty learningRate = new SimpleStringProperty(this, "learningRate", String.valueOf(TrainingSettings.DEFAULT_LEARNING_RATE));
    private final StringProperty seed = new SimpleStringProperty(this, "seed", String.valueOf(TrainingSettings.DEFAULT_SEED));
    private final StringProperty optimizer = new SimpleStringProperty(this, "optimizer", "adam");
    private final StringProperty schedule = new SimpleStringProperty(this, "schedule", "fixed");
    private final StringProperty patience = new SimpleStringProperty(this, "patience", "0");
    private final StringProperty weightDecay = new SimpleStringProperty(this, "weightDecay", "0");
    private final StringProperty clipNorm = new SimpleStringProperty(this, "clipNorm", "0");
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ObservableList<EpochPoint> points = FXCollections.observableArrayList();
    private final LiveSeries iterations = new LiveSeries();
    private final ObservableList<RatePoint> rates = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper timeLeft = new ReadOnlyStringWrapper(this, "timeLeft", "");
    private final StringProperty threads = new SimpleStringProperty(this, "threads", "auto");
    private int firstEpochThisSession;
    static final int LOG_LIMIT = 1_000;

    /** Per epoch: the learning rate used and the training speed. */
    public record RatePoint(int epoch, double learningRate, double samplesPerSecond) {
    }
    private final BooleanBinding canStart;
    private final BooleanBinding resultReady;
    private volatile StopSignal stop;
    private String metricName = "accuracy";

    public TrainViewModel(Workspace workspace, ModelViewModel model, Executor training, UiScheduler ui) {
        this.workspace = workspace;
        this.model = model;
        this.session = new TaskRunner(training, ui);
        canStart = Bindings.createBooleanBinding(
                () -> !running.get() && workspace.hasData() && workspace.isBackendReady(),
                running, workspace.tableProperty(), workspace.imagesProperty(), workspace.backendProperty());
        resultReady = Bindings.createBooleanBinding(() -> !running.get() && workspace.getOutcome() != null,
                running, workspace.outcomeProperty());
        javafx.beans.InvalidationListener dataChanged = o -> {
            points.clear();
            progress.set(0);
            status.set("");
        };
        workspace.tableProperty().addListener(dataChanged);
        workspace.imagesProperty().addListener(dataChanged);
    }

    /** The per-iteration loss (raw and smoothed), bounded in size. */
    public LiveSeries iterations() {
        return iterations;
    }

    public ObservableList<RatePoint> getRates() {
        return rates;
    }

    /** What the session did, line by line (the last {@value #LOG_LIMIT} lines). */
    public ObservableList<String> getLog() {
        return log;
    }

    /** "about 1 min 20 s left" while training, else "". */
    public ReadOnlyStringProperty timeLeftProperty() {
        return timeLeft.getReadOnlyProperty();
    }

    /** CPU threads for training: "auto" (all cores) or a number; applied when a session starts. */
    public StringProperty threadsProperty() {
        return threads;
    }

    public StringProperty epochsProperty() {
        return epochs;
    }

    public StringProperty batchSizeProperty() {
        return batchSize;
    }

    public StringProperty learningRateProperty() {
        return learningRate;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** adam, sgd, nesterov, rmsprop or adagrad. */
    public StringProperty optimizerProperty() {
        return optimizer;
    }

    /** fixed, step, exponential or cosine. */
    public StringProperty scheduleProperty() {
        return schedule;
    }

    /** Early stopping: epochs without a better validation loss before stopping; 0 is off. */
    public StringProperty patienceProperty() {
        return patience;
    }

    /** L2 weight decay on every layer's weights (0: none). */
    public StringProperty weightDecayProperty() {
        return weightDecay;
    }

    /** Each layer's gradient is clipped to this L2 norm (0: off). */
    public StringProperty clipNormProperty() {
        return clipNorm;
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** Holds the running session between mini-batches, or lets it go on. */
    public void togglePause() {
        StopSignal s = stop;
        if (s == null || !running.get()) {
            return;
        }
        if (s.isPaused()) {
            s.resume();
            paused.set(false);
            status.set("Resumed…");
        } else {
            s.pause();
            paused.set(true);
            status.set("Paused after the current mini-batch. Resume to go on, Stop to keep the model so far.");
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Training and validation loss per epoch, appended live. */
    public ObservableList<EpochPoint> getPoints() {
        return points;
    }

    private java.util.function.Supplier<DatasetRecipe> recipe = () -> null;

    /** Where the open data's recipe comes from (the Data page), recorded with each project run. */
    public void setRecipeSource(java.util.function.Supplier<DatasetRecipe> source) {
        this.recipe = source;
    }

    /**
     * Reads the settings; starts training in the background. Does nothing if training cannot start. With a
     * project open the run is kept in it: its settings, every epoch's figures, checkpoints (last and best) and
     * the final model, so that a crash loses at most the epoch in progress.
     */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        TrainingRequest request;
        try {
            request = request();
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        Project project = workspace.getProject();
        RunInfo run = null;
        if (project != null) {
            try {
                run = project.newRun(request, recipe.get(), environment());
            } catch (InputException e) {
                error.set(e.getMessage());
                return;
            }
        }
        launch(request, project, run, false);
    }

    /**
     * Continues a project run from its last checkpoint up to its epochs, on the open data (which must be the data
     * it was trained on); also after the app was closed or crashed.
     */
    public void resume(RunRecord record) {
        Project project = workspace.getProject();
        if (project == null || record.id() == null || !canStart.get()) {
            return;
        }
        RunInfo run;
        try {
            run = project.run(record.id());
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        String sha = workspace.getImages() != null ? workspace.getImages().sha256() : workspace.getTable().sha256();
        if (run.dataset() != null && run.dataset().sha256() != null && !run.dataset().sha256().equals(sha)) {
            error.set("To resume " + run.name() + ", open the data it was trained on (" + run.dataset().source()
                    + ", with the content it had then).");
            return;
        }
        if (!project.canResume(run)) {
            error.set(run.name() + " has no checkpoint to resume from; re-run it instead.");
            return;
        }
        RunInfo again = run.withStatus(RunInfo.RUNNING, null);
        project.writeRun(again);
        launch(run.request(), project, again, true);
    }

    /** Puts a run's settings (model and training) into the pages, as "re-run with the same settings" needs. */
    public void applySettings(TrainingSettings t) {
        epochs.set(String.valueOf(t.epochs()));
        batchSize.set(String.valueOf(t.batchSize()));
        learningRate.set(String.valueOf(t.learningRate()));
        seed.set(String.valueOf(t.seed()));
        optimizer.set(t.optimization().optimizer());
        schedule.set(t.optimization().schedule());
        patience.set(String.valueOf(t.optimization().patience()));
        weightDecay.set(String.valueOf(t.optimization().weightDecay()));
        clipNorm.set(String.valueOf(t.optimization().clipNorm()));
        model.load(t.spec());
    }

    /** The training settings as typed now, or null when one does not parse (for saving a project). */
    public TrainingSettings currentSettings() {
        try {
            return request().training();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        io.modelbench.engine.api.BackendStatus b = workspace.backendProperty().get();
        if (b != null) {
            env.put("backend", b.device() + ": " + b.detail());
        }
        env.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.putAll(io.modelbench.engine.Versions.all());
        return env;
    }

    private void launch(TrainingRequest request, Project project, RunInfo run0, boolean resume) {
        Table table = workspace.getTable();
        ImageDataset images = workspace.getImages();
        String source = images != null ? images.source() : table.source();
        StopSignal signal = new StopSignal();
        stop = signal;
        error.set("");
        int threadCount;
        try {
            threadCount = threads.get() == null || threads.get().isBlank() || threads.get().trim().equalsIgnoreCase("auto")
                    ? 0 : parseInt(threads.get(), "threads");
            if (threadCount < 0) {
                throw InputException.setting("threads", threads.get(), "enter auto or a number of threads such as 2");
            }
        } catch (InputException e) {
            error.set(e.getMessage());
            if (project != null && !resume) {
                project.delete(run0.id());
            }
            return;
        }
        points.clear();
        iterations.clear();
        rates.clear();
        timeLeft.set("");
        firstEpochThisSession = 0;
        if (resume) {
            run0.epochs().forEach(e -> points.add(new EpochPoint(e.epoch(), e.trainingLoss(), e.validationLoss(), e.validationMetric())));
        }
        progress.set(0);
        status.set(resume ? "Resuming " + run0.name() + " from its last checkpoint…" : "Starting…");
        running.set(true);
        java.nio.file.Path checkpoints = project == null ? null : project.checkpointDir(run0.id());
        session.run(BackgroundTask.<Finished, TrainingEvent>withEvents(ctx -> {
            java.util.concurrent.atomic.AtomicReference<RunInfo> current = new java.util.concurrent.atomic.AtomicReference<>(run0);
            io.modelbench.engine.api.TrainingListener listener = e -> {
                if (project != null && e instanceof TrainingEvent.EpochDone d) {
                    RunInfo r = current.get().withEpoch(new RunInfo.Epoch(d.epoch(), d.trainingLoss(), d.validationLoss(),
                            d.metricName(), d.validationMetric(), d.learningRate(), d.samplesPerSecond(), d.elapsedMillis()));
                    current.set(r);
                    try {
                        project.writeRun(r);
                    } catch (RuntimeException ex) {
                        LOG.warn("Could not save the run's progress: {}", ex.getMessage());
                    }
                }
                ctx.publish(e);
            };
            try {
                int used = io.modelbench.engine.nativeenv.NativeEnvironment.setThreads(threadCount);
                ctx.message("Using " + used + " CPU thread" + (used == 1 ? "" : "s") + ".");
                int total = request.training().epochs();
                TrainingOutcome outcome;
                if (resume) {
                    outcome = images != null
                            ? new Trainer().resume(images, checkpoints, total, listener, signal)
                            : new Trainer().resume(table, checkpoints, total, listener, signal);
                } else {
                    outcome = images != null
                            ? new Trainer().train(images, request, listener, signal, checkpoints)
                            : new Trainer().train(table, request, listener, signal, checkpoints);
                }
                RunInfo done = null;
                if (project != null) {
                    io.modelbench.engine.io.ModelFiles.save(outcome.model(), project.modelFile(run0.id()));
                    done = current.get().finished(outcome.stoppedEarly() ? RunInfo.STOPPED : RunInfo.FINISHED,
                            java.time.Instant.now().toString(), io.modelbench.engine.eval.Metrics.toMap(outcome.test()),
                            resultText(outcome), outcome.model().card().training().stopNote());
                    project.writeRun(done);
                }
                return new Finished(outcome, done, project != null && outcome.stoppedEarly() && project.canResume(done));
            } catch (RuntimeException e) {
                if (project != null) {
                    try {
                        project.writeRun(current.get().withStatus(RunInfo.FAILED, Errors.message(e)));
                    } catch (RuntimeException ex) {
                        LOG.warn("Could not save the failed run: {}", ex.getMessage());
                    }
                }
                throw e;
            }
        }).describedAs("Training failed")
                .onEvents(this::apply)
                .onMessage(this::addLog)
                .onSuccess(f -> published(f, source, request, images))
                .onFailure(msg -> {
                    error.set(msg);
                    addLog("Failed: " + msg);
                    status.set("Training did not finish.");
                    paused.set(false);
                    running.set(false);
                    if (project != null) {
                        reloadRuns.run();
                    }
                }));
    }

    /** A session's end on the worker: the outcome, and with a project its run as written and whether it can resume. */
    private record Finished(TrainingOutcome outcome, RunInfo run, boolean resumable) {
    }

    /**
     * The result, in two steps with frames between them: the last events and the runs list, then the result for the
     * other pages (Evaluate, Try, Export each take it in; one step for all kept the window from painting for 150-200 ms).
     */
    private void published(Finished f, String source, TrainingRequest request, ImageDataset images) {
        long t0 = System.nanoTime();
        record(source, request, f.outcome(), f.run(), f.resumable(), images == null ? null : images.settings());
        long recorded = (System.nanoTime() - t0) / 1_000_000;
        session.later(40, () -> {
            long t1 = System.nanoTime();
            workspace.outcomeProperty().set(f.outcome());
            paused.set(false);
            running.set(false);
            LOG.info("Result published on the UI thread: runs list {} ms, then the pages {} ms", recorded,
                    (System.nanoTime() - t1) / 1_000_000);
        });
    }

    private Runnable reloadRuns = () -> { };
    private Runnable showEvaluation = () -> { };

    /** What {@link #showEvaluation()} does (the main view model switches the page). */
    public void setShowEvaluation(Runnable r) {
        this.showEvaluation = r;
    }

    /** Shows the finished run's evaluation (the Train page's button after a run). */
    public void showEvaluation() {
        showEvaluation.run();
    }

    /** True when a finished run's result can be shown and no run is under way. */
    public javafx.beans.binding.BooleanBinding resultReadyProperty() {
        return resultReady;
    }

    /** Called when a project run's file changed outside a finished training (a failed run), to refresh the list. */
    public void setReloadRuns(Runnable r) {
        this.reloadRuns = r;
    }

    static String resultText(TrainingOutcome outcome) {
        return outcome.test() instanceof io.modelbench.engine.api.EvaluationResult.Classification c
                ? String.format("accuracy %.1f %%", c.accuracy() * 100)
                : String.format("R² %.3f", ((io.modelbench.engine.api.EvaluationResult.Regression) outcome.test()).r2());
    }

    /** Asks the running session to stop after its current mini-batch; the model so far is kept. */
    public void stop() {
        StopSignal s = stop;
        if (s != null) {
            s.request();
            paused.set(false);
            status.set("Stopping…");
        }
    }

    TrainingRequest request() {
        int e = parseInt(epochs.get(), "epochs");
        int b = parseInt(batchSize.get(), "batch size");
        double lr;
        try {
            lr = Double.parseDouble(learningRate.get().trim());
        } catch (NumberFormatException ex) {
            throw InputException.setting("learning rate", learningRate.get(), "enter a positive number such as 0.01");
        }
        long s;
        try {
            s = Long.parseLong(seed.get().trim());
        } catch (NumberFormatException ex) {
            throw InputException.setting("seed", seed.get(), "enter a whole number");
        }
        int p = parseInt(patience.get(), "early stopping patience");
        Optimization o = new Optimization(optimizer.get(), 0.9, schedule.get(), 0.5, 10,
                parseDouble(weightDecay.get(), "weight decay"), parseDouble(clipNorm.get(), "gradient clipping"), p);
        ModelSpec spec = model.currentSpec();
        List<Integer> sizes = spec.plainMlpSizes();
        TrainingSettings settings = new TrainingSettings(e, b, lr, sizes != null ? sizes : TrainingSettings.DEFAULT_HIDDEN, s, o)
                .withModel(spec);
        if (workspace.getImages() != null) {
            return new TrainingRequest("class", io.modelbench.engine.api.TaskType.CLASSIFICATION, List.of(),
                    SplitSettings.defaults(s), settings);
        }
        if (spec.hasSpatialLayers()) {
            throw InputException.setting("model", spec.name(), "convolution and pooling layers need image data: use dense layers for a table (Model page)");
        }
        String target = workspace.targetColumnProperty().get();
        if (target == null) {
            throw InputException.setting("column to predict", "", "choose it on the Data page");
        }
        return new TrainingRequest(target, null, workspace.ignoredColumnsProperty().get(), SplitSettings.defaults(s),
                settings, workspace.preparationProperty().get());
    }

    private static double parseDouble(String text, String name) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException | NullPointerException ex) {
            throw InputException.setting(name, text, "enter a number, or 0 for none");
        }
    }

    private static int parseInt(String text, String name) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException ex) {
            throw InputException.setting(name, text, "enter a whole number");
        }
    }

    private void addLog(String line) {
        log.add(java.time.LocalTime.now().withNano(0) + "  " + line);
        if (log.size() > LOG_LIMIT) {
            log.remove(0, log.size() - LOG_LIMIT);
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private void apply(List<TrainingEvent> batch) {
        TrainingEvent.IterationDone lastIteration = null;
        List<EpochPoint> newPoints = new java.util.ArrayList<>();
        List<long[]> its = new java.util.ArrayList<>();
        List<Double> losses = new java.util.ArrayList<>();
        List<RatePoint> newRates = new java.util.ArrayList<>();
        for (TrainingEvent e : batch) {
            if (e instanceof TrainingEvent.Started s) {
                metricName = s.task() == io.modelbench.engine.api.TaskType.CLASSIFICATION ? "accuracy" : "RMSE";
                status.set(String.format("Training on %,d rows, validating on %,d…", s.trainingRows(), s.validationRows()));
                addLog(String.format("Started: %d epochs of %d batches, %,d training rows, %,d validation rows.",
                        s.totalEpochs(), s.iterationsPerEpoch(), s.trainingRows(), s.validationRows()));
            } else if (e instanceof TrainingEvent.IterationDone it) {
                lastIteration = it;
                its.add(new long[] {it.iteration()});
                losses.add(it.loss());
            } else if (e instanceof TrainingEvent.EpochDone d) {
                newPoints.add(new EpochPoint(d.epoch(), d.trainingLoss(), d.validationLoss(), d.validationMetric()));
                newRates.add(new RatePoint(d.epoch(), d.learningRate(), d.samplesPerSecond()));
                progress.set((double) d.epoch() / d.totalEpochs());
                if (firstEpochThisSession == 0) {
                    firstEpochThisSession = d.epoch();
                }
                int done = d.epoch() - firstEpochThisSession + 1;
                double perEpoch = d.elapsedMillis() / 1000.0 / Math.max(1, done);
                int left = d.totalEpochs() - d.epoch();
                timeLeft.set(left <= 0 ? "" : "about " + duration(perEpoch * left) + " left");
                addLog(String.format("Epoch %d/%d: loss %.4f, validation loss %.4f, validation %s %s, lr %.3g, %,.0f samples/s",
                        d.epoch(), d.totalEpochs(), d.trainingLoss(), d.validationLoss(), metricName, format(d.validationMetric()),
                        d.learningRate(), d.samplesPerSecond()));
                if (!paused.get() && !stopping()) {
                    status.set(String.format("Epoch %d of %d · loss %.4f · validation loss %.4f · validation %s %s · lr %.3g · %,.0f samples/s",
                            d.epoch(), d.totalEpochs(), d.trainingLoss(), d.validationLoss(), metricName,
                            format(d.validationMetric()), d.learningRate(), d.samplesPerSecond())
                            + (timeLeft.get().isEmpty() ? "" : " · " + timeLeft.get()));
                }
            } else if (e instanceof TrainingEvent.Finished f) {
                timeLeft.set("");
                addLog(f.note() + String.format(" (%d epochs, %.1f s).", f.epochsCompleted(), f.elapsedMillis() / 1000.0));
                progress.set(f.stoppedEarly() ? progress.get() : 1.0);
                status.set(String.format("%s after %d epochs in %.1f s (%,.0f samples/s): %s.",
                        f.stoppedEarly() ? "Stopped" : "Finished", f.epochsCompleted(), f.elapsedMillis() / 1000.0,
                        f.samplesPerSecond(), f.note()));
            }
        }
        iterations.addAll(its, losses);
        if (!newRates.isEmpty()) {
            replaceFrom(rates, newRates, RatePoint::epoch);
        }
        if (!newPoints.isEmpty()) {
            replaceFrom(points, newPoints, EpochPoint::epoch);
        }
        if (lastIteration != null && newPoints.isEmpty() && running.get() && !paused.get() && !stopping()) {
            status.set(String.format("Epoch %d · batch loss %.4f", lastIteration.epoch(), lastIteration.loss()));
        }
    }

    /** Adds the finished run to the runs (newest first) for the Runs page; a resumed run replaces its old entry. */
    private void record(String source, TrainingRequest r, TrainingOutcome outcome, RunInfo run, boolean resumable,
                        io.modelbench.engine.api.ImageSettings images) {
        RunRecord rec = RunRecords.of(workspace.getRuns().size() + 1, source, r, resultText(outcome), List.copyOf(points), run,
                resumable, images);
        if (run != null) {
            for (int i = 0; i < workspace.getRuns().size(); i++) {
                if (run.id().equals(workspace.getRuns().get(i).id())) {
                    workspace.getRuns().set(i, new RunRecord(workspace.getRuns().get(i).number(), rec.name(), rec.settings(),
                            rec.result(), rec.curve(), rec.id(), rec.note(), rec.status(), rec.request(), rec.resumable()));
                    return;
                }
            }
        }
        workspace.getRuns().add(0, rec);
    }

    /**
     * Appends the new epochs; epochs already listed from the first new one on are replaced, as RunInfo.withEpoch does:
     * a run resumed from a checkpoint older than its last recorded epoch (a crash between checkpoints) trains those
     * again.
     */
    static <T> void replaceFrom(ObservableList<T> list, List<T> added, java.util.function.ToIntFunction<T> epoch) {
        int from = epoch.applyAsInt(added.get(0));
        if (list.isEmpty() || epoch.applyAsInt(list.get(list.size() - 1)) < from) {
            list.addAll(added);
            return;
        }
        List<T> kept = new java.util.ArrayList<>(list.stream().filter(x -> epoch.applyAsInt(x) < from).toList());
        kept.addAll(added);
        list.setAll(kept);
    }

    private boolean stopping() {
        StopSignal s = stop;
        return s != null && s.isRequested();
    }

    private String format(double metric) {
        if (Double.isNaN(metric)) {
            return "–";
        }
        return metricName.equals("accuracy") ? String.format("%.1f %%", metric * 100) : String.format("%.4g", metric);
    }
}
