package io.modelbench.engine.app;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectsTest {

    private final Table iris = TestTables.iris();
    private final TableDataset data = TableDataset.of(iris);
    private final TrainingRequest request = TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(3));

    @Test
    void openingAProjectListsItsRunsAndMarksOneThatWasTrainingAsInterrupted(@TempDir Path dir) {
        Project p = Projects.create(dir.resolve("p"), "P");
        RunInfo running = p.newRun(request, null, java.util.Map.of());
        Projects.Opened opened = Projects.open(dir.resolve("p").resolve(Project.FILE));
        assertThat(opened.project().name()).isEqualTo("P");
        assertThat(opened.runs()).singleElement().satisfies(e -> {
            assertThat(e.info().id()).isEqualTo(running.id());
            assertThat(e.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(e.resumable()).isFalse(); // no checkpoint yet
        });
        assertThat(opened.interrupted()).isEqualTo(1);
    }

    @Test
    void runsAreRenamedAnnotatedAndDeletedByIdOnDisk(@TempDir Path dir) {
        Project p = Projects.create(dir.resolve("p"), "P");
        String id = p.newRun(request, null, java.util.Map.of()).id();
        assertThat(Projects.rename(p, id, "  baseline ").name()).isEqualTo("baseline");
        assertThat(Projects.annotate(p, id, "lr too high").note()).isEqualTo("lr too high");
        assertThat(Projects.open(p.root()).runs().get(0).info().name()).isEqualTo("baseline");
        assertThatThrownBy(() -> Projects.rename(p, id, " ")).isInstanceOf(InputException.class).hasMessageContaining("run name");
        Projects.delete(p, id);
        assertThat(p.runDir(id)).doesNotExist();
        assertThat(Projects.runs(p)).isEmpty();
    }

    @Test
    void resumingIsRefusedWithTheReasonForOtherDataOrNoCheckpoint(@TempDir Path dir) throws Exception {
        Project p = Projects.create(dir.resolve("p"), "P");
        DatasetRecipe recipe = new DatasetRecipe("table", "sample:iris", iris.sha256(), "species", List.of(), null, null);
        RunInfo fresh = p.newRun(request, recipe, java.util.Map.of());
        assertThatThrownBy(() -> Projects.checkResume(p, fresh.id(), data))
                .isInstanceOf(InputException.class).hasMessage("Run 1 has no checkpoint to resume from; re-run it instead.");

        // a run stopped after one epoch through a background handle: resumable on the same data only
        RunService service = new RunService();
        RunHandle handle = service.startTraining(Runnable::run, data, request, RunOutput.project(p, recipe),
                RunSettings.defaults(), e -> { });
        assertThat(handle.result()).isDone();
        StopSignal stop = new StopSignal();
        RunResult stopped = service.train(data, request, RunOutput.project(p, recipe), RunSettings.defaults(), e -> {
            if (e instanceof RunEvent.Training t && t.event() instanceof TrainingEvent.EpochDone) {
                stop.request();
            }
        }, stop);
        assertThat(stopped.status()).isEqualTo(RunStatus.STOPPED);
        assertThat(Projects.checkResume(p, stopped.run().id(), data).id()).isEqualTo(stopped.run().id());
        Table changed = io.modelbench.engine.data.CsvTables.read("iris.csv",
                new java.io.ByteArrayInputStream("a,species\n1,x\n2,y\n".getBytes()));
        assertThatThrownBy(() -> Projects.checkResume(p, stopped.run().id(), TableDataset.of(changed)))
                .isInstanceOf(InputException.class)
                .hasMessage("To resume Run 3, open the data it was trained on (sample:iris, with the content it had then).");
        assertThat(handle.result().get(1, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.FINISHED);
    }
}
