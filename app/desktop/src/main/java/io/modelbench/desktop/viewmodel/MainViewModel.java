package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.app.RunService;
import io.modelbench.engine.project.Project;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The main window: which page is shown, the backend's state for the status bar, and the pages' models. */
public final class MainViewModel {

    private final Workspace workspace;
    private final Executor background;
    private final UiScheduler ui;
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.DATA);
    private final ReadOnlyStringWrapper backendText = new ReadOnlyStringWrapper(this, "backendText", "");
    private final DataViewModel data;
    private final ModelViewModel model;
    private final TrainViewModel train;
    private final EvaluateViewModel evaluate;
    private final SeriesEvaluation forecast;
    private final ExportViewModel export;
    private final OptimizeViewModel optimize;
    private final TryViewModel tryIt;
    private final RunsViewModel runs;
    private final ProjectViewModel project;
    private final ServeViewModel serve;
    private final ExperimentsViewModel experiments;

    /**
     * @param background executor for loading, evaluation and export
     * @param training   executor for training sessions (one thread)
     */
    public MainViewModel(Workspace workspace, Executor background, Executor training, UiScheduler ui) {
        this(workspace, background, training, ui, new io.modelbench.engine.project.RecentProjects(
                io.modelbench.engine.project.RecentProjects.defaultFile()));
    }

    /** @param recent where recent projects are remembered (tests pass a temporary file) */
    public MainViewModel(Workspace workspace, Executor background, Executor training, UiScheduler ui,
                         io.modelbench.engine.project.RecentProjects recent) {
        this(workspace, background, training, ui, recent, TrainingService.of(new RunService()));
    }

    /** @param runs the engine's run service (tests pass a fake that sends events without training a network) */
    public MainViewModel(Workspace workspace, Executor background, Executor training, UiScheduler ui,
                         io.modelbench.engine.project.RecentProjects recent, TrainingService runs) {
        this(workspace, background, training, ui, recent, runs, SweepService.of(new io.modelbench.engine.app.Sweeps()));
    }

    /** @param sweeps the engine's sweeps (the Experiments page; tests pass a fake) */
    public MainViewModel(Workspace workspace, Executor background, Executor training, UiScheduler ui,
                         io.modelbench.engine.project.RecentProjects recent, TrainingService runs, SweepService sweeps) {
        this.workspace = workspace;
        this.background = background;
        this.ui = ui;
        this.data = new DataViewModel(workspace, background, ui);
        this.model = new ModelViewModel(workspace, background, ui);
        this.train = new TrainViewModel(workspace, model, training, ui, runs);
        this.evaluate = new EvaluateViewModel(workspace, background, ui);
        this.forecast = new SeriesEvaluation(workspace);
        this.export = new ExportViewModel(workspace, background, ui);
        this.optimize = new OptimizeViewModel(workspace, background, ui, train, new RunService(), data::currentRecipe);
        this.tryIt = new TryViewModel(workspace, background, ui);
        this.runs = new RunsViewModel(workspace, train, background, ui);
        this.project = new ProjectViewModel(workspace, data, model, train, background, ui, recent);
        this.serve = new ServeViewModel(workspace, background, ui);
        this.experiments = new ExperimentsViewModel(workspace, train, sweeps, background, ui);
        experiments.setReloadRuns(project::loadRuns);
        workspace.backendProperty().addListener((o, a, b) -> backendText.set(describe(b)));
        backendText.set(describe(workspace.backendProperty().get()));
        // a finished run stays on the Train page (its final curves), with a button to its evaluation: switching
        // pages by itself cost the window 150-400 ms without a frame here, and took the curves away from the user
        train.setShowEvaluation(() -> page.set(Page.EVALUATE));
    }

    /** Loads the native backend on {@code background}; the status bar follows. */
    public void loadBackend(Supplier<BackendStatus> loader, Executor background, UiScheduler ui) {
        workspace.backendProperty().set(BackendStatus.loading());
        new TaskRunner(background, ui).run(BackgroundTask.of(ctx -> {
            try {
                return loader.get();
            } catch (RuntimeException | LinkageError e) {
                return new BackendStatus(BackendStatus.State.FAILED, "CPU", String.valueOf(e));
            }
        }).onSuccess(workspace.backendProperty()::set));
    }

    /**
     * Opens what a path names, as a dropped file or a command-line argument: a project (its folder or its
     * project.modelbench), else a table or an image folder. Which it is is found out on a worker (it looks at the disk).
     */
    public void open(Path path) {
        new TaskRunner(background, ui).run(BackgroundTask.of(ctx -> Files.isRegularFile(path.resolve(Project.FILE))
                        || path.getFileName().toString().endsWith("." + Project.EXTENSION))
                .describedAs("Could not open " + path)
                .onSuccess(project -> {
                    if (project) {
                        this.project.openProject(path);
                    } else {
                        data.openFile(path);
                    }
                }));
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public ReadOnlyObjectProperty<BackendStatus> backendProperty() {
        return workspace.backendProperty();
    }

    public ReadOnlyStringProperty backendTextProperty() {
        return backendText.getReadOnlyProperty();
    }

    public DataViewModel data() {
        return data;
    }

    public ModelViewModel model() {
        return model;
    }

    public TrainViewModel train() {
        return train;
    }

    public EvaluateViewModel evaluate() {
        return evaluate;
    }

    /** The Evaluate page's forecasting figures, naive forecasts and test-span chart data (issue 15). */
    public SeriesEvaluation forecast() {
        return forecast;
    }

    public ExportViewModel export() {
        return export;
    }

    /** The Optimize page: int8, fp16, pruning or distillation of the trained model, before and after. */
    public OptimizeViewModel optimize() {
        return optimize;
    }

    public TryViewModel tryIt() {
        return tryIt;
    }

    public RunsViewModel runs() {
        return runs;
    }

    public ProjectViewModel project() {
        return project;
    }

    /** The Serve page (its server is stopped when the app ends: {@link ServeViewModel#close()}). */
    public ServeViewModel serve() {
        return serve;
    }

    /** The Experiments page: hyperparameter sweeps over the open data, kept in the project. */
    public ExperimentsViewModel experiments() {
        return experiments;
    }

    private static String describe(BackendStatus b) {
        if (b == null) {
            return "";
        }
        return switch (b.state()) {
            case LOADING -> b.device() + " backend: loading native libraries…";
            case READY -> b.device() + " backend ready: " + b.detail();
            case FAILED -> "Backend failed: " + b.detail();
        };
    }
}
