package io.modelbench.desktop.view;

import io.modelbench.desktop.FxThreadIo;
import io.modelbench.desktop.viewmodel.ExperimentsViewModel;
import io.modelbench.desktop.viewmodel.TrialRow;
import io.modelbench.engine.data.Samples;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Experiments page in the real window (headless under Monocle), with the real engine: a project on iris, a sweep of
 * two random trials of two epochs started from the page, its rows finishing with validation accuracy, the curves and
 * the parallel-coordinates chart filled, the sweep kept in the project, and the best trial used as the current model
 * (the Evaluate page shows its test figures), with no file I/O on the JavaFX thread. For a time series Start is on once a
 * project is open, and says why beside it while it is off.
 */
class ExperimentsWindowTest extends AppWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Test
    void aSweepStartedFromThePageFinishesItsTrialsAndTheBestBecomesTheCurrentModel(FxRobot robot, @TempDir Path dir) throws Exception {
        awaitBackend();
        AtomicLong fx = new AtomicLong();
        robot.interact(() -> fx.set(Thread.currentThread().getId()));
        ExperimentsViewModel vm = parts.viewModel().experiments();
        Path root = dir.resolve("sweeping");
        try (FxThreadIo guard = FxThreadIo.start(fx.get())) {
            robot.interact(() -> parts.viewModel().data().openSample(Samples.find("iris")));
            robot.interact(() -> parts.viewModel().project().newProject(root));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.canStartBinding().get()
                    && vm.setup().space().row("learning_rate").onProperty().get());

            robot.clickOn("#navExperiments");
            WaitForAsyncUtils.waitForFxEvents();
            robot.clickOn("#space-epochs");
            TextField epochs = robot.lookup("#values-epochs").queryAs(TextField.class);
            robot.doubleClickOn(epochs).eraseText(epochs.getText().length()).write("2");
            TextField trials = robot.lookup("#trialsField").queryAs(TextField.class);
            robot.doubleClickOn(trials).eraseText(trials.getText().length()).write("2");
            robot.clickOn("#randomChoice");
            robot.clickOn("#startButton");
            assertThat(vm.errorProperty().get()).isEmpty();
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.runningProperty().get() || !vm.getTrials().isEmpty());
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
            WaitForAsyncUtils.waitForFxEvents();

            assertThat(vm.errorProperty().get()).isEmpty();
            @SuppressWarnings("unchecked")
            TableView<TrialRow> table = robot.lookup("#trialsTable").queryAs(TableView.class);
            assertThat(table.getItems()).hasSize(2).allMatch(TrialRow::hasModel)
                    .allMatch(r -> r.epochs() >= 1 && r.epochs() <= 2 && r.metricName().equals("accuracy") && r.metric() > 0);
            assertThat(table.getItems()).filteredOn(TrialRow::best).hasSize(1);
            assertThat(vm.messageProperty().get()).contains("Best: trial").contains("on the test split, evaluated once: accuracy");
            ChartViewer curves = robot.lookup("#curvesChart").queryAs(ChartViewer.class);
            assertThat(curves.getChart().getXYPlot().getDataset().getSeriesCount()).isEqualTo(2);
            ParallelCoordinatesChart parallel = robot.lookup("#parallelChart").queryAs(ParallelCoordinatesChart.class);
            assertThat(parallel.data().lines()).hasSize(2);
            assertThat(parallel.data().axes().get(0).name()).isEqualTo("lr");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> Files.isRegularFile(root.resolve("sweeps/sweep-001/best.zip")));
            assertThat(Files.readString(root.resolve("sweeps/sweep-001/sweep.json"))).contains("\"status\" : \"finished\"");

            TrialRow best = vm.bestRow();
            robot.interact(() -> table.getSelectionModel().select(best));
            robot.clickOn("#useButton");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.messageProperty().get().startsWith("Trial " + best.number()
                    + " is now the current model"));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(parts.viewModel().evaluate().headlineProperty().get()).startsWith("Test accuracy");
            assertThat(guard.violations()).as("file I/O on the JavaFX thread").isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void forATimeSeriesStartIsOnOnceAProjectIsOpenAndSaysWhyItIsOffBefore(FxRobot robot, @TempDir Path dir) throws Exception {
        awaitBackend();
        ExperimentsViewModel vm = parts.viewModel().experiments();
        javafx.scene.control.ComboBox<Samples.Sample> samples = robot.lookup("#sampleBox").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> samples.setValue(Samples.find("sunspots")));
        robot.clickOn("#openSampleButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#table").queryAs(TableView.class).getItems().size() == 309);
        javafx.scene.control.ComboBox<String> time = robot.lookup("#timeBox").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> time.setValue("YEAR"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#seriesLabel").queryAs(javafx.scene.control.Label.class).getText().contains("309 steps"));

        robot.clickOn("#navExperiments");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Button start = robot.lookup("#startButton").queryAs(javafx.scene.control.Button.class);
        javafx.scene.control.Label hint = robot.lookup("#startHintLabel").queryAs(javafx.scene.control.Label.class);
        assertThat(start.isDisabled()).isTrue();
        assertThat(hint.isVisible()).isTrue();
        assertThat(hint.getText()).contains("project");

        robot.interact(() -> parts.viewModel().project().newProject(dir.resolve("sunspots")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !start.isDisabled());
        // the engine's default space for a series: the learning rate, the batch and the LSTM's units
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.setup().space().row("hidden").onProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(hint.isVisible()).isFalse();
        assertThat(vm.setup().space().row("hidden").textProperty().get()).contains("16").contains("64");
        assertThat(vm.setup().space().row("dropout").onProperty().get()).isFalse();
    }
}
