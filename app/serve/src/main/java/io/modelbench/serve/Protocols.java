package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.app.WindowForecasts;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.data.Table;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The two protocols' JSON, to and from what the engine predicts. A request's values become a {@link Table} of
 * text cells exactly as a CSV file's cells would read (a JSON number its decimal text, a string as is, a boolean
 * {@code true}/{@code false}, null or an absent field a missing value), so the engine prepares them as
 * {@code modelbench predict} prepares a CSV row: the same missing-value fills, unseen categories and scaling.
 * Numbers go out as the shortest text that reads back as the same value, as the predictions CSV writes them.
 */
final class Protocols {

    /** The input name of an image model. */
    static final String IMAGE = "image";
    static final String SOURCE = "the request";

    private Protocols() {
    }

    /** What a request asks to predict: a table for a table model, decoded images for an image model, or windows. */
    record Rows(Table table, float[][] pixels, WindowForecasts.Encoded windows) {
        Rows(Table table, float[][] pixels) {
            this(table, pixels, null);
        }

        int count() {
            return table != null ? table.rowCount() : pixels != null ? pixels.length : windows.x().length;
        }

        /** The network's input rows ({@code encode} turns a table into them). */
        float[][] x() {
            return pixels != null ? pixels : windows.x();
        }
    }

    // ---------------------------------------------------------------- KServe v1

