package io.modelbench.engine.model;

import io.modelbench.engine.api.ForecastReport;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.SeriesWindows;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.eval.Forecasts;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A saved forecasting model on new data: the table is read as series with the settings on the model's card (time
 * column, id column, window, horizon, missing steps), cut into windows as in training, and every window whose inputs
 * are known is predicted, including those whose step lies after the data's end (a forecast). Evaluation scores the
 * windows whose step is known, beside the naive forecasts of the same steps.
 */
public final class Forecaster {

    /** The series read, its windows, and the model's forecast per window in the target's units. */
    public record Forecast(SeriesDataset data, SeriesWindows windows, double[] predicted) {

        /** One row per predicted step: the id (when the model has an id column), the time, the actual value when known. */
        public Table rows() {
            List<String> columns = new ArrayList<>();
            boolean ids = data.settings().idColumn() != null;
            if (ids) {
                columns.add(data.settings().idColumn());
            }
            columns.add(data.settings().timeColumn());
            columns.add(data.targetColumn());
            List<String[]> rows = new ArrayList<>();
            long[] lines = new long[windows.size()];
            for (int i = 0; i < windows.size(); i++) {
                float y = windows.y()[i];
                String actual = Float.isNaN(y) ? "" : trim(y + (double) windows.anchor()[i]);
                String time = windows.time()[i];
                String id = data.series().get(windows.series()[i]).id();
                rows.add(ids ? new String[] {id, time, actual} : new String[] {time, actual});
                lines[i] = windows.line()[i] < 0 ? i + 2L : windows.line()[i];
            }
            return new Table(data.source(), columns, rows, lines, null);
        }

        /** The forecasts as regression predictions, one per window. */
        public Predictions predictions() {
            String[] text = new String[predicted.length];
            for (int i = 0; i < text.length; i++) {
                text[i] = Double.toString(predicted[i]);
            }
            return new Predictions(TaskType.REGRESSION, List.of(), text, null, predicted.clone());
        }
    }

    private Forecaster() {
    }

    /** The model's forecasts for the table; {@code future}: also the steps after the data's end. */
    public static Forecast forecast(TrainedModel model, Table table, boolean future) {
        ModelCard.SeriesInput s = model.card().series();
        if (s == null) {
            throw InputException.general("this model was not trained on a time series", "use predict on a table");
        }
        SeriesDataset d = SeriesDataset.of(TableDataset.of(table), model.card().targetColumn(), s.settings());
        SeriesWindows w = SeriesWindows.of(d, future);
        return new Forecast(d, w, model.forecast(w));
    }

    /**
     * The model on every window of the table whose step is known, beside the naive forecasts (the card's season length)
     * of the same steps; {@code points} are those steps in time order (split "test").
     */
    public static ForecastReport evaluate(TrainedModel model, Table table) {
        Forecast f = forecast(model, table, false);
        SeriesWindows w = f.windows();
        int[] all = IntStream.range(0, w.size()).boxed()
                .sorted((a, b) -> Long.compare(w.target()[a], w.target()[b])).mapToInt(Integer::intValue).toArray();
        ModelCard.SeriesInput s = model.card().series();
        return Forecasts.report(f.data(), w, f.predicted(), new int[0], all, s.period(), s.periodSource());
    }

    private static String trim(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(7)).stripTrailingZeros().toPlainString();
    }
}
