package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.app.RunEvent;
import io.modelbench.engine.app.RunListener;
import io.modelbench.engine.app.RunOutput;
import io.modelbench.engine.app.RunResult;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.app.RunStatus;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RecentProjects;
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
 * The Train page driven through a fake run service: the events a real run sends, without DL4J (no backend is
 * loaded, no network trained), so start → epochs → finished is checked in milliseconds.
 */
class TrainWithFakeRunsTest {

    private final Executor direct = Runnable::run;

    /** Sends a run's events as the run service does, and records what it was asked. */
    private static final class FakeRuns implements TrainingService {
        final List<TrainingRequest> requests = new ArrayList<>();
        final List<Dataset> data = new ArrayList<>();
        final List<RunSettings> settings = new ArrayList<>();
        RuntimeException failure;
        RunEvent.AutoCandidate candidate;

        @Override
        public RunResult train(Dataset d, TrainingRequest request, RunOutput output, RunSettings s, RunListener listener,
                               StopSignal stop) {
            requests.add(request);
            data.add(d);
            settings.add(s);
            if (failure != null) {
                throw failure;
            }
            int epochs = request.training().epochs();
            if (candidate != null && s.autoSeconds() > 0) {
                listener.onEvent(candidate);
            }
            listener.onEvent(new RunEvent.Started(null, 3, false, d.source()));
            listener.onEvent(new RunEvent.Training(new TrainingEvent.Started(epochs, 2, 16, 4, TaskType.REGRESSION)));
            for (int e = 1; e <= epochs; e++) {
                listener.onEvent(new RunEvent.Training(new TrainingEvent.IterationDone(e, 2L * e - 1, 1.0 / e)));
                listener.onEvent(new RunEvent.Training(new TrainingEvent.IterationDone(e, 2L * e, 0.9 / e)));
                listener.onEvent(new RunEvent.Training(new TrainingEvent.EpochDone(e, epochs, 0.9 / e, 1.0 / e, "rmse",
                        0.5 / e, 1000, 10L * e, 0.01)));
            }
            listener.onEvent(new RunEvent.Training(new TrainingEvent.Finished(epochs, false, 1000, 10L * epochs, "all epochs done")));
            listener.onEvent(new RunEvent.Ended(RunStatus.FINISHED, null, ""));
            return new RunResult(RunStatus.FINISHED, outcome(), null, null, false, 3);
        }

        @Override
        public RunResult resume(Project project, String runId, Dataset d, RunSettings s, RunListener listener, StopSignal stop) {
            throw new UnsupportedOperationException("not resumed in these tests");
        }

        /** A regression outcome whose model is never asked to predict here (it has no network). */
        private static TrainingOutcome outcome() {
            ModelCard card = new ModelCard(ModelCard.FORMAT, "2026-01-01T00:00:00Z", "regression", List.of("x"), "y", List.of(),
                    null, null, null, Map.of(), Map.of(), null, null, Map.of(), null);
            EvaluationResult.Regression test = new EvaluationResult.Regression(4, 0.25, 0.2, 0.875);
            EvaluationResult.Regression baseline = new EvaluationResult.Regression(4, 1.0, 0.8, 0.0);
            return new TrainingOutcome(new TrainedModel(null, null, card), test, List.of(), baseline, "the mean", 3, false, 1000);
        }
    }

