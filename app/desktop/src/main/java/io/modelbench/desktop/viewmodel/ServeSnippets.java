package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.io.Json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Serve page's ready-to-run client code: a curl command and a Python {@code requests} snippet against the real
 * URL and model name, with one example instance the server accepts. For a table model a row built from the model card
 * (every input column at the value the model fills in for a missing one: the training mean or median of a number, the
 * most frequent category); for a forecasting model a window of each channel's last values, oldest first (the open
 * series' last window where it has the model's channels, {@code Exports.lastWindow}; zeros otherwise, and the comment
 * above says to put the real ones there); for a sequence classifier the open data's first sequence
 * ({@code Exports.firstSequence}), or zeros the same way. The
 * token is read from the token file at run time rather than pasted in, so a copied snippet never carries the secret.
 */
public final class ServeSnippets {

    private ServeSnippets() {
    }

    /** {"column": value, ...} for a table model; the training's typical value for each input column. */
    public static Map<String, Object> exampleRow(ModelCard card) {
        Map<String, Object> row = new LinkedHashMap<>();
        List<EncodedColumn> encoding = card.encoding();
        if (encoding == null) {
            // cards from before encodings were recorded: numeric inputs only
            card.inputColumns().forEach(c -> row.put(c, 0.0));
            return row;
        }
        for (EncodedColumn e : encoding) {
            switch (e.kind()) {
                case "categorical" -> row.put(e.column(), e.fillCategory() != null ? e.fillCategory()
                        : e.categories().isEmpty() ? "" : e.categories().get(0));
                case "boolean" -> row.put(e.column(), e.fill() != null && e.fill() >= 0.5);
                default -> row.put(e.column(), round(e.fill() == null ? 0.0 : e.fill()));
            }
        }
        return row;
    }

    /**
     * The example instance: a table row ({@link #exampleRow}), or each channel's window or sequence of values, oldest
     * first. {@code window}: the open series' last window or the open sequences' first, with the model's channels (null:
     * none, zeros).
     */
    public static Map<String, Object> exampleInstance(ModelCard card, Exports.LastWindow window) {
        if (card.series() == null && card.sequence() == null) {
            return exampleRow(card);
        }
        List<String> channels = card.series() != null ? card.series().channels() : card.sequence().channels();
        int steps = card.series() != null ? card.series().window() : card.sequence().steps();
        boolean real = window != null && (card.series() != null ? window.steps().length == steps
                : window.steps().length >= 1 && window.steps().length <= steps);
        Map<String, Object> instance = new LinkedHashMap<>();
        for (int c = 0; c < channels.size(); c++) {
            final int channel = c;
            // the data's own values, not rounded: the answer is then the forecast after the data's end
            instance.put(channels.get(c), real ? java.util.Arrays.stream(window.steps()).map(step -> step[channel]).toList()
                    : java.util.Collections.nCopies(steps, 0.0));
        }
        return instance;
    }

    /** What the example instance is, as a comment line for a window or a sequence (empty for a table row). */
    static String exampleNote(ModelCard card, Exports.LastWindow window) {
        if (card.series() != null) {
            ModelCard.SeriesInput s = card.series();
            boolean real = window != null && window.steps().length == s.window();
            return "the last " + s.window() + " values of " + String.join(", ", s.channels()) + ", oldest first"
                    + (real ? " (" + window.where() + ")" : " (zeros here: put the real ones)") + "; the answer is "
                    + card.targetColumn() + " " + s.horizon() + (s.horizon() == 1 ? " step" : " steps") + " after the last";
        }
        if (card.sequence() != null) {
            ModelCard.SequenceInput q = card.sequence();
            return "one sequence: " + (q.lengths() == null ? q.steps() : "up to " + q.steps()) + " values of "
                    + String.join(", ", q.channels()) + ", oldest first" + (window != null ? " (" + window.where() + ")"
                    : " (zeros here: put the real ones)");
        }
        return "";
    }

    /** A curl command for KServe v1 ({@code :predict}); tokenFile null when the server needs no token. */
    public static String curl(URI url, String model, Path tokenFile, ModelCard card) {
        return curl(url, model, tokenFile, card, null);
    }

