package io.modelbench.desktop.view;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sequence classification in the real window (issue 15, headless under Monocle): a long table opened on the Data page
 * (one row per step of 60 motions, 8 steps of x and y each, a label per motion) is read as sequences by the id column
 * the page suggests, the Model page offers the LSTM and 1-D CNN templates, a few epochs train the LSTM, the Evaluate
 * page shows the classification figures, Try it classifies a sequence's steps filled from the data or typed, and the
 * Export page saves the model zip and shows ONNX's one-line refusal of the LSTM.
 */
class SequenceWindowTest extends AppWindowTest {

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    protected FileDialogs dialogs() {
        return new FileDialogs() {
            @Override
            public Optional<Path> chooseTable(Window owner) {
                try {
                    return Optional.of(Path.of(SequenceWindowTest.class.getResource("/sequences/motions.csv").toURI()));
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public Optional<Path> chooseModelTarget(Window owner, String suggestedName) {
                return Optional.of(dir.resolve("motions.zip"));
            }

            @Override
            public Optional<Path> chooseOnnxTarget(Window owner, String suggestedName) {
                return Optional.of(dir.resolve("motions.onnx"));
            }
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLongTableBecomesAnLstmSequenceClassifierThatIsEvaluatedTriedAndExported(FxRobot robot) throws Exception {
        awaitBackend();
        robot.clickOn("#openButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#table").queryAs(TableView.class).getItems().size() == 480);
        Label sentence = robot.lookup("#sequenceLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> sentence.getText().contains("Column 'motion' repeats"));
        // the sequence id is reached from the keyboard (Alt+Q names the box) and explained in a tooltip
        ComboBox<String> id = robot.lookup("#sequenceIdBox").queryAs(ComboBox.class);
        assertThat(robot.lookup("#sequenceIdLabel").queryAs(Label.class).getLabelFor()).isSameAs(id);
        assertThat(id.isFocusTraversable()).isTrue();
        assertThat(id.getTooltip().getText()).contains("sequence");
        assertThat(robot.lookup("#sequenceTimeBox").query().isDisabled()).isTrue();

        robot.interact(() -> id.setValue("motion"));
        ComboBox<String> time = robot.lookup("#sequenceTimeBox").queryAs(ComboBox.class);
        robot.interact(() -> time.setValue("step"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> sentence.getText().contains("60 sequences of 8 steps × 2 channels (x, y)")
                && sentence.getText().contains("ordered by 'step'"));
        assertThat(sentence.getStyleClass()).contains("muted");

        robot.clickOn("#navModel");
        Button lstm = robot.lookup("#lstmButton").queryButton();
        assertThat(lstm.isVisible()).isTrue();
        // the selected layer's settings follow the template that replaced the MLP (the sheet kept the dense layer's before)
        org.controlsfx.control.PropertySheet sheet = robot.lookup("#sheet").queryAs(org.controlsfx.control.PropertySheet.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> sheet.getItems().stream()
                .anyMatch(i -> i.getName().equals("Activation") && "tanh".equals(i.getValue())));
        assertThat(sheet.getItems()).extracting(org.controlsfx.control.PropertySheet.Item::getName).contains("Units", "Dropout");
        robot.clickOn("#cnn1dButton");
        Label title = robot.lookup("#titleLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> title.getText().equals("Model: cnn1d"));
        robot.clickOn(lstm);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> title.getText().equals("Model: lstm"));
        assertThat(robot.lookup("#parametersLabel").queryAs(Label.class).getText()).contains("sequences of 8 steps × 2 values").contains("→ 3 outputs");

        robot.clickOn("#navTrain");
        TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
        robot.doubleClickOn(epochs).eraseText(epochs.getText().length()).write("3");
        robot.clickOn("#startButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#showEvaluationButton").queryButton().isVisible());
        robot.clickOn("#showEvaluationButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#headlineLabel").tryQueryAs(Label.class).map(l -> l.getText().startsWith("Test accuracy")).orElse(false));
        assertThat(robot.lookup("#perClassTable").queryAs(TableView.class).getItems()).hasSize(3);

        // Try it: the steps of the first motion are filled in and classified; another motion is picked from the data
        robot.clickOn("#navTry");
        TextArea steps = robot.lookup("#stepsArea").queryAs(TextArea.class);
        Label prediction = robot.lookup("#predictionLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> steps.getText().split("\n").length == 8
                && prediction.getText().matches("(up|down|flat) \\(\\d+\\.\\d %\\)"));
        assertThat(robot.lookup("#formScroll").query().isVisible()).isFalse();
        assertThat(robot.lookup("#stepsNeededLabel").queryAs(Label.class).getText()).contains("the 8 steps of one sequence");
        ComboBox<String> pick = robot.lookup("#stepsIdBox").queryAs(ComboBox.class);
        String first = steps.getText();
        robot.interact(() -> pick.setValue("m05"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !steps.getText().equals(first) && steps.getText().split("\n").length == 8);
        robot.clickOn(steps).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("1, 2\n3, x");
        Label stepsError = robot.lookup("#stepsErrorLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, stepsError::isVisible);
        assertThat(stepsError.getText()).contains("step 2, y").doesNotContain("\n");
        robot.interact(() -> pick.setValue("m06"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stepsError.isVisible() && steps.getText().split("\n").length == 8);

        // Export: the zip is written; ONNX refuses the LSTM in one line
        robot.clickOn("#navExport");
        robot.clickOn("#exportButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.isRegularFile(dir.resolve("motions.zip"))
                && !robot.lookup("#busyIndicator").query().isVisible());
        robot.clickOn("#onnxButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#errorLabel").match(n -> n.isVisible()
                && !((Label) n).getText().isEmpty()).tryQuery().isPresent());
        String refused = robot.lookup("#errorLabel").match(n -> n.isVisible() && !((Label) n).getText().isEmpty()).queryAs(Label.class).getText();
        assertThat(refused).contains("cannot be exported to ONNX").doesNotContain("\n").doesNotContain("Exception");
        assertThat(dir.resolve("motions.onnx")).doesNotExist();
    }
}
