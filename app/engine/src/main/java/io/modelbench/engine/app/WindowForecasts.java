package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.model.TrainedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A forecasting model on a window of raw past values, as a user types or pastes them (the desktop's Try it page) or a
 * client sends them (the model server), without a file or a time column: the last {@code window} steps of the target
 * and the covariates, in the model card's channel order and in the data's own units, oldest step first. The result is
 * the forecast {@code horizon} steps after the last one given, in the target's units. The window is turned into the
 * network's input exactly as {@code SeriesWindows} cuts a table (the target channel relative to its last value, the
 * card's normalizer, the last value added back), so a window taken from a file gives what {@code predict} gives for
 * the same step (tested; to float rounding, as predict runs all windows in one batch).
 *
 * <p>Example, a model trained on the yearly sunspots with a window of 6 and horizon 1:
 * <pre>{@code
 * TrainedModel model = ModelFiles.load(Path.of("sunspots.zip"));
 * WindowForecasts.Shape shape = WindowForecasts.shape(model);      // window 6, horizon 1, channels [SUNACTIVITY]
 * double[][] steps = WindowForecasts.parse(model, "29.9, 15.0, 7.5, 2.9, 3.1, 16.5");  // one value per step
 * WindowForecasts.Forecast f = WindowForecasts.forecast(model, steps);
 * // f.value(): SUNACTIVITY one step after the 16.5; f.horizon() = 1
 * }</pre>
 * A wrong number of values or a value that is not a number is an {@link InputException} whose one line says how many
 * values the model needs. Inference only, a few milliseconds; still, call it off the UI thread (the network is shared
 * and synchronized).
 */
public final class WindowForecasts {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");

    /**
     * What a forecasting model reads: {@code window} past steps of {@code channels} (the target first, then the
     * covariates), and the step it predicts, {@code horizon} steps after the last one given ({@code step}: the data's
     * time step in words, e.g. "1 year").
     */
    public record Shape(int window, int horizon, List<String> channels, String timeColumn, String step) {

        public Shape {
            channels = List.copyOf(channels);
        }

        /** The target column (the first channel). */
        public String target() {
            return channels.get(0);
        }

        /** How many numbers a window holds: window × channels. */
        public int values() {
            return window * channels.size();
        }

        /** What to give, in words: "the last 6 values of SUNACTIVITY, oldest first". */
        public String describe() {
            if (channels.size() == 1) {
                return "the last " + window + " values of " + target() + ", oldest first";
            }
            return "the last " + window + " steps, oldest first, each with " + channels.size() + " values in this order: "
                    + String.join(", ", channels);
        }
    }

    /** A forecast: {@code value} of {@code target}, {@code horizon} steps after the window's last step. */
    public record Forecast(double value, int horizon, String target) {
    }

    private WindowForecasts() {
    }

    /** What the model reads; an {@link InputException} when it is not a forecasting model. */
    public static Shape shape(TrainedModel model) {
        ModelCard.SeriesInput s = series(model);
        return new Shape(s.window(), s.horizon(), s.channels(), s.timeColumn(), s.step());
    }

    /**
     * The forecast from one window: {@code steps[k][c]} is channel {@code c} (the card's order: the target, then the
     * covariates) at the k-th of the last {@code window} steps, oldest first, in the data's units.
     */
    public static Forecast forecast(TrainedModel model, double[][] steps) {
        Shape shape = shape(model);
        return new Forecast(forecast(model, List.<double[][]>of(steps))[0], shape.horizon(), shape.target());
    }

    /** The forecasts from several windows at once (each as in {@link #forecast(TrainedModel, double[][])}), in order. */
    public static double[] forecast(TrainedModel model, List<double[][]> windows) {
        Encoded e = encode(model, windows);
        return e.forecasts(model.predict(e.x()).values());
    }

    /**
     * Windows as the network's input rows, for a caller that predicts them itself (the model server batches rows of
     * many requests into one network call): {@code x} for {@code TrainedModel.predict(float[][])}, and per window the
     * last target value that {@link #forecasts} adds back to the predicted change.
     */
    public record Encoded(float[][] x, float[] anchor) {

        /** The predicted changes ({@code predict(x()).values()}) as forecasts in the target's units. */
        public double[] forecasts(double[] change) {
            double[] out = new double[change.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = anchor[i] + change[i];
            }
            return out;
        }
    }

    /** The windows checked (count, finite values; "window N: " names one of several) and encoded as {@code SeriesWindows} cuts a table. */
    public static Encoded encode(TrainedModel model, List<double[][]> windows) {
        Shape shape = shape(model);
        int w = shape.window();
        int channels = shape.channels().size();
        float[][] x = new float[windows.size()][];
        float[] anchor = new float[windows.size()];
        for (int i = 0; i < x.length; i++) {
            double[][] steps = check(shape, windows.get(i), windows.size() == 1 ? "" : "window " + (i + 1) + ": ");
            double a = steps[w - 1][0];
            float[] row = new float[channels * w];
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < w; k++) {
                    double v = steps[k][c];
                    row[c * w + k] = (float) (c == 0 ? v - a : v);   // as SeriesWindows: the target relative to its last value
                }
            }
            x[i] = row;
            anchor[i] = (float) a;
        }
        return new Encoded(x, anchor);
    }

    /**
     * The window as text: for a model with one channel, the values separated by commas, semicolons, spaces or new
     * lines; with covariates, one line per step holding its values in the card's order. Blank lines are skipped.
     * The numbers are checked (how many, finite) as {@link #forecast(TrainedModel, double[][])} checks them.
     */
    public static double[][] parse(TrainedModel model, String text) {
        Shape shape = shape(model);
        int channels = shape.channels().size();
        List<double[]> steps = new ArrayList<>();
        String[] lines = (text == null ? "" : text).strip().split("\\R");
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = SEPARATORS.split(line.strip());
            double[] values = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                values[j] = number(cells[j], shape, channels == 1 ? "value " + (steps.size() + j + 1) : "line " + (steps.size() + 1));
            }
            if (channels == 1) {
                for (double v : values) {
                    steps.add(new double[] {v});
                }
            } else {
                steps.add(values);
            }
        }
        return check(shape, steps.toArray(new double[0][]), "");
    }

    private static double number(String cell, Shape shape, String where) {
        try {
            double v = Double.parseDouble(cell.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // said below, with what the model needs
        }
        throw InputException.general("the window's " + where + " ('" + cell + "') is not a number",
                "give " + shape.describe() + " (" + shape.values() + " numbers)");
    }

    private static double[][] check(Shape shape, double[][] steps, String which) {
        int w = shape.window();
        int channels = shape.channels().size();
        String need = "give " + shape.describe() + " (" + shape.values() + " numbers)";
        if (steps == null || steps.length != w) {
            int got = steps == null ? 0 : steps.length;
            throw InputException.general(which + "the window has " + got + (channels == 1 ? " values" : " steps") + ", the model reads "
                    + w, need);
        }
        for (int k = 0; k < w; k++) {
            if (steps[k] == null || steps[k].length != channels) {
                throw InputException.general(which + "step " + (k + 1) + " of the window has " + (steps[k] == null ? 0 : steps[k].length)
                        + " values, the model reads " + channels + " per step (" + String.join(", ", shape.channels()) + ")", need);
            }
            for (int c = 0; c < channels; c++) {
                if (!Double.isFinite(steps[k][c])) {
                    throw InputException.general(which + shape.channels().get(c) + " at step " + (k + 1) + " of the window is "
                            + steps[k][c] + ", not a number", "every value must be known: " + need);
                }
            }
        }
        return steps;
    }

    private static ModelCard.SeriesInput series(TrainedModel model) {
        ModelCard.SeriesInput s = model.card().series();
        if (s == null) {
            throw InputException.general("this model was not trained on a time series, so it does not read a window of past values",
                    "give it a row of " + String.join(", ", model.card().inputColumns()));
        }
        return s;
    }

    /** The shape in a sentence, for a page or a log line. */
    public static String describe(TrainedModel model) {
        Shape s = shape(model);
        return String.format(Locale.ROOT, "%s; forecasts %s %d step%s (%s each) after the last", s.describe(), s.target(), s.horizon(),
                s.horizon() == 1 ? "" : "s", s.step());
    }
}
