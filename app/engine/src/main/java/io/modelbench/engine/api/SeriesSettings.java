package io.modelbench.engine.api;

import java.util.List;
import java.util.Locale;

/**
 * How a table with a time column becomes a forecasting problem: the time column (its date format is detected), an
 * optional id column (many series in one file, one model over all), how many past steps the model reads
 * ({@code window}), how far ahead it predicts ({@code horizon}, 1 = the next step), the step between consecutive
 * windows ({@code stride}), extra input columns read beside the target over the window (known covariates), what
 * happens to missing steps (a value left empty or a time step absent: {@code interpolate} fills them linearly,
 * {@code drop} leaves out every window that touches one), and the season length for the seasonal-naive forecast
 * ({@code period}, 0: detected from the training span by autocorrelation). Serializable: the Spark sweep ships it to
 * its tasks, which read the series from the shipped file with it (a record is read back through its constructor, so
 * the checks below run there too).
 */
public record SeriesSettings(String timeColumn, String idColumn, int window, int horizon, int stride,
                             List<String> covariates, String missing, int period) implements java.io.Serializable {

    /** The past steps a window holds when none is chosen ({@code --window} left out): a year of months. */
    public static final int DEFAULT_WINDOW = 12;

    /** The most past steps a window may hold: an LSTM unrolled over more is slow to train on a CPU. */
    public static final int MAX_WINDOW = 1_000;

    public SeriesSettings {
        if (timeColumn == null || timeColumn.isBlank()) {
            throw InputException.setting("time column", timeColumn, "choose the column that holds each row's time");
        }
        idColumn = idColumn == null || idColumn.isBlank() ? null : idColumn;
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        missing = missing == null || missing.isBlank() ? "interpolate" : missing.trim().toLowerCase(Locale.ROOT);
        if (!missing.equals("interpolate") && !missing.equals("drop")) {
            throw InputException.setting("missing steps", missing, "use interpolate or drop");
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw InputException.setting("window", window, "give the number of past steps the model reads, 1 to " + MAX_WINDOW);
        }
        if (horizon < 1 || horizon > 10_000) {
            throw InputException.setting("horizon", horizon, "give how many steps ahead to predict, 1 or more (1: the next step)");
        }
        if (stride < 1 || stride > 10_000) {
            throw InputException.setting("stride", stride, "give the step between consecutive windows, 1 or more (1: every step)");
        }
        if (period < 0) {
            throw InputException.setting("period", period, "give the season length in steps, or 0 to detect it");
        }
    }

    /** One series, every step a window, interpolated, the period detected. */
    public static SeriesSettings of(String timeColumn, int window, int horizon) {
        return new SeriesSettings(timeColumn, null, window, horizon, 1, List.of(), "interpolate", 0);
    }

    public SeriesSettings withId(String id) {
        return new SeriesSettings(timeColumn, id, window, horizon, stride, covariates, missing, period);
    }

    public SeriesSettings withCovariates(List<String> c) {
        return new SeriesSettings(timeColumn, idColumn, window, horizon, stride, c, missing, period);
    }

    public SeriesSettings withMissing(String m) {
        return new SeriesSettings(timeColumn, idColumn, window, horizon, stride, covariates, m, period);
    }

    public SeriesSettings withStride(int s) {
        return new SeriesSettings(timeColumn, idColumn, window, horizon, s, covariates, missing, period);
    }

    public SeriesSettings withPeriod(int p) {
        return new SeriesSettings(timeColumn, idColumn, window, horizon, stride, covariates, missing, p);
    }

    public SeriesSettings withWindow(int w) {
        return new SeriesSettings(timeColumn, idColumn, w, horizon, stride, covariates, missing, period);
    }
}
