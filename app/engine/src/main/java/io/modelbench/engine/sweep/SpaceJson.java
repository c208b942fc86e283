package io.modelbench.engine.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.io.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes a {@link SearchSpace} as JSON: one key per setting; a value, a list of values, or a range
 * {@code {"min": A, "max": B, "scale": "log"|"linear", "grid": N}}. Every value is checked against its setting here
 * (a learning rate above 0, a known optimizer, sizes as lists of whole numbers...), so a bad space is refused with one
 * line naming the setting before any trial trains.
 */
public final class SpaceJson {

    /** Settings whose values are whole numbers (a range of them draws whole numbers). */
    static final Set<String> INTEGERS = Set.of("batch_size", "epochs", "patience");
    /** Settings whose values are lists of whole numbers (layer sizes). */
    static final Set<String> SIZES = Set.of("hidden", "filters");
    /** Settings whose values are words. */
    static final Set<String> WORDS = Set.of("optimizer", "lr_schedule");

    private SpaceJson() {
    }

    /** The space in {@code json}; an {@link InputException} naming the setting (or the JSON's line) when it is not valid. */
    public static SearchSpace parse(String json, String source) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw InputException.file(source, "is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")", "fix the JSON, e.g. "
                    + "{\"learning_rate\": {\"min\": 0.001, \"max\": 0.1, \"scale\": \"log\"}}");
        }
        if (root == null || !root.isObject()) {
            throw InputException.file(source, "is not a JSON object of settings", "write {\"setting\": values, ...}");
        }
        List<SearchSpace.Dimension> dims = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().trim().toLowerCase(Locale.ROOT);
            if (!SearchSpace.SETTINGS.contains(name)) {
                throw InputException.setting("search space", e.getKey(), "use the settings " + String.join(", ", SearchSpace.SETTINGS));
            }
            dims.add(dimension(name, e.getValue()));
        }
        return new SearchSpace(dims);
    }

    private static SearchSpace.Dimension dimension(String name, JsonNode v) {
        if (v.isObject()) {
            if (SIZES.contains(name) || WORDS.contains(name)) {
                throw InputException.setting("search space: " + name, v, "give a list of values, such as " + example(name));
            }
            JsonNode min = v.get("min");
            JsonNode max = v.get("max");
            if (min == null || max == null || !min.isNumber() || !max.isNumber()) {
                throw InputException.setting("search space: " + name, v, "a range needs numbers min and max, such as {\"min\": 0.001, \"max\": 0.1}");
            }
            String scale = v.path("scale").asText("linear").toLowerCase(Locale.ROOT);
            if (!scale.equals("linear") && !scale.equals("log")) {
                throw InputException.setting("search space: " + name + " scale", scale, "use linear or log");
            }
            int grid = v.has("grid") ? v.get("grid").asInt(-1) : 3;
            SearchSpace.Range r = new SearchSpace.Range(name, min.asDouble(), max.asDouble(), scale.equals("log"), INTEGERS.contains(name), grid);
            check(name, r.min());
            check(name, r.max());
            return r;
        }
        List<Object> values = new ArrayList<>();
        boolean list = v.isArray() && !(SIZES.contains(name) && isSizeList(v));
        for (JsonNode item : list ? (Iterable<JsonNode>) v : List.of(v)) {
            values.add(value(name, item));
        }
        return new SearchSpace.Choice(name, values);
    }

    /** [32, 16] for hidden is one choice of sizes; [[32], [64, 32]] are two. */
    private static boolean isSizeList(JsonNode v) {
        return v.size() > 0 && v.get(0).isNumber();
    }

    private static Object value(String name, JsonNode item) {
        if (SIZES.contains(name)) {
            if (!item.isArray() || item.isEmpty() || item.size() > 16) {
                throw InputException.setting("search space: " + name, item, "give layer sizes as lists of whole numbers, such as " + example(name));
            }
            List<Integer> sizes = new ArrayList<>();
            for (JsonNode n : item) {
                if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 16_384) {
                    throw InputException.setting("search space: " + name, item, "each size is a whole number from 1 to 16384");
                }
                sizes.add(n.asInt());
            }
            return List.copyOf(sizes);
        }
        if (WORDS.contains(name)) {
            String w = item.isTextual() ? item.asText().trim().toLowerCase(Locale.ROOT) : "";
            List<String> allowed = List.of(name.equals("optimizer") ? Optimization.OPTIMIZERS : Optimization.SCHEDULES);
            if (!allowed.contains(w)) {
                throw InputException.setting("search space: " + name, item, "use " + String.join(", ", allowed));
            }
            return w;
        }
        if (!item.isNumber()) {
            throw InputException.setting("search space: " + name, item, "give numbers, such as " + example(name));
        }
        if (INTEGERS.contains(name)) {
            if (!item.isIntegralNumber()) {
                throw InputException.setting("search space: " + name, item, "give whole numbers, such as " + example(name));
            }
            check(name, item.asDouble());
            return item.asInt();
        }
        check(name, item.asDouble());
        return item.asDouble();
    }

    /** A number for the setting is in its allowed range (the same limits as the settings themselves). */
    static void check(String name, double v) {
        boolean ok = switch (name) {
            case "learning_rate" -> v > 0 && v <= 10;
            case "batch_size" -> v >= 1 && v <= 65_536;
            case "epochs" -> v >= 1 && v <= 100_000;
            case "patience" -> v >= 0 && v <= 100_000;
            case "momentum", "dropout" -> v >= 0 && v < 1;
            case "weight_decay" -> v >= 0 && v < 1;
            default -> false;
        };
        if (!ok) {
            throw InputException.setting("search space: " + name, v, "give values such as " + example(name));
        }
    }

    private static String example(String name) {
        return switch (name) {
            case "learning_rate" -> "{\"min\": 0.0003, \"max\": 0.03, \"scale\": \"log\"}";
            case "batch_size" -> "[16, 32, 64]";
            case "epochs" -> "30";
            case "patience" -> "10";
            case "momentum" -> "[0.8, 0.9]";
            case "dropout" -> "{\"min\": 0, \"max\": 0.5}";
            case "weight_decay" -> "{\"min\": 0.00001, \"max\": 0.01, \"scale\": \"log\"}";
            case "hidden" -> "[[32, 16], [64, 32]]";
            case "filters" -> "[[20, 50], [32, 64]]";
            case "optimizer" -> "[\"adam\", \"nesterov\"]";
            default -> "[\"fixed\", \"cosine\"]";
        };
    }

    /** The space as JSON, in the form {@link #parse} reads (what {@code sweep.json} records). */
    public static String write(SearchSpace space) {
        ObjectNode root = Json.mapper().createObjectNode();
        for (SearchSpace.Dimension d : space.dimensions()) {
            if (d instanceof SearchSpace.Range r) {
                ObjectNode o = root.putObject(r.name());
                o.put("min", r.min());
                o.put("max", r.max());
                o.put("scale", r.log() ? "log" : "linear");
                o.put("grid", r.gridPoints());
            } else if (d instanceof SearchSpace.Choice c) {
                ArrayNode a = root.putArray(c.name());
                c.values().forEach(v -> a.add(Json.mapper().valueToTree(v)));
            }
        }
        return root.toString();
    }
}
