package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.RunService;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RecentProjects;
import io.modelbench.engine.sweep.SweepState;
import io.modelbench.engine.train.TrainingOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Experiments page driven through a fake sweep service that sends a sweep's events and keeps its state in the
 * sweep folder as the engine does (no network is trained): the form prefilled with the default space, bad settings
 * refused by name, events into rows, curves and the parallel-coordinates chart, the filter, Stop reaching the sweep,
 * Use this trial, and a reopened project showing its sweep again, which Start continues in the same folder.
 */
class ExperimentsPageTest {

    private final Executor direct = Runnable::run;

    /** Validation RMSE of each trial (lower is better): trial 2 is the best, trial 3 fails. */
    private static double rmse(int trial) {
        return trial == 2 ? 0.2 : 0.5 + trial * 0.1;
    }

    /** Sends a sweep's events as {@code Sweeps.run} does, skipping trials recorded in the folder, and records what it was asked. */
    private static final class FakeSweeps implements SweepService {
        final List<SweepSpec> specs = new ArrayList<>();
        final List<Path> dirs = new ArrayList<>();
        final List<Integer> trained = new ArrayList<>();
        final List<TrialResult> used = new ArrayList<>();
        Runnable afterFirstStart;

        @Override
        public SweepResult run(Dataset data, TrainingRequest base, SweepSpec spec, Project project, Path dir, SweepListener listener,
                               StopSignal stop) {
            specs.add(spec);
            dirs.add(dir);
            SweepState saved = SweepState.read(dir);
            SweepState state = saved != null ? saved : SweepState.start(spec, data.source(), data.sha256(), base.targetColumn());
            List<Trial> plan = Sweeps.plan(spec);
            for (Trial t : plan) {
                if (state.results().stream().anyMatch(r -> r.number() == t.number())) {
                    listener.onEvent(new SweepEvent.TrialFinished(state.results().stream().filter(r -> r.number() == t.number())
                            .findFirst().orElseThrow()));
                    continue;
                }
                if (stop.isRequested()) {
                    break;
                }
                trained.add(t.number());
                listener.onEvent(new SweepEvent.TrialStarted(t, "run-" + t.number()));
                if (afterFirstStart != null) {
                    Runnable r = afterFirstStart;
                    afterFirstStart = null;
                    r.run();
                }
                TrialResult r;
                if (t.number() == 3) {
                    r = new TrialResult(3, t.params(), Map.of(), 0, TrialResult.FAILED, 0.5, null, "run-3", "the loss became NaN");
                } else {
                    for (int e = 1; e <= 2; e++) {
                        listener.onEvent(new SweepEvent.TrialEpoch(t.number(), e, 2, 1.0 / e, 1.2 / e, "rmse", rmse(t.number()) * (3 - e)));
                    }
                    r = new TrialResult(t.number(), t.params(), Map.of("rmse", rmse(t.number()), "mae", 0.1, "r2", 0.9, "loss", 0.3), 2,
                            t.number() == 4 ? TrialResult.PRUNED : TrialResult.FINISHED, 1.5, dir.resolve("m" + t.number() + ".zip").toString(),
                            "run-" + t.number(), "");
                }
                state = state.with(r, null);
                state.write(dir);
                listener.onEvent(new SweepEvent.TrialFinished(r));
            }
            TrialResult best = Sweeps.best(state.results());
            SweepResult.Best b = best == null ? null : new SweepResult.Best(best.number(), best.params(), best.validation(),
                    Map.of("rmse", 0.25), dir.resolve("best.zip").toString());
            boolean complete = state.results().size() == plan.size();
            state = state.ended(complete ? SweepState.FINISHED : SweepState.STOPPED, b);
            state.write(dir);
            SweepResult result = new SweepResult(state.results(), b);
            listener.onEvent(new SweepEvent.SweepFinished(result, complete ? "all " + plan.size() + " trials ended"
                    : state.results().size() + " of " + plan.size() + " trials ended: the sweep was stopped"));
            return result;
        }

        @Override
        public TrainingOutcome outcome(Dataset data, TrainingRequest base, TrialResult trial) {
            used.add(trial);
            ModelCard card = new ModelCard(ModelCard.FORMAT, "2026-01-01T00:00:00Z", "regression", List.of("x"), "y", List.of(),
                    null, null, null, Map.of(), Map.of(), null, null, Map.of(), null);
            return new TrainingOutcome(new TrainedModel(null, null, card), new EvaluationResult.Regression(4, 0.25, 0.2, 0.875), List.of(),
                    new EvaluationResult.Regression(4, 1.0, 0.8, 0.0), "the mean", 2, false, 1000);
        }
    }

