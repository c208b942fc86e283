package io.modelbench.engine.eval;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ForecastReport;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.SeriesWindows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The honest yardsticks of a forecast, in plain Java: the last-value and seasonal-naive forecasts of the same steps,
 * the season length found by autocorrelation, and a {@link ForecastReport} that puts the model beside them. A
 * forecasting model that does not beat "the next value is the last one" has learned nothing worth deploying, however
 * good its R² looks on a trending series.
 */
public final class Forecasts {

    /** The shortest season looked for, and the share of the span the longest may take. */
    private static final int MIN_PERIOD = 2;
    /** The autocorrelation a season must reach to count. */
    private static final double MIN_AUTOCORRELATION = 0.1;

    private Forecasts() {
    }

    /**
     * The season length of the target over steps before {@code before} (global step index; the training span): the
     * lag with the highest autocorrelation that is a local peak and at least 0.1 (or a whole fraction of it that is a
     * peak within 80 % of it: a season's multiples peak too), between 2 and a third of the span. The trend is taken
     * out first by subtracting a centred moving average over a third of the span, which a season seen at least three
     * times passes through; differencing instead drowned the 52-week season of the CO2 series in week-to-week noise
     * (its highest peak was at lag 3). 0 when no lag qualifies. Every series counts, each over its own steps.
     */
    public static int detectPeriod(SeriesDataset d, long before) {
        List<double[]> residuals = new ArrayList<>();
        int longest = 0;
        for (SeriesDataset.Series s : d.series()) {
            int n = (int) Math.min(s.length(), Math.max(0, before - s.first()));
            longest = Math.max(longest, n);
            residuals.add(detrend(Arrays.copyOf(s.target(), n)));
        }
        int maxLag = longest / 3;
        if (maxLag < MIN_PERIOD + 1) {
            return 0;
        }
        double[] acf = new double[maxLag + 2];
        for (int lag = 1; lag <= maxLag + 1; lag++) {
            double num = 0;
            double den = 0;
            for (double[] v : residuals) {
                double mean = Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(0);
                for (int i = 0; i < v.length; i++) {
                    if (!Double.isNaN(v[i])) {
                        den += (v[i] - mean) * (v[i] - mean);
                        if (i + lag < v.length && !Double.isNaN(v[i + lag])) {
                            num += (v[i] - mean) * (v[i + lag] - mean);
                        }
                    }
                }
            }
            acf[lag] = den == 0 ? 0 : num / den;
        }
        int best = 0;
        for (int lag = MIN_PERIOD; lag <= maxLag; lag++) {
            if (peak(acf, lag) && acf[lag] >= MIN_AUTOCORRELATION && (best == 0 || acf[lag] > acf[best])) {
                best = lag;
            }
        }
        for (int k = 2; k <= best / MIN_PERIOD; k++) {
            int lag = Math.round(best / (float) k);
            if (lag >= MIN_PERIOD && Math.abs(lag * k - best) <= 1 && peak(acf, lag) && acf[lag] >= 0.8 * acf[best]) {
                return lag;
            }
        }
        return best;
    }

