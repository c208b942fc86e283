package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Projects;
import io.modelbench.engine.app.RunEvent;
import io.modelbench.engine.app.RunListener;
import io.modelbench.engine.app.RunOutput;
import io.modelbench.engine.app.RunResult;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Train page: settings ({@link TrainingForm}), Start/Pause/Stop, resume, and the live figures
 * ({@link TrainingMonitor}). A session runs through the engine's run service ({@link TrainingService}) on the training
 * thread, which also creates and writes the project's run files; its events reach the UI thread through a
 * {@link TaskRunner}, a few batches a second.
 */
public final class TrainViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(TrainViewModel.class);
    static final int LOG_LIMIT = TrainingMonitor.LOG_LIMIT;

    /** Per epoch: the learning rate used and the training speed. */
    public record RatePoint(int epoch, double learningRate, double samplesPerSecond) {
    }

    /** A session's call into the run service, on the training thread. */
    @FunctionalInterface
    private interface Session {
        RunResult run(RunListener listener, StopSignal stop);
    }

    private final Workspace workspace;
    private final ModelViewModel model;
    private final TrainingService service;
    /** The training session, on the one training thread. */
    private final TaskRunner session;
    /** Whether a run can resume (reads its run file): on the training thread too, which is free then. */
    private final TaskRunner checks;
    private final TrainingForm form = new TrainingForm();
    private final TrainingMonitor monitor;
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper optimizing = new ReadOnlyBooleanWrapper(this, "optimizing"); // Optimize page busy: Start waits
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final BooleanBinding canStart;
    private final BooleanBinding resultReady;
    private volatile StopSignal stop;
    private Supplier<DatasetRecipe> recipe = () -> null;
    private Runnable reloadRuns = () -> { };
    private Runnable showEvaluation = () -> { };

    /**
     * @param training executor for training sessions (one thread)
     * @param service  the engine's run service (a fake in tests)
     */
    public TrainViewModel(Workspace workspace, ModelViewModel model, Executor training, UiScheduler ui, TrainingService service) {
        this.workspace = workspace;
        this.model = model;
        this.service = service;
        this.session = new TaskRunner(training, ui);
        this.checks = new TaskRunner(training, ui);
        this.monitor = new TrainingMonitor(() -> paused.get() || stopping(), running::get);
        canStart = Bindings.createBooleanBinding(
                () -> !running.get() && !optimizing.get() && workspace.hasData() && workspace.isBackendReady(),
                running, optimizing, workspace.tableProperty(), workspace.imagesProperty(), workspace.backendProperty());
        resultReady = Bindings.createBooleanBinding(() -> !running.get() && workspace.getOutcome() != null,
                running, workspace.outcomeProperty());
        javafx.beans.InvalidationListener dataChanged = o -> {
            monitor.points.clear();
            monitor.progress.set(0);
            monitor.status.set("");
        };
        workspace.tableProperty().addListener(dataChanged);
        workspace.imagesProperty().addListener(dataChanged);
        // the settings the user left alone follow the data (engine.train.Defaults)
        workspace.tableProperty().addListener((o, was, now) -> {
            if (now != null) {
                form.adaptTo(now.rowCount());
            }
        });
        workspace.imagesProperty().addListener((o, was, now) -> {
            if (now != null) {
                form.adaptTo(-1);
            }
        });
        form.followSequenceData(workspace);
    }

    // ---- settings ------------------------------------------------------------------------------------------------

    public StringProperty epochsProperty() {
        return form.epochs;
    }

    public StringProperty batchSizeProperty() {
        return form.batchSize;
    }

    public StringProperty learningRateProperty() {
        return form.learningRate;
    }

    public StringProperty seedProperty() {
        return form.seed;
    }

    /** adam, sgd, nesterov, rmsprop or adagrad. */
    public StringProperty optimizerProperty() {
        return form.optimizer;
    }

    /** fixed, step, exponential or cosine. */
    public StringProperty scheduleProperty() {
        return form.schedule;
    }

    /** Early stopping: epochs without a better validation loss before stopping; 0 is off. */
    public StringProperty patienceProperty() {
        return form.patience;
    }

    /** L2 weight decay on every layer's weights (0: none). */
    public StringProperty weightDecayProperty() {
        return form.weightDecay;
    }

    /** Each layer's gradient is clipped to this L2 norm (0: off). */
    public StringProperty clipNormProperty() {
        return form.clipNorm;
    }

    /** CPU threads for training: "auto" (all cores) or a number; applied when a session starts. */
    public StringProperty threadsProperty() {
        return form.threads;
    }

    /** Also try a few layer sizes and learning rates, choosing on the validation split (the engine's {@code AutoSearch}). */
    public javafx.beans.property.BooleanProperty autoProperty() {
        return form.auto;
    }

    /** The seconds "try a few settings" may take, its final training included. */
    public StringProperty timeBudgetProperty() {
        return form.timeBudget;
    }

    /** Puts a run's settings (model and training) into the pages, as "re-run with the same settings" needs. */
    public void applySettings(TrainingSettings t) {
        form.show(t);
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

    TrainingRequest request() {
        return form.request(workspace, model.currentSpec());
    }

    /** Where the open data's recipe comes from (the Data page), recorded with each project run. */
    public void setRecipeSource(Supplier<DatasetRecipe> source) {
        this.recipe = source;
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    /**
     * Reads the settings; starts training in the background. Does nothing if training cannot start. With a
     * project open the run is kept in it (the run service writes its folder on the training thread): its settings,
     * every epoch's figures, checkpoints (last and best) and the final model, so that a crash loses at most the
     * epoch in progress.
     */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        TrainingRequest request;
        RunSettings settings;
        try {
            request = request();
            settings = runSettings();
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        Project project = workspace.getProject();
        RunOutput output = project == null ? RunOutput.inMemory() : RunOutput.project(project, recipe.get());
        Dataset data = workspace.trainingData();
        launch(data, request, null, (listener, signal) -> service.train(data, request, output, settings, listener, signal));
    }

    /**
     * Continues a project run from its last checkpoint up to its epochs, on the open data (which must be the data
     * it was trained on); also after the app was closed or crashed. Whether it can is checked off the UI thread.
     */
    public void resume(RunRecord record) {
        Project project = workspace.getProject();
        if (project == null || record.id() == null || !canStart.get()) {
            return;
        }
        RunSettings settings;
        try {
            settings = runSettings();
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        Dataset data = workspace.trainingData();
        checks.run(BackgroundTask.of(ctx -> Projects.checkResume(project, record.id(), data))
                .describedAs("Cannot resume " + record.name())
                .onSuccess(run -> {
                    if (canStart.get()) {
                        launch(data, run.request(), run, (listener, signal) ->
                                service.resume(project, run.id(), data, settings, listener, signal));
                    }
                })
                .onFailure(error::set));
    }

    private RunSettings runSettings() {
        return new RunSettings(RunSettings.parseThreads(form.threads.get()), workspace.backendProperty().get(), form.autoSeconds());
    }

    private void launch(Dataset data, TrainingRequest request, RunInfo resumed, Session work) {
        StopSignal signal = new StopSignal();
        stop = signal;
        error.set("");
        monitor.start(resumed, resumed != null ? "Resuming " + resumed.name() + " from its last checkpoint…" : "Starting…");
        running.set(true);
        String source = data.source();
        ImageSettings images = data.map(t -> null, ImageDataset::settings, series -> null);
        boolean inProject = workspace.getProject() != null;
        session.run(BackgroundTask.<RunResult, RunEvent>withEvents(ctx -> work.run(ctx::publish, signal))
                .describedAs("Training failed")
                .onEvents(monitor::applyRun)
                .onSuccess(r -> published(r, source, request, images))
                .onFailure(msg -> {
                    error.set(msg);
                    monitor.addLog("Failed: " + msg);
                    monitor.status.set("Training did not finish.");
                    paused.set(false);
                    running.set(false);
                    if (inProject) {
                        reloadRuns.run();
                    }
                }));
    }

    /**
     * The result, in two steps with frames between them: the last events and the runs list, then the result for the
     * other pages (Evaluate, Try, Export each take it in; one step for all kept the window from painting for 150-200 ms).
     */
    private void published(RunResult r, String source, TrainingRequest request, ImageSettings images) {
        long t0 = System.nanoTime();
        record(source, request, r, images);
        long recorded = (System.nanoTime() - t0) / 1_000_000;
        session.later(40, () -> {
            long t1 = System.nanoTime();
            workspace.outcomeProperty().set(r.outcome());
            paused.set(false);
            running.set(false);
            LOG.info("Result published on the UI thread: runs list {} ms, then the pages {} ms", recorded,
                    (System.nanoTime() - t1) / 1_000_000);
        });
    }

    /** Adds the finished run to the runs (newest first) for the Runs page; a resumed run replaces its old entry. */
    private void record(String source, TrainingRequest request, RunResult r, ImageSettings images) {
        RunInfo run = r.run();
        RunRecord rec = RunRecords.of(workspace.getRuns().size() + 1, source, request, r.resultText(), List.copyOf(monitor.points),
                run, r.resumable(), images);
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
     * Shows a run started elsewhere (the Optimize page's distilled student) on this page as its events come: its curves,
     * log and status, as a run of this page's. {@code statusLine}: what the page says until the first epoch.
     */
    void showRun(String statusLine) {
        monitor.start(null, statusLine);
    }

    ReadOnlyBooleanWrapper optimizingProperty() { // a distillation's curves show here
        return optimizing;
    }
    void showRunEvents(List<RunEvent> batch) {
        monitor.applyRun(batch);
    }

    /** Reads the project's runs again (a run recorded elsewhere ended without a result). */
    void reloadRuns() {
        reloadRuns.run();
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
            monitor.status.set("Resumed…");
        } else {
            s.pause();
            paused.set(true);
            monitor.status.set("Paused after the current mini-batch. Resume to go on, Stop to keep the model so far.");
        }
    }

    /** Asks the running session to stop after its current mini-batch; the model so far is kept. */
    public void stop() {
        StopSignal s = stop;
        if (s != null) {
            s.request();
            paused.set(false);
            monitor.status.set("Stopping…");
        }
    }

    private boolean stopping() {
        StopSignal s = stop;
        return s != null && s.isRequested();
    }

    /** What {@link #showEvaluation()} does (the main view model switches the page). */
    public void setShowEvaluation(Runnable r) {
        this.showEvaluation = r;
    }

    /** Shows the finished run's evaluation (the Train page's button after a run). */
    public void showEvaluation() {
        showEvaluation.run();
    }

    /** Called when a project run's file changed outside a finished training (a failed run), to refresh the list. */
    public void setReloadRuns(Runnable r) {
        this.reloadRuns = r;
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    /** True when a finished run's result can be shown and no run is under way. */
    public BooleanBinding resultReadyProperty() {
        return resultReady;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return monitor.progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return monitor.status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Training and validation loss per epoch, appended live. */
    public ObservableList<EpochPoint> getPoints() {
        return monitor.points;
    }

    /** The per-iteration loss (raw and smoothed), bounded in size. */
    public LiveSeries iterations() {
        return monitor.iterations;
    }

    public ObservableList<RatePoint> getRates() {
        return monitor.rates;
    }

    /** What the session did, line by line (the last {@value #LOG_LIMIT} lines). */
    public ObservableList<String> getLog() {
        return monitor.log;
    }

    /** "about 1 min 20 s left" while training, else "". */
    public ReadOnlyStringProperty timeLeftProperty() {
        return monitor.timeLeft.getReadOnlyProperty();
    }

    static String duration(double seconds) {
        return TrainingMonitor.duration(seconds);
    }

    static <T> void replaceFrom(ObservableList<T> list, List<T> added, java.util.function.ToIntFunction<T> epoch) {
        TrainingMonitor.replaceFrom(list, added, epoch);
    }
}
