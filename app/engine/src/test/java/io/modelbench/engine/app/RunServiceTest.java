package io.modelbench.engine.app;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunServiceTest {

    private final Table iris = TestTables.iris();
    private final TableDataset data = TableDataset.of(iris);
    private final RunService service = new RunService();

    private static TrainingRequest request(int epochs) {
        return TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(epochs));
    }

    private static RunInfo readRun(Path runDir) throws Exception {
        return Json.mapper().readValue(runDir.resolve("run.json").toFile(), RunInfo.class);
    }

    @Test
    void aRunToTheEndWritesEveryEpochTheModelAndStatusFinished(@TempDir Path dir) throws Exception {
        Project project = Project.create(dir.resolve("p"), "p");
        List<RunEvent> events = new ArrayList<>();
        RunResult r = service.train(data, request(3), RunOutput.project(project, null), new RunSettings(RunSettings.AUTO, null),
                events::add, new StopSignal());

        assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
        Path runDir = project.runDir(r.run().id());
        RunInfo written = readRun(runDir);
        assertThat(written.status()).isEqualTo("finished");
        assertThat(written.epochs()).extracting(RunInfo.Epoch::epoch).containsExactly(1, 2, 3);
        assertThat(written.result()).isEqualTo(r.resultText()).startsWith("accuracy");
        assertThat(written.environment()).containsKeys("cpus", "java", "os");
        assertThat(runDir.resolve("model.zip")).isRegularFile();
        assertThat(r.modelFile()).isEqualTo(runDir.resolve("model.zip"));
        assertThat(r.resumable()).isFalse();
        assertThat(r.threads()).isPositive();
        // one Started, the training events (a Recorded after the first and the last epoch, between them when due:
        // RunWrites), one Ended
        assertThat(events.get(0)).isInstanceOfSatisfying(RunEvent.Started.class, s -> assertThat(s.resumed()).isFalse());
        assertThat(events.get(events.size() - 1)).isEqualTo(new RunEvent.Ended(RunStatus.FINISHED, r.run(), ""));
        List<Integer> recorded = events.stream().filter(e -> e instanceof RunEvent.Recorded)
                .map(e -> ((RunEvent.Recorded) e).run().epochs().size()).toList();
        assertThat(recorded).startsWith(1).endsWith(3).isSorted();
        int firstEpoch = indexOf(events, e -> e instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.EpochDone);
        assertThat(events.get(firstEpoch + 1)).isInstanceOf(RunEvent.Recorded.class);
    }

    @Test
    void aStopMidRunRecordsStoppedWithACheckpointAndResumeEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        TrainingOutcome whole = service.train(data, request(5), RunOutput.inMemory(), RunSettings.defaults(),
                RunListener.NONE, new StopSignal()).outcome();

        Project project = Project.create(dir.resolve("p"), "p");
        StopSignal stop = new StopSignal();
        RunResult stopped = service.train(data, request(5), RunOutput.project(project, null), RunSettings.defaults(), e -> {
            if (e instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.EpochDone d && d.epoch() == 2) {
                stop.request();
            }
        }, stop);
        assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(stopped.resumable()).isTrue();
        String id = stopped.run().id();
        assertThat(readRun(project.runDir(id)).status()).isEqualTo("stopped");
        assertThat(project.checkpointDir(id).resolve("last.zip")).isRegularFile();
        assertThat(RunService.checkpointEpoch(project.checkpointDir(id))).isEqualTo(2);
        assertThat(Projects.runs(project)).singleElement().satisfies(e -> assertThat(e.resumable()).isTrue());

        List<RunEvent> events = new ArrayList<>();
        RunResult resumed = service.resume(project, id, data, RunSettings.defaults(), events::add, new StopSignal());
        assertThat(resumed.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(events.get(0)).isInstanceOfSatisfying(RunEvent.Started.class, s -> {
            assertThat(s.resumed()).isTrue();
            assertThat(s.run().epochs()).hasSize(2);
        });
        RunInfo written = readRun(project.runDir(id));
        assertThat(written.status()).isEqualTo("finished");
        assertThat(written.epochs()).extracting(RunInfo.Epoch::epoch).containsExactly(1, 2, 3, 4, 5);
        assertThat(resumed.outcome().model().predict(iris).probabilities())
                .isDeepEqualTo(whole.model().predict(iris).probabilities());
    }

    @Test
    void aRunStartedInTheBackgroundStopsThroughItsHandleAndKeepsTheModelSoFar(@TempDir Path dir) throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.CountDownLatch firstEpoch = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch stopSent = new java.util.concurrent.CountDownLatch(1);
            RunHandle handle = service.startTraining(executor, data, request(50), RunOutput.files(dir.resolve("m.zip"),
                    dir.resolve("cp")), RunSettings.defaults(), e -> {
                if (e instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.EpochDone) {
                    firstEpoch.countDown();
                    await(stopSent); // holds the training thread until the test has asked it to stop
                }
            });
            assertThat(firstEpoch.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            handle.stop();
            stopSent.countDown();
            RunResult r = handle.result().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(handle.isStopRequested()).isTrue();
            assertThat(r.status()).isEqualTo(RunStatus.STOPPED);
            assertThat(r.outcome().epochsCompleted()).isLessThan(50);
            assertThat(r.resumable()).isTrue();
            assertThat(dir.resolve("m.zip")).isRegularFile();
            assertThat(RunService.checkpointEpoch(dir.resolve("cp"))).isEqualTo(r.outcome().epochsCompleted());
        } finally {
            executor.shutdownNow();
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBadTargetColumnFailsWithAClearMessageAndLeavesNoRunFolder(@TempDir Path dir) throws Exception {
        Project project = Project.create(dir.resolve("p"), "p");
        List<RunEvent> events = new ArrayList<>();
        TrainingRequest bad = TrainingRequest.of("colour", TrainingSettings.defaults().withEpochs(2));
        assertThatThrownBy(() -> service.train(data, bad, RunOutput.project(project, null), RunSettings.defaults(),
                events::add, new StopSignal()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("column 'colour'").hasMessageContaining("there is no such column")
                .hasMessageContaining("species");
        assertThat(events).isEmpty();
        try (Stream<Path> runs = Files.list(project.root().resolve("runs"))) {
            assertThat(runs).isEmpty();
        }

        Path model = dir.resolve("model.zip");
        assertThatThrownBy(() -> service.train(data, bad, RunOutput.files(model, dir.resolve("cp")), RunSettings.defaults(),
                RunListener.NONE, new StopSignal())).isInstanceOf(InputException.class);
        assertThat(model).doesNotExist();
        assertThat(dir.resolve("cp")).doesNotExist();
    }

    @Test
    void aFailureDuringTrainingRecordsStatusFailedWithItsMessage(@TempDir Path dir) throws Exception {
        Project project = Project.create(dir.resolve("p"), "p");
        TrainingSettings wild = TrainingSettings.defaults().withLearningRate(10).withEpochs(30)
                .withOptimization(Optimization.defaults().withOptimizer("sgd"));
        TableDataset diabetes = TableDataset.of(Samples.open(Samples.find("diabetes")));
        List<RunEvent> events = new ArrayList<>();
        assertThatThrownBy(() -> service.train(diabetes, TrainingRequest.of("progression", wild),
                RunOutput.project(project, null), RunSettings.defaults(), events::add, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("training diverged");
        RunInfo run = Projects.runs(project).get(0).info();
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.message()).contains("training diverged");
        assertThat(project.modelFile(run.id())).doesNotExist();
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RunEvent.Ended.class,
                e -> assertThat(e.status()).isEqualTo(RunStatus.FAILED));
    }

    @Test
    void theSchemaComputedOnceGivesTheSameNetworkAsTheTrainerInferringItAgain() {
        PreparationSettings prep = PreparationSettings.defaults().withTypes(Map.of("petal_width_cm", ColumnType.CATEGORICAL));
        TrainingRequest r = request(3).withPreparation(prep);
        TableDataset withSchema = data.withSchema(r);
        assertThat(withSchema.schema()).isEqualTo(io.modelbench.engine.data.TableEncoder.inferSchema(iris, "species", null,
                List.of(), prep));
        assertThat(withSchema.schemaFor(r)).isSameAs(withSchema.schema());

        TrainingOutcome old = new Trainer().train(iris, r, e -> { }, new StopSignal());
        TrainingOutcome once = service.train(withSchema, r, RunOutput.inMemory(), RunSettings.defaults(), RunListener.NONE,
                new StopSignal()).outcome();
        assertThat(once.model().network().params().toFloatVector())
                .isEqualTo(old.model().network().params().toFloatVector());
        assertThat(once.model().card().inputColumns()).isEqualTo(old.model().card().inputColumns());
    }

    private static int indexOf(List<RunEvent> events, java.util.function.Predicate<RunEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
