package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.ModelCard;
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
 * URL and model name, with one example row built from the model card (every input column at the value the model
 * fills in for a missing one: the training mean or median of a number, the most frequent category). The token is
 * read from the token file at run time rather than pasted in, so a copied snippet never carries the secret.
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

    /** A curl command for KServe v1 ({@code :predict}); tokenFile null when the server needs no token. */
    public static String curl(URI url, String model, Path tokenFile, ModelCard card) {
        String endpoint = base(url) + "/v1/models/" + model + ":predict";
        String auth = tokenFile == null ? "" : " \\\n  -H \"Authorization: Bearer $(cat " + shellQuote(tokenFile.toString()) + ")\"";
        if (card.image() != null) {
            return "IMAGE=picture.png   # the PNG or JPEG to classify\n"
                    + "curl -s " + endpoint + auth + " \\\n  -H 'Content-Type: application/json' \\\n"
                    + "  -d \"{\\\"instances\\\": [{\\\"image\\\": {\\\"b64\\\": \\\"$(base64 -w0 \"$IMAGE\")\\\"}}]}\"\n";
        }
        String body = "{\"instances\": [" + json(exampleRow(card)) + "]}";
        return "curl -s " + endpoint + auth + " \\\n  -H 'Content-Type: application/json' \\\n  -d " + shellQuote(body) + "\n";
    }

    /** A Python program with {@code requests} for the same call. */
    public static String python(URI url, String model, Path tokenFile, ModelCard card) {
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
            py.append("with open(\"picture.png\", \"rb\") as f:   # the PNG or JPEG to classify\n")
                    .append("    row = {\"image\": {\"b64\": base64.b64encode(f.read()).decode()}}\n");
        } else {
            py.append("row = ").append(json(exampleRow(card))).append('\n');
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
