package io.modelbench.engine.sweep;

import io.modelbench.engine.api.TrialResult;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How trials are ranked, on the validation split only: accuracy (higher is better) or RMSE (lower is better), ties
 * broken by the validation loss (lower is better; on a small validation split many trials share an accuracy). NaN
 * ranks last.
 */
public final class Scores {

    private Scores() {
    }

    /** Whether ({@code metric}, {@code loss}) beats ({@code otherMetric}, {@code otherLoss}) for the metric named. */
    public static boolean better(String metricName, double metric, double loss, double otherMetric, double otherLoss) {
        return compare(metricName, metric, loss, otherMetric, otherLoss) < 0;
    }

    /** Negative when the first scores better. */
    static int compare(String metricName, double metric, double loss, double otherMetric, double otherLoss) {
        boolean higher = !"rmse".equals(metricName);
        int c = compareNaNLast(higher ? -metric : metric, higher ? -otherMetric : otherMetric);
        return c != 0 ? c : compareNaNLast(loss, otherLoss);
    }

    private static int compareNaNLast(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) == Double.isNaN(b) ? 0 : Double.isNaN(a) ? 1 : -1;
        }
        return Double.compare(a, b);
    }

    /** Trials that left a model, best first (by their {@link TrialResult#validation()} figures), ties by trial number. */
    public static List<TrialResult> ranked(List<TrialResult> trials) {
        return trials.stream().filter(TrialResult::hasModel).sorted(ORDER).toList();
    }

    private static final Comparator<TrialResult> ORDER = (a, b) -> {
        String metric = a.validation().containsKey("accuracy") ? "accuracy" : "rmse";
        int c = compare(metric, value(a.validation(), metric), value(a.validation(), "loss"),
                value(b.validation(), metric), value(b.validation(), "loss"));
        return c != 0 ? c : Integer.compare(a.number(), b.number());
    };

    static double value(Map<String, Object> figures, String key) {
        Object v = figures.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