    private MainViewModel open(FakeRuns runs, Path dir) throws Exception {
        Workspace workspace = new Workspace();
        MainViewModel vm = new MainViewModel(workspace, direct, direct, UiScheduler.immediate(),
                new RecentProjects(dir.resolve("recent.txt")), runs);
        workspace.backendProperty().set(new BackendStatus(BackendStatus.State.READY, "CPU", "fake"));
        Path csv = dir.resolve("line.csv");
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i * 0.5).append(',').append(2 * i + 0.25).append('\n');
        }
        Files.writeString(csv, sb.toString());
        vm.data().openFile(csv);
        return vm;
    }

    @Test
    void startEpochsAndFinishFillTheChartsTheLogTheRunsAndPublishTheResult(@TempDir Path dir) throws Exception {
        FakeRuns runs = new FakeRuns();
        MainViewModel vm = open(runs, dir);
        List<Boolean> running = new ArrayList<>();
        vm.train().runningProperty().addListener((o, a, b) -> running.add(b));
        vm.train().epochsProperty().set("3");
        vm.train().threadsProperty().set("3");

        vm.train().start();

        assertThat(vm.train().errorProperty().get()).isEmpty();
        assertThat(running).containsExactly(true, false);
        assertThat(runs.settings.get(0).threads()).isEqualTo(3);
        // the table the Data page profiled, with the schema the Model page worked out: training profiles nothing again
        assertThat(vm.model().problemProperty().get()).isEmpty();
        TableDataset trained = (TableDataset) runs.data.get(0);
        assertThat(trained.table()).isSameAs(vm.data().tableProperty().get());
        assertThat(trained.schema()).isNotNull().isEqualTo(vm.model().schemaProperty().get());
        assertThat(trained.choice().target()).isEqualTo(runs.requests.get(0).targetColumn()).isEqualTo("y");
        assertThat(trained.withSchema(runs.requests.get(0))).as("the kept schema is the one for this request").isSameAs(trained);
        assertThat(vm.train().getPoints()).extracting(EpochPoint::epoch).containsExactly(1, 2, 3);
        assertThat(vm.train().iterations().getPoints()).hasSize(6);
        assertThat(vm.train().getRates()).hasSize(3).allMatch(r -> r.learningRate() == 0.01);
        assertThat(vm.train().getLog()).anyMatch(l -> l.endsWith("Using 3 CPU threads."))
                .anyMatch(l -> l.contains("Epoch 3/3: loss 0.3000, validation loss 0.3333, validation RMSE 0.1667"))
                .anyMatch(l -> l.contains("all epochs done (3 epochs, 0.0 s)."));
        assertThat(vm.train().progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.train().statusProperty().get()).startsWith("Finished after 3 epochs");
        assertThat(vm.runs().getRuns()).hasSize(1);
        assertThat(vm.runs().getRuns().get(0).result()).isEqualTo("R² 0.875");
        assertThat(vm.evaluate().headlineProperty().get()).isEqualTo("Test R² 0.875");
        assertThat(vm.train().resultReadyProperty().get()).isTrue();
    }

    @Test
    void tryAFewSettingsAsksTheRunServiceForTheSearchWithItsBudgetAndLogsEachCandidate(@TempDir Path dir) throws Exception {
        FakeRuns runs = new FakeRuns();
        runs.candidate = new RunEvent.AutoCandidate(1, "hidden 32,16, learning rate 0.003", "rmse", 0.25, 1.5);
        MainViewModel vm = open(runs, dir);
        vm.train().epochsProperty().set("2");
        vm.train().start();
        vm.train().autoProperty().set(true);
        vm.train().timeBudgetProperty().set("45");
        vm.train().start();
        vm.train().timeBudgetProperty().set("soon");
        vm.train().start();

        assertThat(runs.settings).extracting(RunSettings::autoSeconds).containsExactly(0.0, 45.0);
        assertThat(vm.train().errorProperty().get()).contains("time budget");
        assertThat(vm.train().getLog()).anyMatch(l -> l.contains("Tried hidden 32,16, learning rate 0.003: validation rmse 0.2500 (1.5 s)."));
    }

    @Test
    void aRunRefusedByTheServiceShowsItsMessageAndTheSessionEnds(@TempDir Path dir) throws Exception {
        FakeRuns runs = new FakeRuns();
        runs.failure = InputException.setting("column to predict", "y", "choose a column with two classes or numbers");
        MainViewModel vm = open(runs, dir);

        vm.train().start();

        assertThat(vm.train().errorProperty().get()).contains("column to predict").contains("two classes or numbers");
        assertThat(vm.train().runningProperty().get()).isFalse();
        assertThat(vm.train().statusProperty().get()).isEqualTo("Training did not finish.");
        assertThat(vm.train().getLog()).anyMatch(l -> l.contains("Failed: "));
        assertThat(vm.runs().getRuns()).isEmpty();
        assertThat(vm.train().canStartBinding().get()).isTrue();
    }

    @Test
    void badSettingsNeverReachTheService(@TempDir Path dir) throws Exception {
        FakeRuns runs = new FakeRuns();
        MainViewModel vm = open(runs, dir);
        vm.train().threadsProperty().set("-2");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).contains("threads");
        vm.train().threadsProperty().set("auto");
        vm.train().learningRateProperty().set("fast");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).contains("learning rate");
        assertThat(runs.requests).isEmpty();
    }
}
