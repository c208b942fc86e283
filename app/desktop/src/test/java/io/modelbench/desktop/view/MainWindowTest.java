package io.modelbench.desktop.view;

import io.modelbench.desktop.app.ModelBenchApp;
import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.data.Samples;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the real window (headless under Monocle): open the Iris sample, train, read the test accuracy. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    private ModelBenchApp.Parts parts;
    /** What the "open a table" dialog answers (the Evaluate page's "Evaluate on another file…"). */
    private volatile java.nio.file.Path tableToChoose;

    @Start
    void start(Stage stage) {
        parts = ModelBenchApp.create(new FileDialogs() {
            @Override
            public java.util.Optional<java.nio.file.Path> chooseTable(javafx.stage.Window owner) {
                return java.util.Optional.ofNullable(tableToChoose);
            }
        });
        stage.setScene(parts.scene());
        stage.show();
        parts.loadBackend();
    }

    /** Every test here also checks that ModelBench's code read or wrote no file on the JavaFX thread. */
    private io.modelbench.desktop.FxThreadIo fxThreadIo;

    @org.junit.jupiter.api.BeforeEach
    void watchTheJavaFxThread(FxRobot robot) {
        java.util.concurrent.atomic.AtomicLong fx = new java.util.concurrent.atomic.AtomicLong();
        robot.interact(() -> fx.set(Thread.currentThread().getId()));
        fxThreadIo = io.modelbench.desktop.FxThreadIo.start(fx.get());
    }

    @AfterEach
    void tearDown() {
        parts.shutdown();
        assertThat(fxThreadIo.violations()).as("file I/O on the JavaFX thread").isEmpty();
    }

    @Test
    void pagesLoadWhenShownOrOneByOneAfterTheFirstWindow(FxRobot robot) throws Exception {
        // only the first page is built before the window shows
        assertThat(parts.window().main().loadedPages()).containsExactly(io.modelbench.desktop.viewmodel.Page.DATA);
        robot.clickOn("#navRuns");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#runsList").tryQuery()).isPresent();
        robot.interact(parts.window()::loadHiddenPages);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> parts.window().main().loadedPages().size() == io.modelbench.desktop.viewmodel.Page.values().length);
        robot.clickOn("#navEvaluate");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(treeVisible(robot.lookup("#headlineLabel").query())).isTrue();
        // only the shown page is in the scene; the others were styled and laid out once while loading (skins made)
        assertThat(robot.lookup("#runsList").tryQuery()).isEmpty();
        javafx.scene.Node tryPage = parts.window().main().pageNode(io.modelbench.desktop.viewmodel.Page.TRY);
        assertThat(tryPage.getScene()).isNull();
        assertThat(((javafx.scene.control.Control) tryPage.lookup("#predictionLabel")).getSkin()).isNotNull();
    }

    private static boolean treeVisible(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void loadSampleTrainAndSeeAccuracy(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> parts.viewModel().backendProperty().get().state() == BackendStatus.State.READY);

        ComboBox<Samples.Sample> samples = robot.lookup("#sampleBox").queryComboBox();
        assertThat(samples.getValue().id()).isEqualTo("iris");
        robot.clickOn("#openSampleButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#table").queryAs(TableView.class).getItems().size() == 150);

        robot.clickOn("#navModel");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#parametersLabel").queryAs(Label.class).getText().contains("trainable parameters"));
        // the layer editor: the first layer is selected and its settings are editable in the property sheet
        java.util.List<TextField> settings = new java.util.ArrayList<>(robot.lookup("#sheet .text-field").queryAllAs(TextField.class));
        assertThat(settings).isNotEmpty();
        TextField units = settings.get(0);
        assertThat(units.getText()).isEqualTo("32");
        robot.doubleClickOn(units).eraseText(2).write("24").type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#parametersLabel").queryAs(Label.class).getText()
                .startsWith(String.valueOf((4 * 24 + 24) + (24 * 16 + 16) + (16 * 3 + 3))));
        robot.interact(() -> parts.viewModel().model().undo());
        assertThat(parts.viewModel().model().getSpecLayers().get(0).units()).isEqualTo(32);

        robot.clickOn("#navTrain");
        TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
        // the epoch budget follows the table (engine.train.Defaults): 300 for iris's 150 rows, with early stopping
        assertThat(epochs.getText()).isEqualTo("300");
        Button start = robot.lookup("#startButton").queryAs(Button.class);
        assertThat(start.isDisabled()).isFalse();
        robot.clickOn(start);

        // the run ends on the Train page with a button to its evaluation
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#showEvaluationButton").queryButton().isVisible());
        assertThat(robot.lookup("#lossChart").tryQuery()).isPresent();
        robot.clickOn("#showEvaluationButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#headlineLabel").tryQueryAs(Label.class).map(l -> l.getText().startsWith("Test accuracy")).orElse(false));
        String headline = robot.lookup("#headlineLabel").queryAs(Label.class).getText();
        double accuracy = Double.parseDouble(headline.replaceAll("[^0-9.]", ""));
        assertThat(accuracy).isGreaterThanOrEqualTo(90.0);
        assertThat(robot.lookup("#headlineLabel").queryAs(Label.class).isVisible()).isTrue();
        // the page was just put into the scene: let a pulse give its scroll pane a skin before looking inside it
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#cell-0-0").tryQuery().isPresent());
        // the confusion matrix shows all 30 test rows
        int total = 0;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                total += Integer.parseInt(robot.lookup("#cell-" + r + "-" + c).queryAs(Label.class).getText());
            }
        }
        assertThat(total).isEqualTo(30);

        // the rows follow the figures a frame later
        TableView<EvaluatedRow> rows = robot.lookup("#predictionsTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows.getItems().size() == 30);
        // hovering a cell names it in the matrix's tooltip
        int count = Integer.parseInt(robot.lookup("#cell-1-1").queryAs(Label.class).getText());
        robot.moveTo("#cell-1-1");
        assertThat(robot.lookup("#confusionMatrix").queryAs(ConfusionMatrixPane.class).tooltipText())
                .startsWith("actual versicolor, predicted versicolor: " + count + " of ");
        // clicking a confusion-matrix cell lists exactly the rows behind it
        robot.clickOn("#cell-1-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(rows.getItems()).hasSize(count);
        assertThat(rows.getItems()).allMatch(r -> r.actual().equals("versicolor") && r.predicted().equals("versicolor"));
        robot.clickOn("#clearCellButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(rows.getItems()).hasSize(30);
        // selecting a row draws its class probabilities beside the table
        robot.interact(() -> rows.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(parts.viewModel().evaluate().getSelectedProbabilities()).hasSize(3);
        assertThat(robot.lookup("#rowProbabilityChart").tryQuery()).isPresent();
        assertThat(robot.lookup("#selectedLabel").queryAs(Label.class).getText()).contains("actual");
        // one point per epoch run: up to the budget of 300, fewer when early stopping ended the run
        var points = parts.viewModel().train().getPoints();
        assertThat(points).isNotEmpty().hasSizeLessThanOrEqualTo(300);
        assertThat(points.get(points.size() - 1).epoch()).isEqualTo(points.size());
        robot.clickOn("#navTrain"); // only the shown page is in the scene
        assertThat(robot.lookup("#lossChart").tryQuery()).isPresent();
        assertThat(robot.lookup("#headlineLabel").tryQuery()).isEmpty();
        robot.clickOn("#navEvaluate");
        WaitForAsyncUtils.waitForFxEvents();

        // another file in place of the test split, then back
        java.nio.file.Path other = java.nio.file.Files.createTempFile("iris-other", ".csv");
        try (var in = getClass().getResourceAsStream("/modelbench/samples/iris.csv")) {
            java.nio.file.Files.write(other, in.readAllBytes());
        }
        tableToChoose = other;
        robot.clickOn("#evaluateOtherButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#headlineLabel").queryAs(Label.class).getText().startsWith("Accuracy on " + other.getFileName()));
        assertThat(robot.lookup("#shownDataLabel").queryAs(Label.class).getText()).contains(other.getFileName().toString())
                .contains("150 rows").contains("not the test split");
        // the rows follow the figures a few frames later
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows.getItems().size() == 150);
        assertThat(robot.lookup("#testSplitButton").queryButton().isVisible()).isTrue();
        robot.clickOn("#testSplitButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#headlineLabel").queryAs(Label.class).getText()).startsWith("Test accuracy");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows.getItems().size() == 30);
        java.nio.file.Files.deleteIfExists(other);
    }

    @Test
    void pauseHoldsTheRunResumeGoesOnAndStopKeepsTheModel(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> parts.viewModel().backendProperty().get().state() == BackendStatus.State.READY);
        robot.clickOn("#openSampleButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#table").queryAs(TableView.class).getItems().size() == 150);
        robot.clickOn("#navTrain");
        TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
        robot.doubleClickOn(epochs).eraseText(epochs.getText().length()).write("100000");
        // no early stopping: Iris's 7 batches an epoch train in well under a millisecond with the dense trainer, and a
        // run that stopped early (patience 500 of 5,000 epochs) ended before the Pause click
        TextField patience = robot.lookup("#patienceField").queryAs(TextField.class);
        robot.doubleClickOn(patience).eraseText(patience.getText().length()).write("0");
        robot.clickOn("#startButton");
        var points = parts.viewModel().train().getPoints();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> points.size() >= 3);

        robot.clickOn("#pauseButton");
        robot.moveTo("#chartHolder");  // no tooltip left over the buttons
        assertThat(robot.lookup("#pauseButton").queryButton().getText()).isEqualTo("Resume");
        Thread.sleep(400);  // the epoch under way may still finish
        WaitForAsyncUtils.waitForFxEvents();
        int held = points.size();
        Thread.sleep(1000);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(points.size()).as("no epoch completes while paused").isEqualTo(held);

        robot.clickOn("#pauseButton");
        robot.moveTo("#chartHolder");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> points.size() > held + 2);
        Button stop = robot.lookup("#stopButton").queryButton();
        assertThat(stop.isDisabled()).isFalse();
        robot.clickOn(stop);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(parts.viewModel().train().statusProperty().get()).as("the Stop click took effect: %s",
                        parts.viewModel().train().statusProperty().get())
                .matches(t -> t.startsWith("Stopping") || t.startsWith("Stopped"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#showEvaluationButton").queryButton().isVisible());
        robot.clickOn("#showEvaluationButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#headlineLabel").tryQueryAs(Label.class).map(l -> l.getText().startsWith("Test accuracy")).orElse(false));
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).epoch()).isEqualTo(points.get(i - 1).epoch() + 1);
        }
        assertThat(parts.viewModel().evaluate().detailsProperty().get()).contains("stopped early");

        // a second, short run, then both compared on the Runs page
        robot.clickOn("#navTrain");
        robot.doubleClickOn(epochs).eraseText(epochs.getText().length()).write("5");
        robot.clickOn("#startButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> parts.viewModel().runs().getRuns().size() == 2);
        robot.clickOn("#navRuns");
        javafx.scene.control.ListView<?> runs = robot.lookup("#runsList").queryListView();
        robot.interact(() -> runs.getSelectionModel().selectAll());
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> comparison = robot.lookup("#comparisonTable").queryTableView();
        assertThat(comparison.getColumns()).hasSize(3);
        assertThat(parts.viewModel().runs().getComparison().stream()
                .filter(r -> r.setting().equals("epochs")).findFirst().orElseThrow().differs()).isTrue();
    }
}
