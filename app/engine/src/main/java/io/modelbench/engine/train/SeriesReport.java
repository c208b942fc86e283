package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.ForecastReport;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.SeriesWindows;
import io.modelbench.engine.eval.Forecasts;
import io.modelbench.engine.model.TrainedModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's last job for a time series: the model's forecasts of the test windows in the target's units, the
 * naive forecasts of the same steps beside them ({@link Forecasts}), one {@link EvaluatedRow} per test window (named by
 * the file line of the step it predicts), and the card's series section, which tells {@code predict} how to cut new
 * data into windows.
 */
final class SeriesReport {

    private SeriesReport() {
    }

    /** The season length for the seasonal-naive forecast: as set, or detected on the training span (0: none). */
    static int period(PreparedData p) {
        int set = p.series().data().settings().period();
        return set > 0 ? set : Forecasts.detectPeriod(p.series().data(), firstHeldOutStep(p));
    }

    /** The first step that a validation or test window predicts: the training span ends before it. */
    static long firstHeldOutStep(PreparedData p) {
        long first = Long.MAX_VALUE;
        SeriesWindows w = p.series().windows();
        for (int[] part : new int[][] {p.split().validation(), p.split().test()}) {
            for (int i : part) {
                first = Math.min(first, w.target()[i]);
            }
        }
        return first;
    }

    static ModelCard.SeriesInput input(PreparedData p) {
        SeriesDataset d = p.series().data();
        var s = d.settings();
        return new ModelCard.SeriesInput(s.timeColumn(), d.format().pattern(), d.step().describe(), s.idColumn(), s.window(),
                s.horizon(), s.stride(), s.covariates(), s.missing(), period(p), s.period() > 0 ? "set" : "detected", d.channels(),
                "change from the window's last value: inputs of the target channel are y[t-k] - y[t], the output y[t+h] - y[t]",
                "one row per window: channel by channel (target first), oldest step first (index = c*window + k); reshaped to "
                        + "[windows, channels, window] before the normalizer and the network");
    }

    /** The model's forecasts of the test windows beside the naive ones (a sweep's winner is evaluated with this). */
    static ForecastReport report(TrainedModel model, PreparedData p) {
        return report(model, p, model.forecast(p.series().windows()));
    }

    private static ForecastReport report(TrainedModel model, PreparedData p, double[] predicted) {
        SeriesDataset d = p.series().data();
        return Forecasts.report(d, p.series().windows(), predicted, p.split().validation(), p.split().test(), period(p),
                d.settings().period() > 0 ? "set" : "detected");
    }

    /**
     * The figures of the forecasts of the windows {@code rows} in the target's units (a sweep scores its trials on the
     * validation windows with this: RMSE, lower is better), one {@link EvaluatedRow} each into {@code out}, its loss the
     * squared error.
     */
    static io.modelbench.engine.api.EvaluationResult evaluate(TrainedModel model, PreparedData p, int[] rows, List<EvaluatedRow> out) {
        SeriesWindows w = p.series().windows();
        double[] predicted = model.forecast(w);
        double[] actual = new double[rows.length];
        double[] mine = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            actual[k] = w.y()[i] + (double) w.anchor()[i];
            mine[k] = predicted[i];
            double err = mine[k] - actual[k];
            out.add(new EvaluatedRow(i, w.line()[i], TestReport.format(actual[k]), TestReport.format(mine[k]), Double.NaN, err * err, null));
        }
        return io.modelbench.engine.eval.Metrics.regression(actual, mine);
    }

    static TrainingOutcome outcome(TrainedModel model, PreparedData p, int completed, boolean stopped, double samplesPerSecond) {
        SeriesWindows w = p.series().windows();
        double[] predicted = model.forecast(w);
        ForecastReport f = report(model, p, predicted);
        List<EvaluatedRow> rows = new ArrayList<>();
        for (int i : p.split().test()) {
            double actual = w.y()[i] + (double) w.anchor()[i];
            double err = predicted[i] - actual;
            rows.add(new EvaluatedRow(i, w.line()[i], TestReport.format(actual), TestReport.format(predicted[i]), Double.NaN, err * err, null));
        }
        TrainedModel kept = new TrainedModel(model.network(), model.normalizer(), model.card().withTestMetrics(Forecasts.testMetrics(f)));
        return new TrainingOutcome(kept, f.model(), rows, f.lastValue(), "the last value (each step predicted as the last one known)",
                completed, stopped, samplesPerSecond, null, null, f);
    }
}
