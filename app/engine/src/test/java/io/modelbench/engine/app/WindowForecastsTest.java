package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.model.Forecaster;
import io.modelbench.engine.model.TrainedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A window of raw past values typed or sent by a client gives the forecast {@code predict} gives for the same step of
 * the file (to float rounding: predict runs its windows as one batch), with and without covariates; a wrong count or a non-number is refused in one line saying how many
 * values the model needs.
 */
class WindowForecastsTest {

    private static TrainedModel train(SeriesDataset d) {
        TrainingRequest r = new TrainingRequest(d.targetColumn(), null, List.of(), SplitSettings.defaults(42),
                TrainingSettings.defaults().withEpochs(1).withModel(io.modelbench.engine.api.ModelSpec.lstm(1)));
        return new RunService().train(d, r, RunOutput.inMemory(), RunSettings.defaults(), RunListener.NONE, new StopSignal())
                .outcome().model();
    }

    @Test
    void theLastSixSunspotYearsTypedInGiveTheForecastPredictMakesAfterTheData() {
        Table table = Samples.open(Samples.find("sunspots"));
        SeriesDataset d = SeriesDataset.of(TableDataset.of(table), "SUNACTIVITY", SeriesSettings.of("YEAR", 6, 1));
        TrainedModel model = train(d);

        WindowForecasts.Shape shape = WindowForecasts.shape(model);
        assertThat(shape.window()).isEqualTo(6);
        assertThat(shape.horizon()).isEqualTo(1);
        assertThat(shape.channels()).containsExactly("SUNACTIVITY");
        assertThat(shape.describe()).isEqualTo("the last 6 values of SUNACTIVITY, oldest first");

        // the file's last six years, 2003-2008, as a user pastes them from a spreadsheet column
        double[][] steps = WindowForecasts.parse(model, "63.7\n40.4\n29.8\n15.2\n7.5\n2.9\n");
        WindowForecasts.Forecast f = WindowForecasts.forecast(model, steps);
        double[] fromFile = Forecaster.forecast(model, table, true).predicted();
        // the forecast for 2009; predict ran all 304 windows as one batch, whose sums BLAS orders otherwise than one row's
        assertThat(f.value()).isCloseTo(fromFile[fromFile.length - 1], org.assertj.core.data.Offset.offset(1e-4));
        assertThat(f.horizon()).isEqualTo(1);
        assertThat(f.target()).isEqualTo("SUNACTIVITY");
        assertThat(WindowForecasts.parse(model, "63.7, 40.4; 29.8 15.2,7.5 2.9")).isDeepEqualTo(steps);
        // several windows at once (the server's batches): the same values in order
        double[] two = WindowForecasts.forecast(model, List.of(steps, WindowForecasts.parse(model, "40.4 29.8 15.2 7.5 2.9 5")));
        assertThat(two[0]).isCloseTo(f.value(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(two[1]).isNotEqualTo(f.value());

        assertThatThrownBy(() -> WindowForecasts.parse(model, "1 2 3 4 5")).isInstanceOf(InputException.class)
                .hasMessageContaining("the window has 5 values, the model reads 6")
                .hasMessageContaining("the last 6 values of SUNACTIVITY, oldest first");
        assertThatThrownBy(() -> WindowForecasts.parse(model, "1 2 x 4 5 6")).isInstanceOf(InputException.class)
                .hasMessageContaining("value 3 ('x') is not a number").hasMessageContaining("6 numbers");
        assertThatThrownBy(() -> WindowForecasts.forecast(model, new double[][] {{1}, {2}, {Double.NaN}, {4}, {5}, {6}}))
                .isInstanceOf(InputException.class).hasMessageContaining("SUNACTIVITY at step 3 of the window is NaN")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> WindowForecasts.forecast(model, List.of(steps, new double[2][1])))
                .hasMessageContaining("window 2: the window has 2 values, the model reads 6");
    }

    @Test
    void aModelWithACovariateReadsOneLinePerStepInTheCardsOrder() {
        List<String[]> rows = new ArrayList<>();
        for (int t = 0; t < 120; t++) {
            double temp = 10 + 8 * Math.sin(2 * Math.PI * t / 12);
            rows.add(new String[] {String.format("%d-%02d", 2000 + t / 12, t % 12 + 1), Double.toString(100 + 0.5 * t + 2 * temp),
                Double.toString(temp)});
        }
        long[] lines = new long[rows.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i + 2;
        }
        Table table = new Table("sales.csv", List.of("month", "sales", "temperature"), rows, lines, null);
        SeriesDataset d = SeriesDataset.of(TableDataset.of(table), "sales",
                SeriesSettings.of("month", 4, 2).withCovariates(List.of("temperature")));
        TrainedModel model = train(d);
        WindowForecasts.Shape shape = WindowForecasts.shape(model);
        assertThat(shape.channels()).containsExactly("sales", "temperature");
        assertThat(shape.values()).isEqualTo(8);

        StringBuilder text = new StringBuilder();
        for (int t = 116; t < 120; t++) {
            text.append(rows.get(t)[1]).append(", ").append(rows.get(t)[2]).append('\n');
        }
        WindowForecasts.Forecast f = WindowForecasts.forecast(model, WindowForecasts.parse(model, text.toString()));
        double[] fromFile = Forecaster.forecast(model, table, true).predicted();
        assertThat(f.value()).isCloseTo(fromFile[fromFile.length - 1], org.assertj.core.data.Offset.offset(1e-4));   // two months on
        assertThat(f.horizon()).isEqualTo(2);

        assertThatThrownBy(() -> WindowForecasts.parse(model, "1 2\n3 4\n5\n7 8")).isInstanceOf(InputException.class)
                .hasMessageContaining("step 3 of the window has 1 values, the model reads 2 per step (sales, temperature)")
                .hasMessageContaining("each with 2 values in this order: sales, temperature");
    }

    @Test
    void aTableModelIsRefusedSayingWhatItReads() {
        TableDataset iris = Datasets.table(io.modelbench.engine.TestTables.iris());
        TrainedModel model = new RunService().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(1)),
                RunOutput.inMemory(), RunSettings.defaults(), RunListener.NONE, new StopSignal()).outcome().model();
        assertThatThrownBy(() -> WindowForecasts.shape(model)).isInstanceOf(InputException.class)
                .hasMessageContaining("not trained on a time series").hasMessageContaining("sepal_length_cm");
    }
}
