package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RecentProjects;
import io.modelbench.engine.project.RunInfo;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Projects: File ▸ New/Open/Save, recent projects, and autosave. A project remembers the data recipe, the
 * model and the training settings (saved whenever one changes) and keeps every run (see {@link TrainViewModel}).
 * Opening a project opens its data as the recipe says, restores the model and settings, lists its runs (a run
 * that was training when the app stopped shows as interrupted, ready to resume) and says if the data changed.
 */
public final class ProjectViewModel {

    private final Workspace workspace;
    private final DataViewModel data;
    private final ModelViewModel model;
    private final TrainViewModel train;
    /** Opening a project: reading it and every run file (JSON) happens on a worker. */
    private final TaskRunner opening;
    /** Autosaves of project.modelbench on the worker pool. */
    private final TaskRunner saving;
    private final RecentProjects recent;
    private final ObservableList<Path> recentList = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "ModelBench");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private boolean restoring;

    public ProjectViewModel(Workspace workspace, DataViewModel data, ModelViewModel model, TrainViewModel train,
                            Executor background, UiScheduler ui, RecentProjects recent) {
        this.workspace = workspace;
        this.data = data;
        this.model = model;
        this.train = train;
        this.opening = new TaskRunner(background, ui);
        this.saving = new TaskRunner(background, ui);
        this.recent = recent;
        recentList.setAll(recent.list());
        train.setRecipeSource(data::currentRecipe);
        train.setReloadRuns(this::loadRuns);
        javafx.beans.InvalidationListener changed = o -> autosave();
        workspace.tableProperty().addListener(changed);
        workspace.imagesProperty().addListener(changed);
        workspace.targetColumnProperty().addListener(changed);
        workspace.preparationProperty().addListener(changed);
        workspace.ignoredColumnsProperty().addListener(changed);
        model.getSpecLayers().addListener(changed);
        train.epochsProperty().addListener(changed);
        train.batchSizeProperty().addListener(changed);
        train.learningRateProperty().addListener(changed);
        train.seedProperty().addListener(changed);
        train.optimizerProperty().addListener(changed);
        train.scheduleProperty().addListener(changed);
        train.patienceProperty().addListener(changed);
        train.weightDecayProperty().addListener(changed);
        train.clipNormProperty().addListener(changed);
        workspace.projectProperty().addListener((o, a, p) -> title.set(p == null ? "ModelBench" : p.name() + " — ModelBench"));
    }

    /** The window title: the project's name, or ModelBench. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** What the last project command did (for the status line), or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last project command failed, or a warning (the data changed), or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<Path> getRecent() {
        return recentList;
    }

    /**
     * Makes a new project in {@code dir} with what is open now (data, model, settings). Runs trained before
     * there was a project are not moved into it: they have no checkpoints.
     */
    public void newProject(Path dir) {
        try {
            Project p = Project.create(dir, dir.getFileName().toString());
            workspace.projectProperty().set(p);
            workspace.getRuns().removeIf(r -> r.id() == null);
            remember(p);
            saveNow();
            error.set("");
            message.set("New project " + p.name() + " in " + p.root() + ": from now on every run is saved in it.");
        } catch (InputException e) {
            error.set(e.getMessage());
        }
    }

    /** Opens a project: its data (in the background), model, settings and runs. */
    public void openProject(Path dir) {
        // reading the project and every run file (JSON) happens on a worker; the UI thread only applies the result
        opening.run(BackgroundTask.of(ctx -> {
            Project p = Project.open(dir);
            List<RunRecord> records = records(p, p.runs());
            recent.add(p.root());
            return new Opened(p, records, recent.list());
        }).describedAs("Could not open the project " + dir)
                .onSuccess(o -> show(o.project(), o.records(), o.recent()))
                .onFailure(error::set));
    }

    /** A project read on the worker, with its runs (newest first) and the recent projects after adding it. */
    private record Opened(Project project, List<RunRecord> records, List<Path> recent) {
    }

    private void show(Project p, List<RunRecord> records, List<Path> recentNow) {
        restoring = true;
        workspace.projectProperty().set(p);
        recentList.setAll(recentNow);
        error.set("");
        workspace.getRuns().setAll(records);
        Project.State s = p.state();
        DatasetRecipe recipe = s.dataset();
        Runnable restoreModel = () -> {
            if (s.model() != null) {
                model.load(s.model());
            }
            if (s.training() != null) {
                train.applySettings(s.model() != null ? s.training().withModel(s.model()) : s.training());
            }
            restoring = false;
        };
        if (recipe == null) {
            restoreModel.run();
        } else {
            data.openRecipe(recipe, warning -> {
                restoreModel.run();
                error.set(warning);
            });
        }
        long interrupted = records.stream().filter(r -> RunInfo.INTERRUPTED.equals(r.status())).count();
        message.set("Opened " + p.name() + " (" + records.size() + " runs" + (interrupted > 0
                ? ", " + interrupted + " interrupted: select it on the Runs page and press Resume" : "") + ").");
    }

    /** Writes project.modelbench now (File ▸ Save; it is also saved whenever something in it changes). */
    public void saveNow() {
        Project p = workspace.getProject();
        if (p == null) {
            return;
        }
        Project.State s = p.state().withContent(data.currentRecipe(), model.currentSpec(), train.currentSettings());
        try {
            p.save(s);
        } catch (InputException e) {
            error.set(e.getMessage());
        }
    }

    private void autosave() {
        if (restoring || workspace.getProject() == null) {
            return;
        }
        Project p = workspace.getProject();
        Project.State s = p.state().withContent(data.currentRecipe(), model.currentSpec(), train.currentSettings());
        // every save runs (a newer one only makes the older one's outcome stale); a failure is logged
        saving.run(BackgroundTask.of(ctx -> {
            p.save(s);
            return null;
        }).describedAs("Autosave failed"));
    }

    /** Reads the project's runs into the Runs page (newest first). */
    void loadRuns() {
        Project p = workspace.getProject();
        if (p != null) {
            workspace.getRuns().setAll(records(p, p.runs()));
        }
    }

    /** The Runs page's records, newest first. */
    private static List<RunRecord> records(Project p, List<RunInfo> runs) {
        List<RunRecord> records = new ArrayList<>();
        for (int i = runs.size() - 1; i >= 0; i--) {
            RunInfo r = runs.get(i);
            boolean resumable = !RunInfo.FINISHED.equals(r.status()) && !RunInfo.RUNNING.equals(r.status()) && p.canResume(r);
            records.add(RunRecords.of(i + 1, r, resumable));
        }
        return records;
    }

    private void remember(Project p) {
        recent.add(p.root());
        recentList.setAll(recent.list());
    }
}
