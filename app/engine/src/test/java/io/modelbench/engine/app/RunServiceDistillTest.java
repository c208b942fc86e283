package io.modelbench.engine.app;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import io.modelbench.engine.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A distillation recorded as a run: its record, its epochs, its model in the project, and its events as a run's. */
class RunServiceDistillTest {

    @TempDir
    static Path dir;
    private static TableDataset iris;
    private static Path teacher;

    @BeforeAll
    static void trainTeacher() {
        iris = TableDataset.of(TestTables.iris());
        var outcome = new Trainer().train(iris.table(), TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(30)),
                TrainingListener.NONE, new StopSignal());
        teacher = dir.resolve("iris.zip");
        ModelFiles.save(outcome.model(), teacher);
    }

    @Test
    void aDistillationInAProjectIsARunWithItsEpochsTestFiguresAndTheStudentAsItsModel() {
        Project project = Project.create(dir.resolve("p"), "p");
        List<RunEvent> events = new ArrayList<>();
        Path out = dir.resolve("student.zip");
        RunService.Distilled d = new RunService().distill(teacher, iris, OptimizeSettings.distill(List.of(8), 2, 0.5, 6), out,
                RunOutput.project(project, null), RunSettings.defaults(), events::add, TaskProgress.NONE);

        assertThat(d.run().status()).isEqualTo(RunStatus.FINISHED);
        List<RunInfo> runs = project.runs();
        assertThat(runs).hasSize(1);
        RunInfo run = runs.get(0);
        assertThat(run.status()).isEqualTo(RunInfo.FINISHED);
        assertThat(run.note()).startsWith("distilled from iris.zip: distilled into an MLP [8]");
        assertThat(run.request().training().spec()).isEqualTo(ModelSpec.mlp(List.of(8)));
        assertThat(run.request().targetColumn()).isEqualTo("species");
        assertThat(run.epochs()).extracting(RunInfo.Epoch::epoch).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(run.epochs()).allSatisfy(e -> {
            assertThat(e.trainingLoss()).isFinite().isPositive();
            assertThat(e.validationLoss()).isFinite().isPositive();
            assertThat(e.metricName()).isEqualTo("accuracy");
            assertThat(e.validationMetric()).isBetween(0.0, 1.0);
        });
        // the run's test figures are the "after" of the optimization, on the same test rows
        assertThat(run.testMetrics().get("accuracy")).isEqualTo(d.optimized().after().test().get("accuracy"));
        assertThat(run.result()).startsWith("accuracy");
        var model = ModelFiles.load(project.modelFile(run.id()));
        assertThat(model.card().optimized().method()).isEqualTo("distill");
        assertThat(model.summary().totalParameters()).isEqualTo(d.optimized().after().parameters());
        assertThat(ModelFiles.load(out).card().optimized().after()).isEqualTo(d.optimized().after());

        // the events of a training run: started, the student's session, a record after each epoch, ended
        assertThat(events.get(0)).isInstanceOf(RunEvent.Started.class);
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RunEvent.Ended.class,
                e -> assertThat(e.status()).isEqualTo(RunStatus.FINISHED));
        assertThat(events.stream().filter(e -> e instanceof RunEvent.Recorded).map(e -> ((RunEvent.Recorded) e).run().epochs().size())
                .toList()).startsWith(1).endsWith(6).isSorted();
        List<TrainingEvent> training = events.stream().filter(e -> e instanceof RunEvent.Training)
                .map(e -> ((RunEvent.Training) e).event()).toList();
        assertThat(training.get(0)).isInstanceOf(TrainingEvent.Started.class);
        assertThat(training.stream().filter(e -> e instanceof TrainingEvent.IterationDone)).isNotEmpty();
        assertThat(training.get(training.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
    }

    @Test
    void aCancelledDistillationIsRecordedAsCancelledAndWritesNoModel() {
        Project project = Project.create(dir.resolve("cancelled"), "c");
        Path out = dir.resolve("never.zip");
        TaskProgress cancel = new TaskProgress() {
            @Override
            public void progress(double fraction) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> new RunService().distill(teacher, iris, OptimizeSettings.distill(List.of(8), 2, 0.5, 5), out,
                RunOutput.project(project, null), RunSettings.defaults(), RunListener.NONE, cancel))
                .isInstanceOf(CancellationException.class);
        RunInfo run = project.runs().get(0);
        assertThat(run.status()).isEqualTo(RunInfo.FAILED);
        assertThat(run.message()).startsWith("cancelled");
        assertThat(out).doesNotExist();
        assertThat(Files.exists(project.modelFile(run.id()))).isFalse();
    }

    @Test
    void aCnnStudentOfATableModelIsRefusedBeforeAnyRunIsMade() {
        Project project = Project.create(dir.resolve("refused"), "r");
        assertThatThrownBy(() -> new RunService().distill(teacher, iris, OptimizeSettings.distillCnn(0.5, 2, 0.5, 5), dir.resolve("x.zip"),
                RunOutput.project(project, null), RunSettings.defaults(), RunListener.NONE, TaskProgress.NONE))
                .isInstanceOf(io.modelbench.engine.api.InputException.class).hasMessageContaining("--distill SIZES");
        assertThat(project.runs()).isEmpty();
    }
}
