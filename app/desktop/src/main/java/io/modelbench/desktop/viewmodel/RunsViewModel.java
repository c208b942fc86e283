package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.app.Projects;
import io.modelbench.engine.project.Project;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The Runs page: every run (of the open project, or of this session), newest first; select several to overlay
 * their loss curves and see their settings side by side (rows: settings, columns: runs; differing rows marked);
 * rename, annotate, delete, re-run with the same settings, resume a stopped or interrupted run.
 */
public final class RunsViewModel {

    /** One settings row of the comparison: the setting, its value per selected run, and whether they differ. */
    public record ComparisonRow(String setting, List<String> values, boolean differs) {
    }

    private final ObservableList<RunRecord> runs;
    private final Workspace workspace;
    private final TrainViewModel train;
    private final javafx.beans.property.ReadOnlyStringWrapper error = new javafx.beans.property.ReadOnlyStringWrapper(this, "error", "");
    private final ObservableList<RunRecord> selected = FXCollections.observableArrayList();
    private final ObservableList<ComparisonRow> comparison = FXCollections.observableArrayList();

    private final Executor background;
    private final UiScheduler ui;

    /**
     * @param background executor for the project's file operations
     * @param ui         where their results come back (the JavaFX thread in the app)
     */
    public RunsViewModel(Workspace workspace, TrainViewModel train, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.train = train;
        this.background = background;
        this.ui = ui;
        this.runs = workspace.getRuns();
        selected.addListener((ListChangeListener<RunRecord>) c -> compare());
    }

    public ObservableList<RunRecord> getRuns() {
        return runs;
    }

    /** The runs chosen for the comparison (the view keeps it in step with the list's selection). */
    public ObservableList<RunRecord> getSelected() {
        return selected;
    }

    public ObservableList<ComparisonRow> getComparison() {
        return comparison;
    }

    public javafx.beans.property.ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Renames a run (kept in the project when one is open). */
    public void rename(RunRecord r, String name) {
        change(r, name, r.note(), p -> Projects.rename(p, r.id(), name));
    }

    /** Sets a run's note. */
    public void annotate(RunRecord r, String note) {
        change(r, r.name(), note, p -> Projects.annotate(p, r.id(), note));
    }

    /** Deletes a run: from the list, and with a project its folder (checkpoints and model too), off the UI thread. */
    public void delete(RunRecord r) {
        if (isTraining(r)) {
            error.set(r.name() + " is training: stop it first.");
            return;
        }
        Project p = workspace.getProject();
        if (r.id() == null || p == null) {
            removed(r);
            return;
        }
        files().run(BackgroundTask.of(ctx -> {
            Projects.delete(p, r.id());
            return r;
        }).describedAs("Could not delete " + r.name()).onSuccess(this::removed).onFailure(error::set));
    }

    /**
     * Renaming, annotating and deleting a project's runs are file operations, on the worker pool; each its own task,
     * so that a second one does not make the first one's outcome stale (both files are written).
     */
    private TaskRunner files() {
        return new TaskRunner(background, ui);
    }

    private void removed(RunRecord r) {
        runs.remove(r);
        selected.remove(r);
        error.set("");
    }

    /** Trains again with the run's settings (model and training) on the open data: a new run. */
    public void rerun(RunRecord r) {
        if (r.request() == null) {
            error.set(r.name() + " has no recorded settings.");
            return;
        }
        train.applySettings(r.request().training());
        error.set("");
        train.start();
    }

    /** Continues a stopped or interrupted project run from its last checkpoint. */
    public void resume(RunRecord r) {
        error.set("");
        train.resume(r);
    }

    private boolean isTraining(RunRecord r) {
        return "running".equals(r.status()) && train.runningProperty().get();
    }

    private void change(RunRecord r, String name, String note, java.util.function.Consumer<Project> save) {
        if (name == null || name.isBlank()) {
            error.set("A run needs a name.");
            return;
        }
        if (isTraining(r)) {
            error.set(r.name() + " is training: rename it when it has finished.");
            return;
        }
        Project p = workspace.getProject();
        if (r.id() == null || p == null) {
            changed(r, name, note);
            return;
        }
        files().run(BackgroundTask.of(ctx -> {
            save.accept(p);
            return r;
        }).describedAs("Could not change " + r.name()).onSuccess(x -> changed(r, name, note)).onFailure(error::set));
    }

    private void changed(RunRecord r, String name, String note) {
        int i = runs.indexOf(r);
        RunRecord changed = new RunRecord(r.number(), name.strip(), r.settings(), r.result(), r.curve(), r.id(), note,
                r.status(), r.request(), r.resumable());
        if (i >= 0) {
            runs.set(i, changed);
        }
        error.set("");
    }

    private void compare() {
        Set<String> keys = new LinkedHashSet<>();
        selected.forEach(r -> keys.addAll(r.settings().keySet()));
        List<ComparisonRow> rows = new ArrayList<>();
        for (String k : keys) {
            List<String> values = selected.stream().map(r -> r.settings().getOrDefault(k, "")).toList();
            rows.add(new ComparisonRow(k, values, values.stream().distinct().count() > 1));
        }
        List<String> results = selected.stream().map(RunRecord::result).toList();
        rows.add(0, new ComparisonRow("result", results, results.stream().distinct().count() > 1));
        comparison.setAll(rows);
    }
}
