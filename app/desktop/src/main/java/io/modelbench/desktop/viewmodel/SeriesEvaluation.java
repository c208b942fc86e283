package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ForecastReport;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Locale;

/**
 * The Evaluate page's forecasting part (issue 15), beside {@link EvaluateViewModel}: for a run on a time series, the
 * test span's figures (RMSE, MAE, R², MAPE) beside the naive forecasts of the same steps (the last value, and the
 * seasonal naive with its period), a plain sentence when the model does not beat the better of them, and the test
 * span's actual and predicted values in time order for the chart. Everything comes from the run's
 * {@code TrainingOutcome.forecast()} (engine.eval.Forecasts computed it on the worker); nothing is computed here.
 * Empty for a table or image run. UI thread only.
 */
public final class SeriesEvaluation {

    private final ReadOnlyBooleanWrapper forecasting = new ReadOnlyBooleanWrapper(this, "forecasting");
    private final ReadOnlyBooleanWrapper useful = new ReadOnlyBooleanWrapper(this, "useful");
    private final ReadOnlyStringWrapper figures = new ReadOnlyStringWrapper(this, "figures", "");
    private final ReadOnlyStringWrapper baselines = new ReadOnlyStringWrapper(this, "baselines", "");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ObservableList<ForecastReport.Point> testPoints = FXCollections.observableArrayList();

    public SeriesEvaluation(Workspace workspace) {
        workspace.outcomeProperty().addListener((o, was, now) -> show(now));
        show(workspace.getOutcome());
    }

    private void show(TrainingOutcome outcome) {
        ForecastReport f = outcome == null ? null : outcome.forecast();
        forecasting.set(f != null);
        if (f == null) {
            useful.set(false);
            figures.set("");
            baselines.set("");
            verdict.set("");
            testPoints.clear();
            return;
        }
        useful.set(f.useful());
        EvaluationResult.Regression m = f.model();
        figures.set(String.format(Locale.ROOT, "Test span: RMSE %.4g · MAE %.4g · R² %.3f · MAPE %s", m.rmse(), m.mae(), m.r2(),
                Double.isNaN(f.mape()) ? "not defined (an actual value is 0)" : String.format(Locale.ROOT, "%.1f %%", f.mape())));
        String seasonal = f.seasonalNaive() == null ? "seasonal naive: no season found"
                : String.format(Locale.ROOT, "seasonal naive (period %d, %s) RMSE %.4g · MAE %.4g", f.period(), f.periodSource(),
                f.seasonalNaive().rmse(), f.seasonalNaive().mae());
        baselines.set(String.format(Locale.ROOT, "Naive forecasts of the same steps: last value RMSE %.4g · MAE %.4g; %s",
                f.lastValue().rmse(), f.lastValue().mae(), seasonal));
        verdict.set(f.useful()
                ? String.format(Locale.ROOT, "The model beats the better naive forecast (%s): RMSE %.4g against %.4g.", f.naiveName(),
                m.rmse(), f.naiveRmse())
                : String.format(Locale.ROOT, "The model does not beat the %s forecast (RMSE %.4g against %.4g): predicting the %s "
                        + "does as well on the test span. Try a longer window, more epochs, or keep the naive forecast.",
                f.naiveName(), m.rmse(), f.naiveRmse(), f.naiveName().equals("last value") ? "last value" : "value one season ago"));
        List<ForecastReport.Point> test = f.points().stream().filter(p -> "test".equals(p.split())).toList();
        testPoints.setAll(test);
    }

    /** True when the shown run forecasts a time series. */
    public ReadOnlyBooleanProperty forecastingProperty() {
        return forecasting.getReadOnlyProperty();
    }

    /** True when the model's test RMSE is below the better naive forecast's. */
    public ReadOnlyBooleanProperty usefulProperty() {
        return useful.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty baselinesProperty() {
        return baselines.getReadOnlyProperty();
    }

    /** Whether the model beats the better naive forecast, in a sentence. */
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** The test span's steps in time order: time, actual, the model's forecast (and the naive ones). */
    public ObservableList<ForecastReport.Point> getTestPoints() {
        return testPoints;
    }
}
