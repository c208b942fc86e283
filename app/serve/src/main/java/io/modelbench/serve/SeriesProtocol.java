package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.app.WindowForecasts;

import java.util.ArrayList;
import java.util.List;

/**
 * A forecasting model over both protocols: a request carries windows of raw past values (the last {@code window} steps
 * of the target and the covariates, oldest first, in the data's units), and each answer is the forecast {@code horizon}
 * steps after a window's last step, exactly as {@link WindowForecasts} computes it.
 *
 * <ul>
 *   <li>KServe v1: each instance is a list of {@code window} numbers (a model without covariates), a list of
 *       {@code window} steps each a list of the channels' values ({@code [[y, x1], ...]}, the card's order), or an
 *       object of channel name to its {@code window} values ({@code {"sales": [...], "temperature": [...]}}).
 *       Answer: {@code {"predictions": [forecast, ...]}}.</li>
 *   <li>Open Inference Protocol v2: one input named {@code window}, shape {@code [n, window, channels]} (or
 *       {@code [n, window]} with one channel), the data row-major (flat or nested). Answer: output {@code prediction},
 *       FP32, shape {@code [n]}. {@code GET /v2/models/NAME} gives the input's shape and, in {@code parameters}, the
 *       window, horizon, channels, time column and step.</li>
 * </ul>
 */
final class SeriesProtocol {

    /** The input name of a forecasting model. */
    static final String WINDOW = "window";

    private SeriesProtocol() {
    }

