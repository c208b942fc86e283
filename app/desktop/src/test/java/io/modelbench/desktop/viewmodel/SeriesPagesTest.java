package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ForecastReport;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A time series through the pages (issue 15): the Data page suggests the time column and reads the table as a series
 * only when it is chosen, the Model page switches to the LSTM, the Train page trains it through the run service, and
 * "none" makes the table a table again.
 */
class SeriesPagesTest {

    private final Executor direct = Runnable::run;

    @Test
    void theSunspotsSampleTrainsAnLstmOnceItsTimeColumnIsChosen() {
        Workspace ws = new Workspace();
        MainViewModel vm = new MainViewModel(ws, direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        vm.data().openSample(Samples.find("sunspots"));
        SeriesChoice series = vm.data().series();
        // suggested, not chosen: the table stays a table until the user picks the column
        assertThat(series.getTimeColumns()).containsExactly(SeriesChoice.NONE, "YEAR");
        assertThat(series.suggestionProperty().get()).contains("'YEAR'").contains("'SUNACTIVITY'");
        assertThat(ws.seriesProperty().get()).isNull();
        assertThat(vm.model().currentSpec().hasSequenceLayers()).isFalse();

        series.windowProperty().set("many");
        series.timeColumnProperty().set("YEAR");
        assertThat(series.errorProperty().get()).contains("window").contains("many");
        assertThat(ws.seriesProperty().get()).isNull();
        series.windowProperty().set("400");   // longer than the 309 years
        series.apply();
        assertThat(series.errorProperty().get()).isNotEmpty();
        assertThat(ws.seriesProperty().get()).isNull();

        series.windowProperty().set("12");
        series.apply();
        assertThat(series.errorProperty().get()).isEmpty();
        SeriesDataset d = ws.seriesProperty().get();
        assertThat(d).isNotNull();
        assertThat(d.targetColumn()).isEqualTo("SUNACTIVITY");
        assertThat(series.statusProperty().get()).contains("309 steps").contains("window 12");
        assertThat(vm.model().currentSpec().name()).isEqualTo("lstm");
        assertThat(vm.model().problemProperty().get()).isEmpty();
        assertThat(vm.model().parametersProperty().get()).contains("windows of 12 steps");
        // the series defaults, as train --time-column: batches of 32, Adam at 0.003, no weight decay
        assertThat(vm.train().batchSizeProperty().get()).isEqualTo("32");
        assertThat(vm.train().learningRateProperty().get()).isEqualTo("0.003");

        vm.train().epochsProperty().set("3");
        vm.train().threadsProperty().set("1");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        ForecastReport f = ws.getOutcome().forecast();
        assertThat(f).isNotNull();
        assertThat(f.model().rmse()).isPositive();
        assertThat(f.lastValue().rmse()).isPositive();
        assertThat(vm.runs().getRuns().get(0).request().training().spec().hasSequenceLayers()).isTrue();
        // Export's "Use this model": a program that forecasts from the series' last 12 years (2008's 2.9 the last)
        assertThat(vm.export().snippetProperty().get()).contains("public class Forecast").contains("the data's last 12 steps")
                .contains("{7.5}, {2.9}};");

        // the Evaluate page: the test figures beside the naive forecasts, the verdict in words, the test span in time order
        SeriesEvaluation e = vm.forecast();
        assertThat(e.forecastingProperty().get()).isTrue();
        assertThat(e.figuresProperty().get()).contains("RMSE").contains("MAE").contains("R²").contains("MAPE");
        assertThat(e.baselinesProperty().get()).contains("last value RMSE").contains("seasonal naive");
        assertThat(e.usefulProperty().get()).isEqualTo(f.useful());
        assertThat(e.verdictProperty().get()).contains(f.useful() ? "beats the better naive forecast" : "does not beat the");
        assertThat(e.getTestPoints()).isNotEmpty().allMatch(p -> p.split().equals("test"));
        assertThat(e.getTestPoints().get(0).time().compareTo(e.getTestPoints().get(e.getTestPoints().size() - 1).time())).isNegative();
        // a network that has barely moved from its start cannot beat them: the page says so in words
        vm.train().epochsProperty().set("1");
        vm.train().learningRateProperty().set("0.000001");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        assertThat(ws.getOutcome().forecast().useful()).isFalse();
        assertThat(e.usefulProperty().get()).isFalse();
        assertThat(e.verdictProperty().get()).contains("does not beat the").contains("does as well on the test span");

        // back to a table: dense layers again, and an LSTM alone is refused with the reason
        series.timeColumnProperty().set(SeriesChoice.NONE);
        assertThat(ws.seriesProperty().get()).isNull();
        assertThat(vm.model().currentSpec().hasSequenceLayers()).isFalse();
        ws.outcomeProperty().set(null);
        assertThat(e.forecastingProperty().get()).isFalse();
        assertThat(e.getTestPoints()).isEmpty();
        NativeEnvironment.setThreads(0);
    }
}
