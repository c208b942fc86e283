package io.modelbench.desktop.viewmodel;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the Experiments page's trials table: the trial's number and settings, its validation figure (accuracy or
 * RMSE, {@code metricName}; NaN before its first epoch), the epochs it trained of its total, its status ({@code waiting},
 * {@code running}, {@code finished}, {@code stopped_early}, {@code pruned}, {@code failed}), its time in seconds, why it
 * stopped or failed, whether it left a model, and whether it is the sweep's best.
 */
public record TrialRow(int number, Map<String, Object> params, String settings, String metricName, double metric, int epochs,
                       int totalEpochs, String status, double seconds, String message, boolean hasModel, boolean best) {

    public static final String WAITING = "waiting";
    public static final String RUNNING = "running";

    public TrialRow {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        message = message == null ? "" : message;
    }

    /** The status as the table shows it. */
    public String statusText() {
        String s = status.replace('_', ' ');
        return best ? s + ", best" : s;
    }

    /** The figure as the table shows it ("" before the first epoch; the column's header names it). */
    public String metricText() {
        return Double.isNaN(metric) ? "" : String.format(Locale.ROOT, "%.4f", metric);
    }

    /** "3 / 20", or "3" when the total is not known yet. */
    public String epochsText() {
        return totalEpochs > 0 ? epochs + " / " + totalEpochs : epochs == 0 ? "" : Integer.toString(epochs);
    }

    public String timeText() {
        return seconds <= 0 ? "" : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** Whether the row is {@code finished}, {@code stopped_early}, {@code pruned} or {@code failed}. */
    public boolean ended() {
        return !WAITING.equals(status) && !RUNNING.equals(status);
    }

    TrialRow with(String newStatus, double newMetric, String newMetricName, int newEpochs, int newTotal, double newSeconds) {
        return new TrialRow(number, params, settings, newMetricName, newMetric, newEpochs, newTotal, newStatus, newSeconds, message,
                hasModel, best);
    }

    TrialRow withBest(boolean b) {
        return b == best ? this : new TrialRow(number, params, settings, metricName, metric, epochs, totalEpochs, status, seconds,
                message, hasModel, b);
    }

    /** The settings in one short line: "lr 0.0031 · batch 32 · dense 64-32 · dropout 0.12". */
    static String describe(Map<String, Object> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append(" · ");
            }
            b.append(shortName(k)).append(' ').append(value(v));
        });
        return b.toString();
    }

    /** A setting's short name for the table and the chart's axes. */
    static String shortName(String setting) {
        return switch (setting) {
            case "learning_rate" -> "lr";
            case "batch_size" -> "batch";
            case "weight_decay" -> "decay";
            case "lr_schedule" -> "schedule";
            case "hidden" -> "dense";
            default -> setting;
        };
    }

    /** A value in short: numbers to four digits, layer sizes as 64-32. */
    static String value(Object v) {
        if (v instanceof List<?> l) {
            return String.join("-", l.stream().map(String::valueOf).toList());
        }
        return v instanceof Number n ? SpaceForm.number(n.doubleValue()) : String.valueOf(v);
    }
}