    /** Each value minus the mean of the known values within a sixth of the span either side (NaN stays NaN). */
    static double[] detrend(double[] v) {
        int n = v.length;
        int h = Math.max(2, n / 6);
        double[] sum = new double[n + 1];
        int[] count = new int[n + 1];
        for (int i = 0; i < n; i++) {
            boolean known = !Double.isNaN(v[i]);
            sum[i + 1] = sum[i] + (known ? v[i] : 0);
            count[i + 1] = count[i] + (known ? 1 : 0);
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - h);
            int b = Math.min(n, i + h + 1);
            int c = count[b] - count[a];
            r[i] = Double.isNaN(v[i]) || c == 0 ? Double.NaN : v[i] - (sum[b] - sum[a]) / c;
        }
        return r;
    }

    private static boolean peak(double[] acf, int lag) {
        return acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
    }

    /** The seasonal-naive forecast of window {@code i}: the target one or more whole seasons before the predicted step (NaN if before the series). */
    public static double seasonalNaive(SeriesDataset d, SeriesWindows w, int i, int period) {
        if (period <= 0) {
            return Double.NaN;
        }
        SeriesDataset.Series s = d.series().get(w.series()[i]);
        int h = d.settings().horizon();
        int k = (h + period - 1) / period;
        int step = w.end()[i] + h - k * period;
        return step < 0 ? Double.NaN : s.target()[step];
    }

    /** The mean absolute percentage error in percent; NaN when an actual value is 0 (it is not defined then). */
    public static double mape(double[] actual, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == 0) {
                return Double.NaN;
            }
            sum += Math.abs((predicted[i] - actual[i]) / actual[i]);
        }
        return actual.length == 0 ? Double.NaN : 100 * sum / actual.length;
    }

    /**
     * The model beside the naive forecasts on the {@code test} windows (in the target's units; {@code predicted} one
     * value per window), with the {@code validation} and {@code test} windows as chart points in time order. Windows
     * whose seasonal-naive value falls before the series' start are scored with the last value instead, for both.
     */
    public static ForecastReport report(SeriesDataset d, SeriesWindows w, double[] predicted, int[] validation, int[] test,
                                        int period, String periodSource) {
        int n = test.length;
        double[] actual = new double[n];
        double[] model = new double[n];
        double[] last = new double[n];
        double[] seasonal = new double[n];
        for (int j = 0; j < n; j++) {
            int i = test[j];
            actual[j] = w.y()[i] + (double) w.anchor()[i];
            model[j] = predicted[i];
            last[j] = w.anchor()[i];
            double sn = seasonalNaive(d, w, i, period);
            seasonal[j] = Double.isNaN(sn) ? last[j] : sn;
        }
        EvaluationResult.Regression m = Metrics.regression(actual, model);
        EvaluationResult.Regression lv = Metrics.regression(actual, last);
        EvaluationResult.Regression sn = period > 0 ? Metrics.regression(actual, seasonal) : null;
        double bar = sn == null ? lv.rmse() : Math.min(lv.rmse(), sn.rmse());
        List<ForecastReport.Point> points = new ArrayList<>();
        for (int[] part : new int[][] {validation, test}) {
            String split = part == test ? "test" : "validation";
            for (int i : part) {
                SeriesDataset.Series s = d.series().get(w.series()[i]);
                points.add(new ForecastReport.Point(s.id(), w.time()[i], w.y()[i] + (double) w.anchor()[i], predicted[i], w.anchor()[i],
                        seasonalNaive(d, w, i, period), split));
            }
        }
        return new ForecastReport(m, mape(actual, model), lv, sn, period, periodSource, m.rmse() < bar, points);
    }

    /** The naive forecasts' figures as the CLI prints them: {@code {"last_value": {...}, "seasonal_naive": {"period": P, ...}}}. */
    public static java.util.Map<String, Object> baselines(ForecastReport f) {
        java.util.Map<String, Object> b = new java.util.LinkedHashMap<>();
        b.put("last_value", Metrics.toMap(f.lastValue()));
        java.util.Map<String, Object> sn = new java.util.LinkedHashMap<>();
        sn.put("period", f.period() > 0 ? f.period() : null);
        sn.put("period_source", f.periodSource());
        if (f.seasonalNaive() != null) {
            sn.putAll(Metrics.toMap(f.seasonalNaive()));
        } else {
            sn.put("note", "no season found in the training span (set one with --period)");
        }
        b.put("seasonal_naive", sn);
        return b;
    }

    /** The model's figures with MAPE, the baselines and the verdict: the test metrics of a forecasting model's card. */
    public static java.util.Map<String, Object> testMetrics(ForecastReport f) {
        java.util.Map<String, Object> m = Metrics.toMap(f.model());
        m.put("mape", Double.isNaN(f.mape()) ? null : f.mape());
        m.put("baselines", baselines(f));
        m.put("beats_naive", f.useful());
        m.put("verdict", f.verdict());
        return m;
    }
}
