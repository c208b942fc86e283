package io.modelbench.desktop.view;

import io.modelbench.engine.data.Samples;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Data page's series in the real window (issue 15): the CO2 sample read by its time column shows its line chart
 * with the training, validation and test spans shaded, the series settings typed on the page reach the run, the
 * Evaluate page shows the period that was set, and Try it forecasts from the last 12 values typed or filled in.
 */
class SeriesDataWindowTest extends AppWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCo2SeriesIsDrawnWithItsSplitShadedAndItsSettingsReachTheRun(FxRobot robot) throws Exception {
        awaitBackend();
        ComboBox<Samples.Sample> samples = robot.lookup("#sampleBox").queryAs(ComboBox.class);
        robot.interact(() -> samples.setValue(Samples.find("co2_weekly")));
        robot.clickOn("#openSampleButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#table").queryAs(TableView.class).getItems().size() == 2_284);
        // a plain table: no chart, no settings beyond the time column's row
        assertThat(robot.lookup("#seriesChartBox").query().isVisible()).isFalse();
        assertThat(robot.lookup("#seriesMoreRow").query().isVisible()).isFalse();

        ComboBox<String> time = robot.lookup("#timeBox").queryAs(ComboBox.class);
        robot.interact(() -> time.setValue("date"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#seriesChartBox").query().isVisible());
        ChartViewer viewer = robot.lookup("#seriesChart").queryAs(ChartViewer.class);
        XYPlot plot = viewer.getChart().getXYPlot();
        // the chart and the span line are filled on the JavaFX thread: read them once it is done, not while it fills them
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(1);
        assertThat(plot.getDataset().getItemCount(0)).isBetween(1_000, 2_284);
        Collection<Marker> spans = plot.getDomainMarkers(Layer.BACKGROUND);
        assertThat(spans).hasSize(3).allMatch(m -> m instanceof IntervalMarker);
        assertThat(spans).extracting(Marker::getLabel).containsExactly("training", "validation", "test");
        List<IntervalMarker> in = spans.stream().map(m -> (IntervalMarker) m).toList();
        assertThat(in.get(0).getEndValue()).isEqualTo(in.get(1).getStartValue());
        assertThat(in.get(1).getEndValue()).isEqualTo(in.get(2).getStartValue());
        assertThat(robot.lookup("#seriesSpansLabel").queryAs(Label.class).getText()).contains("test: 454 from ");
        assertThat(robot.lookup("#seriesMoreRow").query().isVisible()).isTrue();

        // the other settings, typed and chosen as a user does, then Apply
        TextField stride = robot.lookup("#strideField").queryAs(TextField.class);
        robot.doubleClickOn(stride).eraseText(stride.getText().length()).write("2");
        robot.clickOn("#periodField").write("52");
        ComboBox<String> missing = robot.lookup("#missingStepsBox").queryAs(ComboBox.class);
        robot.interact(() -> missing.setValue("drop"));
        robot.clickOn("#seriesButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#seriesLabel").queryAs(Label.class).getText().contains("stride 2"));
        WaitForAsyncUtils.waitForFxEvents();   // the span line is set just after the status line, on the JavaFX thread
        assertThat(robot.lookup("#seriesSpansLabel").queryAs(Label.class).getText()).contains("test: ")
                .containsPattern("windows left out: they touch a missing step");

        robot.clickOn("#navTrain");
        TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
        robot.doubleClickOn(epochs).eraseText(epochs.getText().length()).write("1");
        robot.clickOn("#startButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#showEvaluationButton").queryButton().isVisible());
        robot.clickOn("#showEvaluationButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#forecastBaselines").tryQuery().isPresent()
                && robot.lookup("#forecastBaselines").queryAs(Label.class).getText().contains("seasonal naive"));
        assertThat(robot.lookup("#forecastBaselines").queryAs(Label.class).getText()).contains("period 52, set");

        // Try it: the last 12 values in, the forecast out; a wrong count is said in one line
        robot.clickOn("#navTry");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#forecastLabel").tryQuery().isPresent()
                && robot.lookup("#forecastLabel").queryAs(Label.class).getText().startsWith("co2 1 step (7 days each) after the last value given: "));
        assertThat(robot.lookup("#windowNeededLabel").queryAs(Label.class).getText()).contains("the last 12 values of co2");
        assertThat(robot.lookup("#formBox").query().isVisible()).isFalse();
        TextArea area = robot.lookup("#windowArea").queryAs(TextArea.class);
        robot.clickOn(area).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("371.2 371.9 372");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#windowErrorLabel").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#windowErrorLabel").queryAs(Label.class).getText()).contains("3 values").contains("reads 12");
        assertThat(robot.lookup("#forecastLabel").queryAs(Label.class).getText()).isEmpty();
        robot.clickOn("#fillWindowButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#forecastLabel").queryAs(Label.class).getText()
                .matches("co2 1 step \\(7 days each\\) after the last value given: 3\\d\\d(\\.\\d+)?"));
        assertThat(robot.lookup("#windowErrorLabel").queryAs(Label.class).isVisible()).isFalse();
    }
}
