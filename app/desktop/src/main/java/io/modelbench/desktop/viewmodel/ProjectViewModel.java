package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.app.Projects;
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
 * Every file operation (the engine's {@link Projects}, the recent list) runs on the worker pool.
 */
public final class ProjectViewModel {

    private final Workspace workspace;
    private final DataViewModel data;
    private final ModelViewModel model;
    private final TrainViewModel train;
    /** Creating or opening a project: reading it and every run file (JSON) happens on a worker. */
    private final TaskRunner opening;
    /** Saves of project.modelbench (File ▸ Save and autosave). */
    private final TaskRunner saving;
    /** Reading the runs list again, and the recent projects. */
    private final TaskRunner reading;
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
        this.reading = new TaskRunner(background, ui);
        this.recent = recent;
        reading.run(BackgroundTask.of(ctx -> recent.list()).describedAs("Could not read the recent projects")
                .onSuccess(recentList::setAll));
        train.setRecipeSource(data::currentRecipe);
        train.setReloadRuns(this::loadRuns);
        javafx.beans.InvalidationListener changed = o -> autosave();
        workspace.tableProperty().addListener(changed);
        workspace.imagesProperty().addListener(changed);
        workspace.targetColumnProperty().addListener(changed);
        workspace.preparationProperty().addListener(changed);
        workspace.ignoredColumnsProperty().addListener(changed);
        workspace.seriesProperty().addListener(changed);  // a series read or dropped (its settings are in the recipe)
        workspace.sequencesProperty().addListener(changed);  // sequences read or dropped (their id and time column too)
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

    /** The recent projects, newest first (read in the background when the app starts). */
    public ObservableList<Path> getRecent() {
        return recentList;
    }

    /**
     * Makes a new project in {@code dir} with what is open now (data, model, settings). Runs trained before
     * there was a project are not moved into it: they have no checkpoints.
     */
    public void newProject(Path dir) {
        opening.run(BackgroundTask.of(ctx -> {
            Project p = Projects.create(dir, dir.getFileName().toString());
            recent.add(p.root());
            return new Opened(p, List.of(), recent.list());
        }).describedAs("Could not create the project " + dir).onSuccess(o -> {
            Project p = o.project();
            workspace.projectProperty().set(p);
            workspace.getRuns().removeIf(r -> r.id() == null);
            recentList.setAll(o.recent());
            saveNow();
            error.set("");
            message.set("New project " + p.name() + " in " + p.root() + ": from now on every run is saved in it.");
        }).onFailure(error::set));
    }

    /** Opens a project: its data (in the background), model, settings and runs. */
    public void openProject(Path dir) {
        opening.run(BackgroundTask.of(ctx -> open(dir)).describedAs("Could not open the project " + dir)
                .onSuccess(this::show).onFailure(error::set));
    }

    /** Opens the most recent project, if there is one (the app does at start, to carry on where the user left off). */
    public void reopenLast() {
        opening.run(BackgroundTask.of(ctx -> {
            List<Path> list = recent.list();
            return list.isEmpty() ? null : open(list.get(0));
        }).describedAs("Could not reopen the last project").onSuccess(o -> {
            if (o != null) {
                show(o);
            }
        }).onFailure(error::set));
    }

    /** A project read on the worker, with its runs (newest first) and the recent projects after adding it. */
    private record Opened(Project project, List<RunRecord> records, List<Path> recent) {
    }

    /** On the worker: the project, its runs and the recent list. */
    private Opened open(Path dir) {
        Projects.Opened o = Projects.open(dir);
        recent.add(o.project().root());
        return new Opened(o.project(), records(o.runs()), recent.list());
    }

    private void show(Opened o) {
        Project p = o.project();
        List<RunRecord> records = o.records();
        restoring = true;
        workspace.projectProperty().set(p);
        recentList.setAll(o.recent());
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

    /** Writes project.modelbench now, on the worker (File ▸ Save; it is also saved whenever something in it changes). */
    public void saveNow() {
        Project p = workspace.getProject();
        if (p != null) {
            save(p, error::set);
        }
    }

    private void autosave() {
        if (!restoring && workspace.getProject() != null) {
            save(workspace.getProject(), msg -> { });  // logged by the runner
        }
    }

    /** Saves what is open now into the project; every save runs (a newer one only makes the older one's outcome stale). */
    private void save(Project p, java.util.function.Consumer<String> failed) {
        Project.State s = p.state().withContent(data.currentRecipe(), model.currentSpec(), train.currentSettings());
        saving.run(BackgroundTask.<Void>of(ctx -> {
            Projects.save(p, s);
            return null;
        }).describedAs("Saving the project failed").onFailure(failed));
    }

    /** Reads the project's runs into the Runs page (newest first), on the worker. */
    void loadRuns() {
        Project p = workspace.getProject();
        if (p != null) {
            reading.run(BackgroundTask.of(ctx -> records(Projects.runs(p))).describedAs("Could not read the runs")
                    .onSuccess(records -> {
                        if (workspace.getProject() == p) {
                            workspace.getRuns().setAll(records);
                        }
                    }));
        }
    }

    /** The Runs page's records, newest first. */
    private static List<RunRecord> records(List<Projects.RunEntry> runs) {
        List<RunRecord> records = new ArrayList<>();
        for (int i = runs.size() - 1; i >= 0; i--) {
            records.add(RunRecords.of(i + 1, runs.get(i).info(), runs.get(i).resumable()));
        }
        return records;
    }
}