    private MainViewModel open(FakeSweeps sweeps, Path dir, boolean newProject) throws Exception {
        Workspace workspace = new Workspace();
        MainViewModel vm = new MainViewModel(workspace, direct, direct, UiScheduler.immediate(),
                new RecentProjects(dir.resolve("recent.txt")), TrainingService.of(new RunService()), sweeps);
        workspace.backendProperty().set(new BackendStatus(BackendStatus.State.READY, "CPU", "fake"));
        Path csv = dir.resolve("line.csv");
        if (!Files.exists(csv)) {
            // two inputs and a noisy target: no column the leak check would leave out
            StringBuilder sb = new StringBuilder("x,z,y\n");
            for (int i = 0; i < 40; i++) {
                sb.append(i * 0.5).append(',').append((i * 7) % 5).append(',').append(i * 0.5 + (i * 7) % 5 + ((i * 13) % 7) * 0.8).append('\n');
            }
            Files.writeString(csv, sb.toString());
        }
        if (newProject) {
            vm.data().openFile(csv);
            vm.project().newProject(dir.resolve("project"));
        } else {
            vm.project().reopenLast();
        }
        return vm;
    }

    /** Three trials of a small space (learning rate only), two at a time. */
    private static void small(ExperimentsViewModel ex, int trials) {
        SpaceForm space = ex.setup().space();
        space.getRows().forEach(r -> r.onProperty().set(false));
        space.row("learning_rate").onProperty().set(true);
        space.row("learning_rate").textProperty().set("0.001 .. 0.1 log");
        space.row("epochs").onProperty().set(true);
        space.row("epochs").textProperty().set("2");
        ex.setup().trialsProperty().set(Integer.toString(trials));
        ex.setup().parallelProperty().set("2");
    }

    @Test
    void theFormStartsWithTheEngineDefaultSpaceForTheData(@TempDir Path dir) throws Exception {
        ExperimentsViewModel ex = open(new FakeSweeps(), dir, true).experiments();
        SpaceForm space = ex.setup().space();
        assertThat(space.row("learning_rate").onProperty().get()).isTrue();
        assertThat(space.row("learning_rate").textProperty().get()).matches("[0-9.e-]+ \\.\\. [0-9.e-]+ log");
        assertThat(space.row("batch_size").onProperty().get()).isTrue();
        assertThat(space.row("hidden").textProperty().get()).isEqualTo("[32, 16], [64, 32], [128, 64]");
        assertThat(space.row("filters").onProperty().get()).as("filters are for images").isFalse();
        assertThat(space.row("epochs").onProperty().get()).isFalse();
        assertThat(space.row("epochs").textProperty().get()).matches("\\d+");
        // the form reads back as the space the engine proposed: what the CLI's --space takes
        SearchSpace s = ex.setup().space().space();
        assertThat(s.dimensions()).extracting(SearchSpace.Dimension::name).containsExactly("learning_rate", "batch_size", "hidden", "dropout");
        assertThat(((SearchSpace.Range) s.get("learning_rate")).log()).isTrue();
        assertThat(ex.canStartBinding().get()).isTrue();
    }

    @Test
    void badSettingsAreRefusedByNameAndNothingRuns(@TempDir Path dir) throws Exception {
        FakeSweeps sweeps = new FakeSweeps();
        ExperimentsViewModel ex = open(sweeps, dir, true).experiments();
        ex.setup().trialsProperty().set("many");
        ex.start();
        assertThat(ex.errorProperty().get()).contains("trials").contains("many");
        ex.setup().trialsProperty().set("4");
        ex.setup().space().row("batch_size").textProperty().set("16, big");
        ex.start();
        assertThat(ex.errorProperty().get()).contains("batch_size").contains("big");
        ex.setup().space().row("batch_size").textProperty().set("16, 32");
        ex.setup().space().row("learning_rate").textProperty().set("0 .. 0.1 log");
        ex.start();
        assertThat(ex.errorProperty().get()).contains("learning_rate").contains("log scale");
        assertThat(sweeps.specs).isEmpty();
    }

