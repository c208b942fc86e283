package io.modelbench.desktop.view;

import io.modelbench.desktop.FxThreadIo;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project's life in the real window — new project, train, rename and annotate the run, open the project
 * again — with ModelBench's code reading and writing no file on the JavaFX thread (the project, run and checkpoint
 * files are all written by workers).
 */
class ProjectWindowTest extends AppWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }



    @Test
    void aProjectIsCreatedTrainedRenamedAndReopenedWithNoFileIoOnTheJavaFxThread(FxRobot robot, @TempDir Path dir)
            throws Exception {
        awaitBackend();
        AtomicLong fx = new AtomicLong();
        robot.interact(() -> fx.set(Thread.currentThread().getId()));
        Path root = dir.resolve("flowers");
        try (FxThreadIo guard = FxThreadIo.start(fx.get())) {
            robot.clickOn("#openSampleButton");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> robot.lookup("#table").queryAs(TableView.class).getItems().size() == 150);
            robot.interact(() -> parts.viewModel().project().newProject(root));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.isRegularFile(root.resolve("project.modelbench")));

            robot.clickOn("#navTrain");
            TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
            robot.doubleClickOn(epochs).eraseText(epochs.getText().length()).write("3");
            robot.clickOn("#startButton");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#showEvaluationButton").queryButton().isVisible());
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().runs().getRuns().size() == 1);

            robot.interact(() -> parts.viewModel().runs().rename(parts.viewModel().runs().getRuns().get(0), "small net"));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                    () -> parts.viewModel().runs().getRuns().get(0).name().equals("small net"));
            robot.interact(() -> parts.viewModel().runs().annotate(parts.viewModel().runs().getRuns().get(0), "first try"));
            robot.interact(() -> parts.viewModel().project().openProject(root));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().runs().getRuns().size() == 1
                    && "first try".equals(parts.viewModel().runs().getRuns().get(0).note()));

            assertThat(guard.violations()).as("file I/O on the JavaFX thread").isEmpty();
        }
        assertThat(Files.readString(root.resolve("runs/run-0001/run.json"))).contains("small net").contains("first try");
    }
}
