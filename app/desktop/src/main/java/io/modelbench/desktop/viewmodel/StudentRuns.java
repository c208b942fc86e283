package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.app.Optimizations;
import io.modelbench.engine.app.RunEvent;
import io.modelbench.engine.app.RunOutput;
import io.modelbench.engine.app.RunService;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.project.Project;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * The Optimize page's distillation as a run (the engine's {@link RunService#distill}): with a project open a new run
 * folder (its record, every epoch, the student as its model), else a run of this session; while it trains, its events
 * go to the Train page as any run's do (curves, log, status) and a short line to the Optimize page; at the end the run
 * is listed on the Runs page with its curve. Part of {@link OptimizeViewModel}; UI thread except {@link #task}'s work.
 */
final class StudentRuns {

    private final Workspace workspace;
    private final TrainViewModel train;
    private final RunService runs;
    private final UiScheduler ui;
    private final Supplier<DatasetRecipe> recipe;
    private final List<EpochPoint> curve = new ArrayList<>();
    private String metric = "accuracy";

    StudentRuns(Workspace workspace, TrainViewModel train, RunService runs, UiScheduler ui,
                Supplier<DatasetRecipe> recipe) {
        this.workspace = workspace;
        this.recipe = recipe;
        this.ui = ui;
        this.train = train;
        this.runs = runs;
    }

    /** The run's request (checked: a CNN student of a table model is refused here, before anything starts). */
    TrainingRequest request(TrainedModel teacher, OptimizeSettings s) {
        return Optimizations.studentRequest(teacher.card(), s);
    }

    /** The distillation's work, on a worker; the Train page is cleared for it now. */
    BackgroundTask<Optimizations.DistilledRun, RunEvent> task(TrainedModel teacher, Dataset data, OptimizeSettings s) {
        Project project = workspace.getProject();
        RunOutput output = project == null ? RunOutput.inMemory() : RunOutput.project(project, recipe.get());
        RunSettings settings = new RunSettings(RunSettings.KEEP, workspace.backendProperty().get());
        curve.clear();
        train.showRun("Distilling a student on the Optimize page…");
        return BackgroundTask.withEvents(ctx -> {
            try {
                return Optimizations.distill(runs, teacher, data, s, output, settings, ctx::publish, ctx);
            } catch (CancellationException e) {
                // Cancel made the task stale at once: its handlers do not run, so the recorded run is read here
                ui.execute(this::ended);
                throw e;
            }
        });
    }

    /** A batch of the run's events: to the Train page, and the latest epoch or batch as the Optimize page's line (or null). */
    String show(List<RunEvent> batch) {
        train.showRunEvents(batch);
        String line = null;
        for (RunEvent e : batch) {
            if (e instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.Started st) {
                metric = st.task() == io.modelbench.engine.api.TaskType.CLASSIFICATION ? "accuracy" : "RMSE";
            } else if (e instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.IterationDone it) {
                line = String.format(Locale.ROOT, "Distilling: student epoch %d · batch loss %.4f", it.epoch(), it.loss());
            } else if (e instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.EpochDone d) {
                curve.add(new EpochPoint(d.epoch(), d.trainingLoss(), d.validationLoss(), d.validationMetric()));
                line = String.format(Locale.ROOT, "Distilling: student epoch %d of %d · loss %.4f · validation loss %.4f · validation %s %s",
                        d.epoch(), d.totalEpochs(), d.trainingLoss(), d.validationLoss(), metric, metric.equals("accuracy")
                                ? String.format(Locale.ROOT, "%.1f %%", 100 * d.validationMetric()) : String.format(Locale.ROOT, "%.4g", d.validationMetric()));
            }
        }
        return line;
    }

    /** The finished run on the Runs page (newest first), as the Train page lists its own. */
    void finished(Optimizations.DistilledRun d, Dataset data, TrainingRequest request) {
        var r = d.run();
        RunRecord rec = RunRecords.of(workspace.getRuns().size() + 1, data.source(), request, r.resultText(), List.copyOf(curve),
                r.run(), false, data.map(t -> null, ImageDataset::settings, series -> null));
        workspace.getRuns().add(0, rec);
    }

    /** A cancelled or failed run: a project's runs are read again (its record says so). */
    void ended() {
        if (workspace.getProject() != null) {
            train.reloadRuns();
        }
    }
}
