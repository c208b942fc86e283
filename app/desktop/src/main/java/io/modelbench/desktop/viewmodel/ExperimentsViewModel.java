package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.SweepRecords;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * The Experiments page (issue 16): a hyperparameter sweep over the open data, set up in a form (the search space, a
 * row per setting, prefilled with the engine's default space for the data; the strategy, grid, random or ASHA; the
 * budget in trials and minutes; the trials trained at once; the seed), started, paused and stopped from the page. The
 * trials fill a table live (filterable; the view sorts it), their validation curves an overlay and their settings a
 * parallel-coordinates chart; <em>Use this trial</em> makes a trial's model the current model, as if the Train page had
 * trained it. Sweeps live in the open project ({@code sweeps/sweep-NNN}, their trials among its runs): reopening it
 * shows the latest sweep again and Start continues it, skipping the trials that ended. Events come from the trials'
 * threads and reach the UI thread in batches through the {@link TaskRunner}; the UI thread never waits.
 */
public final class ExperimentsViewModel {

    private final Workspace workspace;
    private final TrainViewModel train;
    private final SweepService service;
    private final TaskRunner sweeping;
    private final TaskRunner reading;
    private final TaskRunner using;
    private final TaskRunner prefilling;
    private final SweepSetup setup = new SweepSetup();
    private final SweepTable table = new SweepTable();
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final FilteredList<TrialRow> filtered;
    private final BooleanBinding canStart;
    private Runnable reloadRuns = () -> { };
    private StopSignal stop;
    /** The sweep shown: its target and seed (for "Use this trial" after a restart), and its folder. */
    private String target;
    private long sweepSeed;
    private Path dir;
    private String endLine = "";

    public ExperimentsViewModel(Workspace workspace, TrainViewModel train, SweepService service, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.train = train;
        this.service = service;
        this.sweeping = new TaskRunner(background, ui);
        this.reading = new TaskRunner(background, ui);
        this.using = new TaskRunner(background, ui);
        this.prefilling = new TaskRunner(background, ui);
        filtered = new FilteredList<>(table.rows, r -> true);
        filter.addListener((o, a, text) -> {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            filtered.setPredicate(r -> t.isEmpty() || r.settings().toLowerCase(Locale.ROOT).contains(t)
                    || r.statusText().contains(t) || Integer.toString(r.number()).equals(t));
        });
        canStart = Bindings.createBooleanBinding(() -> !sweeping.isRunning() && workspace.getDataset() != null
                        && workspace.seriesProperty().get() == null && workspace.sequencesProperty().get() == null // not yet: a table's sweep
                        && workspace.getProject() != null && workspace.isBackendReady(),
                sweeping.runningProperty(), workspace.datasetProperty(), workspace.seriesProperty(), workspace.sequencesProperty(), workspace.projectProperty(),
                workspace.backendProperty());
        workspace.projectProperty().addListener((o, a, p) -> projectChanged(p));
        workspace.datasetProperty().addListener((o, a, d) -> prefill());
        workspace.targetColumnProperty().addListener((o, a, t) -> prefill());
    }

    /** The space, strategy, budget, parallel trials and seed as typed. */
    public SweepSetup setup() {
        return setup;
    }

    /** Shows only the trials whose settings or status contain this text (or whose number it is). */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Every trial of the sweep shown, in trial order. */
    public ObservableList<TrialRow> getTrials() {
        return table.rows;
    }

    /** The trials the filter lets through (the table shows these, sorted as the user clicks). */
    public FilteredList<TrialRow> getFilteredTrials() {
        return filtered;
    }

    /** The trials' curves, for the overlay of validation curves. */
    public ObservableList<TrialCurve> getCurves() {
        return table.curves;
    }

    public ObjectProperty<ParallelCoordinates> parallelProperty() {
        return table.parallel;
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return sweeping.runningProperty();
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** The share of the planned trials that ended. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** How the Runs page reads the project's runs again (a sweep's trials are runs of the project). */
    void setReloadRuns(Runnable r) {
        this.reloadRuns = r;
    }

    /**
     * Starts the sweep in the background: in the project's latest sweep folder when the page asks for the same sweep
     * (it continues: its ended trials are not trained again), else in a new one.
     */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        SweepSpec spec;
        try {
            spec = setup.spec();
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        Dataset data = workspace.getDataset();
        Project project = workspace.getProject();
        String tgt = targetOf(data);
        PreparationSettings prep = workspace.preparationProperty().get();
        List<String> ignored = workspace.ignoredColumnsProperty().get();
        StopSignal signal = new StopSignal();
        stop = signal;
        paused.set(false);
        error.set("");
        endLine = "";
        message.set("Starting the sweep: checking every trial's settings against the data…");
        sweeping.run(BackgroundTask.<SweepResult, Object>withEvents(ctx -> {
            TrainingRequest base = base(data, tgt, spec.seed(), prep, ignored);
            Path folder = SweepRecords.folderFor(project, spec, data, tgt);
            ctx.publish(new Planned(folder, Sweeps.plan(spec), SweepRecords.continues(folder, spec, data, tgt), spec, tgt));
            return service.run(data, base, spec, project, folder, ctx::publish, signal);
        }).describedAs("The sweep failed").onEvents(this::apply).onSuccess(this::finished).onFailure(msg -> {
            error.set(msg);
            message.set(table.rows.isEmpty() ? "" : "The sweep ended with an error; Start continues it.");
            reloadRuns.run();
        }));
    }