    /** {@code {"instances": [{"column": value, ...}, ...]}} (or each instance a list in the model's input order). */
    static Rows v1Rows(JsonNode body, HostedModel m) {
        JsonNode instances = body.get("instances");
        if (instances == null || !instances.isArray()) {
            throw HttpError.badRequest("the body needs \"instances\": a list of rows, such as {\"instances\": [{\"column\": value}]}");
        }
        if (instances.isEmpty()) {
            throw HttpError.badRequest("\"instances\" is empty; send at least one row");
        }
        if (m.forecasts()) {
            return SeriesProtocol.v1Windows(instances, m);
        }
        if (m.model.card().sequence() != null && SequenceProtocol.v1Sequences(instances, m)) {
            return SequenceProtocol.v1(instances, m);
        }
        if (m.readsImages()) {
            List<String> b64 = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                JsonNode inst = instances.get(i);
                JsonNode img = inst.has(IMAGE) ? inst.get(IMAGE) : inst;
                JsonNode data = img.isObject() ? img.get("b64") : img;
                if (data == null || !data.isTextual()) {
                    throw HttpError.at(i, IMAGE, "expected {\"b64\": \"<base64 PNG or JPEG>\"}");
                }
                b64.add(data.textValue());
            }
            return new Rows(null, images(b64, m));
        }
        List<String> cols = m.model.card().inputColumns();
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            JsonNode inst = instances.get(i);
            String[] cells = new String[cols.size()];
            if (inst.isObject()) {
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = cell(inst.get(cols.get(c)), i, cols.get(c));
                }
            } else if (inst.isArray()) {
                if (inst.size() != cells.length) {
                    throw HttpError.badRequest("instance " + i + " has " + inst.size() + " values; the model reads "
                            + cells.length + ": " + String.join(", ", cols));
                }
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = cell(inst.get(c), i, cols.get(c));
                }
            } else {
                throw HttpError.badRequest("instance " + i + " is not an object of column: value");
            }
            rows.add(cells);
        }
        return new Rows(table(cols, rows), null);
    }

    static ObjectNode v1Response(ObjectMapper json, Predictions p) {
        ObjectNode out = json.createObjectNode();
        ArrayNode preds = out.putArray("predictions");
        for (int r = 0; r < p.rows(); r++) {
            if (p.probabilities() == null) {
                addNumber(preds, p.values()[r]);
                continue;
            }
            ObjectNode row = preds.addObject();
            row.put("prediction", p.predicted()[r]);
            ObjectNode probs = row.putObject("probabilities");
            for (int k = 0; k < p.labels().size(); k++) {
                probs.set(p.labels().get(k), number(json, p.probabilities()[r][k]));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- Open Inference Protocol v2

    /** {@code {"id": ..., "inputs": [{"name", "shape", "datatype", "data"}], "outputs": [{"name"}]}}. */
    static Rows v2Rows(JsonNode body, HostedModel m) {
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw HttpError.badRequest("the body needs \"inputs\": a list of tensors {\"name\", \"shape\", \"datatype\", \"data\"}"
                    + " (GET /v2/models/" + m.name + " lists them)");
        }
        if (m.forecasts()) {
            return SeriesProtocol.v2Windows(inputs, m);
        }
        if (m.model.card().sequence() != null && (SequenceProtocol.v2Sequences(inputs) || !inputs.get(0).path("name").asText().contains("@"))) {
            if (!SequenceProtocol.v2Sequences(inputs)) {
                throw HttpError.badRequest("a sequence classifier reads one input named '" + SequenceProtocol.SEQUENCE + "', shape [n, steps, "
                        + m.model.card().sequence().channels().size() + "]: " + SequenceProtocol.describe(m.model.card().sequence()));
            }
            return SequenceProtocol.v2(inputs, m);
        }
        List<String> cols = m.readsImages() ? List.of(IMAGE) : m.model.card().inputColumns();
        List<JsonNode> data = new ArrayList<>();
        cols.forEach(c -> data.add(null));
        int rows = -1;
        for (JsonNode in : inputs) {
            String name = in.path("name").asText(null);
            int k = name == null ? -1 : cols.indexOf(name);
            if (k < 0) {
                throw HttpError.badRequest("input '" + name + "' is not one of the model's inputs: " + String.join(", ", cols));
            }
            List<JsonNode> flat = new ArrayList<>();
            flatten(in.get("data"), flat);
            JsonNode shape = in.get("shape");
            int n = shape != null && shape.isArray() && !shape.isEmpty() && shape.get(0).canConvertToInt() ? shape.get(0).asInt() : flat.size();
            if (n != flat.size()) {
                throw HttpError.badRequest("input '" + name + "' has shape " + shape + " but " + flat.size()
                        + " values; send one value per row (shape [rows, 1])");
            }
            if (rows >= 0 && n != rows) {
                throw HttpError.badRequest("input '" + name + "' has " + n + " rows, the inputs before it " + rows);
            }
            rows = n;
            ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            flat.forEach(a::add);
            data.set(k, a);
        }
        for (int k = 0; k < cols.size(); k++) {
            if (data.get(k) == null) {
                throw HttpError.badRequest("input '" + cols.get(k) + "' is missing; the model's inputs are " + String.join(", ", cols)
                        + " (send null or \"\" in its data for a missing value)");
            }
        }
        if (rows == 0) {
            throw HttpError.badRequest("the inputs hold no rows");
        }
        if (m.readsImages()) {
            List<String> b64 = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                JsonNode v = data.get(0).get(i);
                if (!v.isTextual()) {
                    throw HttpError.at(i, IMAGE, "expected a base64 PNG or JPEG string");
                }
                b64.add(v.textValue());
            }
            return new Rows(null, images(b64, m));
        }
        List<String[]> table = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String[] cells = new String[cols.size()];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cell(data.get(c).get(i), i, cols.get(c));
            }
            table.add(cells);
        }
        return new Rows(table(cols, table), null);
    }

    /** The outputs asked for ({@code "outputs": [{"name"}]}; all when absent), checked against the model's. */
    static Set<String> v2Outputs(JsonNode body, HostedModel m) {
        Set<String> all = new HashSet<>(List.of("prediction"));
        if (m.classifies()) {
            all.add("probabilities");
        }
        JsonNode asked = body.get("outputs");
        if (asked == null || !asked.isArray() || asked.isEmpty()) {
            return all;
        }
        Set<String> out = new HashSet<>();
        for (JsonNode o : asked) {
            String name = o.path("name").asText("");
            if (!all.contains(name)) {
                throw HttpError.badRequest("output '" + name + "' is not one of the model's outputs: " + String.join(", ", all));
            }
            out.add(name);
        }
        return out;
    }

    static ObjectNode v2Response(ObjectMapper json, HostedModel m, JsonNode id, Set<String> outputs, Predictions p) {
        ObjectNode out = json.createObjectNode();
        out.put("model_name", m.name);
        if (id != null && !id.isNull()) {
            out.set("id", id);
        }
        ArrayNode outs = out.putArray("outputs");
        int n = p.rows();
        if (outputs.contains("prediction")) {
            ObjectNode t = outs.addObject();
            t.put("name", "prediction");
            t.put("datatype", m.classifies() ? "BYTES" : "FP32");
            t.putArray("shape").add(n);
            ArrayNode d = t.putArray("data");
            for (int r = 0; r < n; r++) {
                if (m.classifies()) {
                    d.add(p.predicted()[r]);
                } else {
                    addNumber(d, p.values()[r]);
                }
            }
        }
        if (outputs.contains("probabilities")) {
            ObjectNode t = outs.addObject();
            t.put("name", "probabilities");
            t.put("datatype", "FP32");
            t.putArray("shape").add(n).add(p.labels().size());
            ArrayNode d = t.putArray("data");
            for (int r = 0; r < n; r++) {
                for (double v : p.probabilities()[r]) {
                    addNumber(d, v);
                }
            }
        }
        return out;
    }

    /** {@code GET /v2/models/{m}}: one input per column (FP32 numbers, BYTES categories, BOOL yes/no), or one image. */
    static ObjectNode v2Metadata(ObjectMapper json, HostedModel m) {
        ModelCard card = m.model.card();
        ObjectNode out = json.createObjectNode();
        out.put("name", m.name);
        out.putArray("versions");
        out.put("platform", "modelbench_dl4j");
        ArrayNode inputs = out.putArray("inputs");
        if (m.forecasts()) {
            return SeriesProtocol.v2Metadata(out, m);
        }
        if (m.readsImages()) {
            tensor(inputs, IMAGE, "BYTES", -1);
        } else if (card.encoding() == null) {
            card.inputColumns().forEach(c -> tensor(inputs, c, "FP32", -1, 1));
        } else {
            for (EncodedColumn e : card.encoding()) {
                tensor(inputs, e.column(), switch (e.kind()) {
                    case "numeric" -> "FP32";
                    case "boolean" -> "BOOL";
                    default -> "BYTES";
                }, -1, 1);
            }
        }
        ArrayNode outputs = out.putArray("outputs");
        tensor(outputs, "prediction", m.classifies() ? "BYTES" : "FP32", -1);
        if (m.classifies()) {
            tensor(outputs, "probabilities", "FP32", -1, card.labelNames().size());
        }
        ObjectNode params = out.putObject("parameters");
        params.put("task", card.task());
        params.put("target", card.targetColumn());
        ArrayNode labels = params.putArray("labels");
        if (m.classifies()) {
            card.labelNames().forEach(labels::add);
        }
        if (card.image() != null) {
            ObjectNode img = params.putObject("image");
            img.put("width", card.image().width());
            img.put("height", card.image().height());
            img.put("channels", card.image().channels());
        }
        params.put("model_file", m.zip.getFileName().toString());
        return card.sequence() == null ? out : SequenceProtocol.v2Metadata(out, m);
    }

    static void tensor(ArrayNode list, String name, String type, int... shape) {
        ObjectNode t = list.addObject();
        t.put("name", name);
        t.put("datatype", type);
        ArrayNode s = t.putArray("shape");
        for (int d : shape) {
            s.add(d);
        }
    }

    // ---------------------------------------------------------------- values

    /** A JSON value as the text a CSV cell would hold; null for a missing value. */
    static String cell(JsonNode v, int instance, String field) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw HttpError.at(instance, field, "expected a number or a string, not " + (v.isArray() ? "a list" : "an object"));
    }

    /** The rows as a table; line numbers are the instance indexes, so the engine's cell errors name the instance. */
    private static Table table(List<String> cols, List<String[]> rows) {
        long[] lines = new long[rows.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = i;
        }
        return new Table(SOURCE, cols, rows, lines, null);
    }

    /**
     * An engine error about a cell of a request table, as "instance 3, field 'age': 'abc' is not a number. Send a
     * number, ...": the engine's problem, with advice for a client instead of the engine's advice for a file.
     */
    static HttpError cellError(InputException e) {
        String msg = e.getMessage();
        if (e.line() == null || e.column() == null) {
            return HttpError.badRequest(msg.startsWith(SOURCE + ": ") ? msg.substring(SOURCE.length() + 2) : msg);
        }
        String prefix = SOURCE + ", line " + e.line() + ", column '" + e.column() + "': ";
        String rest = msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
        String advice = e.advice() == null || e.advice().isBlank() ? null
                : ". " + Character.toUpperCase(e.advice().charAt(0)) + e.advice().substring(1);
        String problem = advice != null && rest.contains(advice) ? rest.substring(0, rest.indexOf(advice)) : rest;
        String forClient;
        if (problem.endsWith("is not a number")) {
            forClient = "Send a number, or null for a missing value.";
        } else if (problem.endsWith("is not a yes/no value")) {
            forClient = "Send true/false, yes/no or 1/0, or null for a missing value.";
        } else if (problem.equals("the value is missing")) {
            forClient = "This model has no fill for missing values: send a number.";
        } else {
            return HttpError.at(e.line(), e.column(), rest);
        }
        return HttpError.at(e.line(), e.column(), problem + ". " + forClient);
    }

    private static float[][] images(List<String> b64, HostedModel m) {
        var settings = m.model.card().image().settings();
        float[][] px = new float[b64.size()][];
        for (int i = 0; i < px.length; i++) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(b64.get(i).replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                throw HttpError.at(i, IMAGE, "is not base64 (" + e.getMessage() + ")");
            }
            px[i] = ImageFolders.decode(bytes, "instance " + i + ", field '" + IMAGE + "'", settings);
        }
        return px;
    }

    private static void flatten(JsonNode v, List<JsonNode> out) {
        if (v == null) {
            return;
        }
        if (v.isArray()) {
            for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                flatten(it.next(), out);
            }
        } else {
            out.add(v);
        }
    }

    /** As the predictions CSV writes a number: a float output stays float-short. */
    private static JsonNode number(ObjectMapper json, double v) {
        float f = (float) v;
        return (double) f == v ? json.getNodeFactory().numberNode(f) : json.getNodeFactory().numberNode(v);
    }

    private static void addNumber(ArrayNode a, double v) {
        float f = (float) v;
        if ((double) f == v) {
            a.add(f);
        } else {
            a.add(v);
        }
    }

}