    /** As {@link #curl(URI, String, Path, ModelCard)}, a window's values from the open series. */
    public static String curl(URI url, String model, Path tokenFile, ModelCard card, Exports.LastWindow window) {
        return curl(url, model, tokenFile, card, window, null);
    }

    /** As {@link #curl(URI, String, Path, ModelCard, Exports.LastWindow)}; {@code image}: an image model's example file, or null. */
    public static String curl(URI url, String model, Path tokenFile, ModelCard card, Exports.LastWindow window, Path image) {
        String endpoint = base(url) + "/v1/models/" + model + ":predict";
        String auth = tokenFile == null ? "" : " \\\n  -H \"Authorization: Bearer $(cat " + shellQuote(tokenFile.toString()) + ")\"";
        if (card.image() != null) {
            return (image == null ? "IMAGE=picture.png   # the PNG or JPEG to classify\n"
                    : "IMAGE=" + shellQuote(image.toString()) + "   # the data's first image; any PNG or JPEG\n")
                    + "curl -s " + endpoint + auth + " \\\n  -H 'Content-Type: application/json' \\\n"
                    + "  -d \"{\\\"instances\\\": [{\\\"image\\\": {\\\"b64\\\": \\\"$(base64 -w0 \"$IMAGE\")\\\"}}]}\"\n";
        }
        String body = "{\"instances\": [" + json(exampleInstance(card, window)) + "]}";
        String note = exampleNote(card, window);
        return (note.isEmpty() ? "" : "# " + note + "\n") + "curl -s " + endpoint + auth
                + " \\\n  -H 'Content-Type: application/json' \\\n  -d " + shellQuote(body) + "\n";
    }

    /** A Python program with {@code requests} for the same call. */
    public static String python(URI url, String model, Path tokenFile, ModelCard card) {
        return python(url, model, tokenFile, card, null);
    }

    /** As {@link #python(URI, String, Path, ModelCard)}, a window's values from the open series. */
    public static String python(URI url, String model, Path tokenFile, ModelCard card, Exports.LastWindow window) {
        return python(url, model, tokenFile, card, window, null);
    }

    /** As {@link #python(URI, String, Path, ModelCard, Exports.LastWindow)}; {@code image}: an image model's example file, or null. */
    public static String python(URI url, String model, Path tokenFile, ModelCard card, Exports.LastWindow window, Path image) {
        StringBuilder py = new StringBuilder("import requests\n");
        if (card.image() != null) {
            py.append("import base64\n");
        }
        py.append('\n').append("url = \"").append(base(url)).append("/v1/models/").append(model).append(":predict\"\n");
        if (tokenFile != null) {
            py.append("with open(").append(pyString(tokenFile.toString())).append(") as f:\n")
                    .append("    headers = {\"Authorization\": \"Bearer \" + f.read().strip()}\n");
        } else {
            py.append("headers = {}\n");
        }
        if (card.image() != null) {
            py.append(image == null ? "with open(\"picture.png\", \"rb\") as f:   # the PNG or JPEG to classify\n"
                            : "with open(" + pyString(image.toString()) + ", \"rb\") as f:   # the data's first image; any PNG or JPEG\n")
                    .append("    row = {\"image\": {\"b64\": base64.b64encode(f.read()).decode()}}\n");
        } else {
            String note = exampleNote(card, window);
            py.append(note.isEmpty() ? "" : "# " + note + "\n").append("row = ").append(json(exampleInstance(card, window))).append('\n');
        }
        py.append("\nresponse = requests.post(url, json={\"instances\": [row]}, headers=headers, timeout=10)\n")
                .append("response.raise_for_status()\n")
                .append("print(response.json()[\"predictions\"][0])\n");
        return py.toString();
    }

    private static String base(URI url) {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** One line, with a space after each colon and comma, as people write it. */
    static String json(Map<String, Object> row) {
        return row.entrySet().stream().map(e -> quoted(e.getKey()) + ": " + quoted(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quoted(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(ServeSnippets::quoted).collect(Collectors.joining(", ", "[", "]"));
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Four significant digits: 5.843333333 is 5.843 in an example. */
    private static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return Double.isFinite(v) ? v : 0.0;
        }
        return new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String pyString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