    /** The folder chosen and the trials planned, published by the worker before the first trial starts. */
    private record Planned(Path dir, List<Trial> plan, boolean continued, SweepSpec spec, String target) {
    }

    private void apply(List<Object> batch) {
        List<SweepEvent> events = new ArrayList<>();
        for (Object o : batch) {
            if (o instanceof Planned p) {
                table.apply(events);
                events.clear();
                dir = p.dir();
                target = p.target();
                sweepSeed = p.spec().seed();
                table.plan(p.spec().space(), p.plan());
                message.set((p.continued() ? "Continuing the sweep in " : "Sweep in ") + p.dir() + ": " + p.plan().size() + " trials, "
                        + p.spec().parallel() + " at a time.");
            } else if (o instanceof SweepEvent e) {
                if (e instanceof SweepEvent.SweepFinished f) {
                    endLine = f.message();
                }
                events.add(e);
            }
        }
        table.apply(events);
        showProgress();
    }

    private void showProgress() {
        long ended = table.ended();
        int total = table.rows.size();
        progress.set(total == 0 ? 0 : (double) ended / total);
        if (sweeping.isRunning() && !paused.get() && (stop == null || !stop.isRequested())) {
            long running = table.rows.stream().filter(r -> TrialRow.RUNNING.equals(r.status())).count();
            message.set(String.format(Locale.ROOT, "%d of %d trials ended, %d training.%s", ended, total, running, bestSoFar()));
        }
    }

    private String bestSoFar() {
        TrialResult best = Sweeps.best(table.rows.stream().map(r -> table.result(r.number())).filter(r -> r != null).toList());
        if (best == null) {
            return "";
        }
        return " Best so far: trial " + best.number() + " (" + table.rows.stream().filter(r -> r.number() == best.number())
                .findFirst().map(TrialRow::metricText).orElse("") + " on validation).";
    }

    private void finished(SweepResult r) {
        table.finished(r);
        paused.set(false);
        progress.set(table.rows.isEmpty() ? 0 : (double) table.ended() / table.rows.size());
        StringBuilder b = new StringBuilder(endLine.isEmpty() ? "The sweep ended" : capitalize(endLine)).append('.');
        if (r.best() != null) {
            b.append(" Best: trial ").append(r.best().trial()).append(", chosen on validation (").append(figures(r.best().validation()))
                    .append("); on the test split, evaluated once: ").append(r.best().test().isEmpty() ? "no test split" : figures(r.best().test()))
                    .append(". Select a trial and press Use this trial.");
        } else {
            b.append(" No trial left a model.");
        }
        if (table.ended() < table.rows.size()) {
            b.append(" Start continues it.");
        }
        message.set(b.toString());
        reloadRuns.run();
    }

    /** Holds every running trial between mini-batches (no new trial starts), or lets them go on. */
    public void togglePause() {
        if (stop == null || !sweeping.isRunning()) {
            return;
        }
        if (paused.get()) {
            stop.resume();
            paused.set(false);
            message.set("Resumed.");
        } else {
            stop.pause();
            paused.set(true);
            message.set("Paused: the running trials wait between mini-batches and no new one starts.");
        }
    }

    /** Stops the sweep: the running trials keep their best epoch, then the best so far is evaluated on the test split. */
    public void stop() {
        if (stop == null || !sweeping.isRunning()) {
            return;
        }
        stop.resume();
        stop.request();
        paused.set(false);
        message.set("Stopping: the running trials keep their best epoch, then the best trial is evaluated on the test split.");
    }

    /** Makes the trial's model the current model (Evaluate, Try, Optimize and Export show it) and its settings the Train page's. */
    public void use(TrialRow row) {
        TrialResult r = row == null ? null : table.result(row.number());
        Dataset data = workspace.getDataset();
        if (r == null || !r.hasModel()) {
            error.set(row == null ? "Select a trial first." : "Trial " + row.number() + " has no model"
                    + (row.ended() ? (row.message().isEmpty() ? "." : ": " + row.message()) : " yet: it has not ended."));
            return;
        }
        if (data == null || target == null) {
            error.set("Open the sweep's data first (" + (target == null ? "its table" : target) + ").");
            return;
        }
        String tgt = target;
        long s = sweepSeed;
        PreparationSettings prep = workspace.preparationProperty().get();
        List<String> ignored = workspace.ignoredColumnsProperty().get();
        error.set("");
        message.set("Scoring trial " + r.number() + "'s model on the test split…");
        using.run(BackgroundTask.of(ctx -> {
            TrainingRequest base = base(data, tgt, s, prep, ignored);
            return new Used(service.outcome(data, base, r), Sweeps.trialRequest(base, new Trial(r.number(), r.params())).training());
        }).describedAs("Could not use trial " + r.number()).onSuccess(u -> {
            workspace.outcomeProperty().set(u.outcome());
            train.applySettings(u.settings());
            message.set("Trial " + r.number() + " is now the current model (see Evaluate, Try, Optimize, Export); its settings are "
                    + "on the Model and Train pages.");
        }).onFailure(msg -> {
            error.set(msg);
            message.set("");
        }));
    }