    static Protocols.Rows v1Windows(JsonNode instances, HostedModel m) {
        WindowForecasts.Shape shape = WindowForecasts.shape(m.model);
        List<double[][]> windows = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            windows.add(v1Window(instances.get(i), i, shape));
        }
        return encode(windows, m);
    }

    private static double[][] v1Window(JsonNode inst, int i, WindowForecasts.Shape shape) {
        int w = shape.window();
        List<String> channels = shape.channels();
        double[][] steps = new double[w][channels.size()];
        if (inst.isObject()) {
            for (int c = 0; c < channels.size(); c++) {
                JsonNode values = inst.get(channels.get(c));
                if (values == null || !values.isArray() || values.size() != w) {
                    throw HttpError.at(i, channels.get(c), "expected a list of the last " + w + " values, oldest first ("
                            + (values == null ? "missing" : values.isArray() ? values.size() + " given" : "not a list") + "); send "
                            + shape.describe());
                }
                for (int k = 0; k < w; k++) {
                    steps[k][c] = number(values.get(k), i, channels.get(c));
                }
            }
            return steps;
        }
        if (!inst.isArray()) {
            throw HttpError.badRequest("instance " + i + " is not a window: send " + shape.describe() + " as a list");
        }
        if (inst.size() != w) {
            throw HttpError.badRequest("instance " + i + " has " + inst.size() + (channels.size() == 1 ? " values" : " steps")
                    + "; the model reads " + w + ": send " + shape.describe());
        }
        for (int k = 0; k < w; k++) {
            JsonNode step = inst.get(k);
            if (channels.size() == 1 && !step.isArray()) {
                steps[k][0] = number(step, i, channels.get(0));
                continue;
            }
            if (!step.isArray() || step.size() != channels.size()) {
                throw HttpError.badRequest("instance " + i + ", step " + (k + 1) + " has " + (step.isArray() ? step.size() : 1)
                        + " values; the model reads " + channels.size() + " per step: " + String.join(", ", channels));
            }
            for (int c = 0; c < channels.size(); c++) {
                steps[k][c] = number(step.get(c), i, channels.get(c));
            }
        }
        return steps;
    }

    static Protocols.Rows v2Windows(JsonNode inputs, HostedModel m) {
        WindowForecasts.Shape shape = WindowForecasts.shape(m.model);
        if (inputs.size() != 1 || !WINDOW.equals(inputs.get(0).path("name").asText(null))) {
            throw HttpError.badRequest("a forecasting model reads one input named '" + WINDOW + "', shape [n, " + shape.window() + ", "
                    + shape.channels().size() + "]: " + shape.describe());
        }
        JsonNode in = inputs.get(0);
        List<JsonNode> flat = new ArrayList<>();
        flatten(in.get("data"), flat);
        int per = shape.values();
        if (flat.isEmpty() || flat.size() % per != 0) {
            throw HttpError.badRequest("input '" + WINDOW + "' has " + flat.size() + " values, not a multiple of " + per + " (window "
                    + shape.window() + " × " + shape.channels().size() + " channel" + (per == shape.window() ? "" : "s")
                    + "): send " + shape.describe() + " per window");
        }
        int n = flat.size() / per;
        JsonNode s = in.get("shape");
        if (s != null && s.isArray() && !s.isEmpty() && s.get(0).canConvertToInt() && s.get(0).asInt() != n) {
            throw HttpError.badRequest("input '" + WINDOW + "' has shape " + s + " but " + flat.size() + " values (" + n + " windows of "
                    + per + ")");
        }
        List<double[][]> windows = new ArrayList<>();
        int c = shape.channels().size();
        for (int i = 0; i < n; i++) {
            double[][] steps = new double[shape.window()][c];
            for (int k = 0; k < shape.window(); k++) {
                for (int j = 0; j < c; j++) {
                    steps[k][j] = number(flat.get(i * per + k * c + j), i, WINDOW);   // row-major [n, window, channels]
                }
            }
            windows.add(steps);
        }
        return encode(windows, m);
    }

    private static Protocols.Rows encode(List<double[][]> windows, HostedModel m) {
        float[][] x = new float[windows.size()][];
        float[] anchor = new float[windows.size()];
        for (int i = 0; i < x.length; i++) {
            WindowForecasts.Encoded one;
            try {
                one = WindowForecasts.encode(m.model, List.<double[][]>of(windows.get(i)));
            } catch (InputException e) {
                throw HttpError.badRequest("instance " + i + ": " + e.getMessage());
            }
            x[i] = one.x()[0];
            anchor[i] = one.anchor()[0];
        }
        m.drift.countWindows(windows, WindowForecasts.shape(m.model).channels());   // every window read: their values
        return new Protocols.Rows(null, null, new WindowForecasts.Encoded(x, anchor));
    }

    /** The network's predicted changes as forecasts in the target's units. */
    static Predictions forecasts(Predictions change, WindowForecasts.Encoded windows) {
        double[] v = windows.forecasts(change.values());
        String[] text = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            text[i] = Double.toString(v[i]);
        }
        return new Predictions(TaskType.REGRESSION, List.of(), text, null, v);
    }

    static ObjectNode v2Metadata(ObjectNode out, HostedModel m) {
        WindowForecasts.Shape shape = WindowForecasts.shape(m.model);
        Protocols.tensor((ArrayNode) out.get("inputs"), WINDOW, "FP32", -1, shape.window(), shape.channels().size());
        Protocols.tensor(out.putArray("outputs"), "prediction", "FP32", -1);
        ObjectNode params = out.putObject("parameters");
        params.put("task", "forecasting");
        params.put("target", shape.target());
        params.put("window", shape.window());
        params.put("horizon", shape.horizon());
        ArrayNode channels = params.putArray("channels");
        shape.channels().forEach(channels::add);
        params.put("time_column", shape.timeColumn());
        params.put("step", shape.step());
        params.put("input", shape.describe() + "; the prediction is " + shape.target() + " " + shape.horizon() + " step"
                + (shape.horizon() == 1 ? "" : "s") + " after the last");
        params.put("model_file", m.zip.getFileName().toString());
        return out;
    }

    private static double number(JsonNode v, int instance, String field) {
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        if (v != null && v.isTextual()) {
            try {
                return Double.parseDouble(v.textValue().trim());
            } catch (NumberFormatException ignored) {
                // said below
            }
        }
        throw HttpError.at(instance, field, "expected a number, not " + (v == null || v.isNull() ? "null (every value of the window must be known)"
                : v.toString()));
    }

    private static void flatten(JsonNode v, List<JsonNode> out) {
        if (v == null) {
            return;
        }
        if (v.isArray()) {
            v.forEach(e -> flatten(e, out));
        } else {
            out.add(v);
        }
    }
}
