package io.modelbench.engine.api;

import java.util.List;

/**
 * A forecasting model's test figures beside the naive forecasts on the same test steps, in the target's units: the
 * last value ({@code y[t+h] = y[t]}) and the seasonal naive ({@code y[t+h] = y[t+h-kP]}, the value one season of
 * {@code period} steps earlier; null when no season was found or set). The model is {@code useful} only when its RMSE
 * is below the better naive forecast's. {@code points} are the validation and test steps in time order, for charts.
 *
 * @param mape             mean absolute percentage error of the model, in percent; NaN when an actual value is 0
 * @param periodSource     "detected" (autocorrelation of the training span) or "set"
 */
public record ForecastReport(EvaluationResult.Regression model, double mape, EvaluationResult.Regression lastValue,
                             EvaluationResult.Regression seasonalNaive, int period, String periodSource, boolean useful,
                             List<Point> points) {

    /** One predicted step: its series id, time, actual value, the model's and the naive forecasts, and its split. */
    public record Point(String series, String time, double actual, double predicted, double lastValue, double seasonalNaive,
                        String split) {
    }

    public ForecastReport {
        points = points == null ? List.of() : List.copyOf(points);
    }

    /** The better naive forecast's RMSE (the bar the model must pass). */
    public double naiveRmse() {
        return seasonalNaive == null ? lastValue.rmse() : Math.min(lastValue.rmse(), seasonalNaive.rmse());
    }

    /** The better naive forecast's name. */
    public String naiveName() {
        return seasonalNaive != null && seasonalNaive.rmse() < lastValue.rmse() ? "seasonal naive (period " + period + ")" : "last value";
    }

    /** In words, for a page or a log: whether the model beats the naive forecasts, with the figures. */
    public String verdict() {
        return useful
                ? String.format(java.util.Locale.ROOT, "beats the naive forecasts: RMSE %.4g against %.4g (%s)", model.rmse(), naiveRmse(), naiveName())
                : String.format(java.util.Locale.ROOT, "does not beat the naive forecast: RMSE %.4g against %.4g (%s); "
                + "a model that predicts the %s does as well", model.rmse(), naiveRmse(), naiveName(),
                naiveName().equals("last value") ? "last value" : "value one season ago");
    }
}
