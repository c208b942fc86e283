package io.modelbench.desktop.viewmodel;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

    public RunsViewModel(Workspace workspace, TrainViewModel train) {
        this.workspace = workspace;
        this.train = train;
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
        change(r, name, r.note(), () -> workspace.getProject().rename(r.id(), name));
    }

    /** Sets a run's note. */
    public void annotate(RunRecord r, String note) {
        change(r, r.name(), note, () -> workspace.getProject().annotate(r.id(), note));
    }

    /** Deletes a run: from the list, and with a project its folder (checkpoints and model too). */
    public void delete(RunRecord r) {
        if (isTraining(r)) {
            error.set(r.name() + " is training: stop it first.");
            return;
        }
        try {
            if (r.id() != null && workspace.getProject() != null) {
                workspace.getProject().delete(r.id());
            }
            runs.remove(r);
            selected.remove(r);
            error.set("");
        } catch (io.modelbench.engine.api.InputException e) {
            error.set(e.getMessage());
        }
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

    private void change(RunRecord r, String name, String note, Runnable save) {
        if (name == null || name.isBlank()) {
            error.set("A run needs a name.");
            return;
        }
        if (isTraining(r)) {
            error.set(r.name() + " is training: rename it when it has finished.");
            return;
        }
        try {
            if (r.id() != null && workspace.getProject() != null) {
                save.run();
            }
            int i = runs.indexOf(r);
            RunRecord changed = new RunRecord(r.number(), name.strip(), r.settings(), r.result(), r.curve(), r.id(), note,
                    r.status(), r.request(), r.resumable());
            if (i >= 0) {
                runs.set(i, changed);
            }
            error.set("");
        } catch (io.modelbench.engine.api.InputException e) {
            error.set(e.getMessage());
        }
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