    @Test
    void aSweepsEventsFillTheTableTheCurvesAndTheChartAndTheBestCanBeUsed(@TempDir Path dir) throws Exception {
        FakeSweeps sweeps = new FakeSweeps();
        MainViewModel vm = open(sweeps, dir, true);
        ExperimentsViewModel ex = vm.experiments();
        small(ex, 4);
        ex.setup().strategyProperty().set("grid");
        ex.start();

        assertThat(ex.errorProperty().get()).isEmpty();
        assertThat(sweeps.specs.get(0).trials()).isEqualTo(4);
        assertThat(sweeps.specs.get(0).parallel()).isEqualTo(2);
        assertThat(sweeps.specs.get(0).strategy().id()).isEqualTo("grid");
        assertThat(sweeps.dirs.get(0)).isEqualTo(dir.resolve("project").resolve("sweeps").resolve("sweep-001"));
        List<TrialRow> rows = ex.getTrials();
        assertThat(rows).extracting(TrialRow::number).containsExactly(1, 2, 3);  // a grid of 3 learning rates, at most 4 trials
        assertThat(rows).extracting(TrialRow::status).containsExactly("finished", "finished", "failed");
        assertThat(rows.get(1).metric()).isEqualTo(0.2);
        assertThat(rows.get(1).metricName()).isEqualTo("rmse");
        assertThat(rows.get(1).best()).isTrue();
        assertThat(rows.get(1).statusText()).isEqualTo("finished, best");
        assertThat(rows.get(0).epochsText()).isEqualTo("2 / 2");
        assertThat(rows.get(0).settings()).startsWith("lr ").contains("epochs 2");
        assertThat(rows.get(2).hasModel()).isFalse();
        assertThat(ex.getCurves()).extracting(TrialCurve::trial).containsExactly(1, 2);
        assertThat(ex.getCurves().get(0).points()).hasSize(2);
        ParallelCoordinates chart = ex.parallelProperty().get();
        assertThat(chart.axes()).extracting(ParallelCoordinates.Axis::name).containsExactly("lr", "rmse"); // epochs is fixed: no axis
        assertThat(chart.lines()).hasSize(3);
        assertThat(chart.lines().get(1).shade()).as("the lowest RMSE is the best colour").isEqualTo(1.0);
        assertThat(Double.isNaN(chart.lines().get(2).shade())).as("a failed trial has no figure").isTrue();
        assertThat(ex.progressProperty().get()).isEqualTo(1.0);
        assertThat(ex.runningProperty().get()).isFalse();
        assertThat(ex.messageProperty().get()).startsWith("All 3 trials ended. Best: trial 2, chosen on validation (rmse 0.2000, mae 0.1000, r2 0.9000)")
                .contains("on the test split, evaluated once: rmse 0.2500");

        ex.filterProperty().set("failed");
        assertThat(ex.getFilteredTrials()).extracting(TrialRow::number).containsExactly(3);
        ex.filterProperty().set("");
        assertThat(ex.getFilteredTrials()).hasSize(3);

        ex.use(rows.get(2));
        assertThat(ex.errorProperty().get()).isEqualTo("Trial 3 has no model: the loss became NaN");
        assertThat(vm.evaluate().headlineProperty().get()).isEmpty();
        ex.use(ex.bestRow());
        assertThat(ex.errorProperty().get()).isEmpty();
        assertThat(sweeps.used).extracting(TrialResult::number).containsExactly(2);
        assertThat(vm.evaluate().headlineProperty().get()).isEqualTo("Test R² 0.875");
        assertThat(ex.messageProperty().get()).startsWith("Trial 2 is now the current model");
        assertThat(vm.train().epochsProperty().get()).as("the trial's settings on the Train page").isEqualTo("2");
    }

    @Test
    void stopEndsTheSweepAndAReopenedProjectShowsItAndStartContinuesIt(@TempDir Path dir) throws Exception {
        FakeSweeps sweeps = new FakeSweeps();
        ExperimentsViewModel ex = open(sweeps, dir, true).experiments();
        small(ex, 4);
        ex.setup().seedProperty().set("7");
        sweeps.afterFirstStart = () -> {
            assertThat(ex.runningProperty().get()).isTrue();
            ex.togglePause();
            assertThat(ex.pausedProperty().get()).isTrue();
            ex.stop();
        };
        ex.start();
        assertThat(sweeps.trained).containsExactly(1);
        assertThat(ex.pausedProperty().get()).isFalse();
        assertThat(ex.getTrials()).extracting(TrialRow::status).containsExactly("finished", "waiting", "waiting", "waiting");
        assertThat(ex.messageProperty().get()).startsWith("1 of 4 trials ended: the sweep was stopped.").endsWith("Start continues it.");

        // the app restarts: the last project is reopened, with its sweep
        FakeSweeps again = new FakeSweeps();
        ExperimentsViewModel reopened = open(again, dir, false).experiments();
        assertThat(reopened.getTrials()).extracting(TrialRow::status).containsExactly("finished", "waiting", "waiting", "waiting");
        assertThat(reopened.getTrials().get(0).metric()).isEqualTo(rmse(1));
        assertThat(reopened.setup().seedProperty().get()).isEqualTo("7");
        assertThat(reopened.setup().trialsProperty().get()).isEqualTo("4");
        assertThat(reopened.setup().space().row("learning_rate").textProperty().get()).isEqualTo("0.001 .. 0.1 log");
        assertThat(reopened.messageProperty().get()).contains("1 of 4 trials ended, stopped").contains("press Start to continue it");

        reopened.start();
        assertThat(again.dirs.get(0)).isEqualTo(sweeps.dirs.get(0));
        assertThat(again.trained).containsExactly(2, 3, 4);
        assertThat(reopened.getTrials()).extracting(TrialRow::statusText).containsExactly("finished", "finished, best", "failed", "pruned");
    }
}
