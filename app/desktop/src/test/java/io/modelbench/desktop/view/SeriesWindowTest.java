package io.modelbench.desktop.view;

import io.modelbench.engine.data.Samples;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A time series in the real window (issue 15): the sunspots sample opens as a table, its time column is offered on
 * the Data page and chosen there, a tiny LSTM trains from the Train page, and the Evaluate page shows the test
 * figures beside the naive forecasts with the forecast chart.
 */
class SeriesWindowTest extends AppWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }



    @Test
    @SuppressWarnings("unchecked")
    void theSunspotsSeriesIsChosenTrainedAndEvaluatedAgainstTheNaiveForecasts(FxRobot robot) throws Exception {
        awaitBackend();
        ComboBox<Samples.Sample> samples = robot.lookup("#sampleBox").queryAs(ComboBox.class);
        robot.interact(() -> samples.setValue(Samples.find("sunspots")));
        robot.clickOn("#openSampleButton");
        ComboBox<String> time = robot.lookup("#timeBox").queryAs(ComboBox.class);
        // the table's rows and the time columns on offer are set in the same JavaFX runnable, one after the other: wait
        // for both (waiting for the rows alone read the offer before it was made, once in a CI run)
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#table").queryAs(TableView.class).getItems().size() == 309 && time.getItems().contains("YEAR"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(time.getItems()).contains("YEAR");
        assertThat(robot.lookup("#seriesLabel").queryAs(Label.class).getText()).contains("'YEAR' holds times");
        robot.interact(() -> time.setValue("YEAR"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#seriesLabel").queryAs(Label.class).getText().contains("309 steps"));

        robot.clickOn("#navTrain");
        TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
        robot.doubleClickOn(epochs).eraseText(epochs.getText().length()).write("2");
        robot.clickOn("#startButton");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#showEvaluationButton").queryButton().isVisible());
        robot.clickOn("#showEvaluationButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#forecastFigures").tryQuery().isPresent()
                && robot.lookup("#forecastFigures").queryAs(Label.class).getText().contains("RMSE"));
        assertThat(robot.lookup("#forecastFigures").queryAs(Label.class).getText()).contains("MAPE");
        assertThat(robot.lookup("#forecastBaselines").queryAs(Label.class).getText()).contains("last value").contains("seasonal naive");
        assertThat(robot.lookup("#forecastVerdict").queryAs(Label.class).getText()).contains("naive forecast");
        ChartViewer chart = robot.lookup("#forecastChart").queryAs(ChartViewer.class);
        assertThat(chart.isVisible()).isTrue();
        assertThat(chart.getChart().getXYPlot().getDataset().getItemCount(0)).isPositive();
    }
}