    private record Used(TrainingOutcome outcome, TrainingSettings settings) {
    }

    /** The best trial's row, or null. */
    public TrialRow bestRow() {
        return table.rows.stream().filter(TrialRow::best).findFirst().orElse(null);
    }

    private void projectChanged(Project p) {
        if (stop != null && sweeping.isRunning()) {
            stop.request(); // the old project's sweep stops (its trials keep their best epoch); its result is not shown
        }
        sweeping.cancel();
        table.clear();
        dir = null;
        target = null;
        progress.set(0);
        message.set("");
        error.set("");
        if (p == null) {
            return;
        }
        reading.run(BackgroundTask.of(ctx -> java.util.Optional.ofNullable(SweepRecords.latest(p)))
                .describedAs("Could not read the project's sweep").onSuccess(saved -> {
                    if (workspace.getProject() != p) {
                        return;
                    }
                    if (saved.isPresent()) {
                        restore(saved.get());
                    } else {
                        prefill();
                    }
                }).onFailure(error::set));
    }

    private void restore(SweepRecords.Saved s) {
        prefilling.cancel();
        SweepSpec spec = s.spec();
        setup.show(spec);
        dir = s.dir();
        target = s.target();
        sweepSeed = spec.seed();
        table.restore(s, Sweeps.plan(spec));
        progress.set(table.rows.isEmpty() ? 0 : (double) table.ended() / table.rows.size());
        String state = "finished".equals(s.status()) ? "finished" : "stopped".equals(s.status()) ? "stopped"
                : "interrupted (the app ended during it)";
        message.set(String.format(Locale.ROOT, "The project's sweep (%s, %s): %d of %d trials ended, %s.%s", s.dir().getFileName(),
                spec.strategy().id(), table.ended(), table.rows.size(), state,
                table.ended() < table.rows.size() ? " Open its data and press Start to continue it." : ""));
    }

    /** Fills the form with the engine's default space for the open data, unless a sweep is shown. */
    private void prefill() {
        Dataset data = workspace.getDataset();
        if (data == null || !table.rows.isEmpty() || sweeping.isRunning()) {
            return;
        }
        String tgt = targetOf(data);
        if (tgt == null || tgt.isBlank() || workspace.seriesProperty().get() != null) {
            return;
        }
        long chosen = setup.seedOrDefault();
        prefilling.run(BackgroundTask.of(ctx -> {
            TrainingRequest base = Sweeps.baseRequest(data, tgt, chosen);
            return new Prefill(Sweeps.defaultSpace(data, base), base.training().epochs());
        }).describedAs("No default search space").onSuccess(p -> {
            // the Model page may have replaced the dataset by the same table with its schema meanwhile: same source
            Dataset now = workspace.getDataset();
            if (table.rows.isEmpty() && now != null && now.source().equals(data.source())) {
                setup.space().show(p.space());
                setup.space().row("epochs").textProperty().set(Integer.toString(p.epochs()));
            }
        }));
    }

    private record Prefill(io.modelbench.engine.api.SearchSpace space, int epochs) {
    }

    private String targetOf(Dataset data) {
        return data.map(t -> workspace.targetColumnProperty().get(), images -> "class", series -> workspace.targetColumnProperty().get());
    }

    /** What every trial starts from: the engine's base for the data, with the Data page's column choices and preparation. */
    private static TrainingRequest base(Dataset data, String target, long seed, PreparationSettings prep, List<String> ignored) {
        TrainingRequest b = Sweeps.baseRequest(data, target, seed);
        boolean table = data.map(t -> true, i -> false, s -> false);
        return table ? new TrainingRequest(b.targetColumn(), b.task(), ignored == null ? List.of() : ignored, b.split(), b.training(),
                prep) : b;
    }

    /** The headline figures in a fixed order: accuracy and macro F1, or RMSE, MAE and R². */
    private static String figures(java.util.Map<String, Object> m) {
        List<String> parts = new ArrayList<>();
        for (String k : List.of("accuracy", "f1_macro", "rmse", "mae", "r2")) {
            if (m.get(k) instanceof Number n) {
                parts.add(k + " " + String.format(Locale.ROOT, "%.4f", n.doubleValue()));
            }
        }
        return String.join(", ", parts);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
