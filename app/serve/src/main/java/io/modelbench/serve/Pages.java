package io.modelbench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /}: a small page listing the models with a curl example; {@code GET /openapi.json}: both protocols. */
final class Pages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Pages() {
    }

    static String index(ModelServer s) {
        String base = s.url().toString();
        String auth = s.token() == null ? "" : " -H \"Authorization: Bearer $(cat " + shell(String.valueOf(s.tokenFile())) + ")\"";
        StringBuilder rows = new StringBuilder();
        for (String name : s.models()) {
            HostedModel m = s.hosted(name);
            if (m == null) {
                continue;
            }
            var card = m.model.card();
            String what = m.readsImages() ? "images " + card.image().width() + "×" + card.image().height()
                    : String.join(", ", card.inputColumns());
            rows.append("<tr><td><code>").append(html(name)).append("</code></td><td>").append(html(card.task()))
                    .append(card.targetColumn() == null ? "" : " of " + html(card.targetColumn())).append("</td><td>")
                    .append(html(what)).append("</td><td>").append(html(m.zip.getFileName().toString())).append("</td></tr>\n");
        }
        String first = s.models().isEmpty() ? "MODEL" : s.models().get(0);
        HostedModel m = s.hosted(first);
        String example = m == null || m.readsImages() ? "{\"instances\": [{\"image\": {\"b64\": \"<base64 PNG>\"}}]}"
                : exampleInstance(m);
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>ModelBench model server</title>
                <style>body{font-family:sans-serif;margin:2em;max-width:60em}td,th{padding:.2em .8em;text-align:left}
                pre{background:#f4f4f4;padding:1em;overflow:auto}</style></head><body>
                <h1>ModelBench model server</h1>
                <table><tr><th>Model</th><th>Predicts</th><th>Inputs</th><th>File</th></tr>
                %s</table>
                <h2>Try it</h2>
                <pre>curl%s -H "Content-Type: application/json" \\
                  -d '%s' \\
                  %s/v1/models/%s:predict</pre>
                <p>Open Inference Protocol v2: <code>GET %s/v2/models/%s</code> lists the inputs,
                <code>POST …/infer</code> predicts. The API: <a href="/openapi.json">/openapi.json</a>;
                metrics: <a href="/metrics">/metrics</a>.</p>
                </body></html>
                """.formatted(rows, html(auth), html(example), html(base), html(first), html(base), html(first));
    }

    private static String exampleInstance(HostedModel m) {
        var seq = m.model.card().sequence();
        if (m.forecasts() || seq != null) {   // one window (or sequence): each channel's values, oldest first
            ObjectNode window = JSON.createObjectNode();
            var series = m.model.card().series();
            (seq != null ? seq.channels() : series.channels()).forEach(c -> {
                ArrayNode values = window.putArray(c);
                for (int k = 0; k < (seq != null ? seq.steps() : series.window()); k++) {
                    values.add(0);
                }
            });
            ObjectNode body = JSON.createObjectNode();
            body.putArray("instances").add(window);
            return body.toString();
        }
        ObjectNode inst = JSON.createObjectNode();
        var card = m.model.card();
        for (String c : card.inputColumns()) {
            var enc = card.encoding() == null ? null : card.encoding().stream().filter(e -> e.column().equals(c)).findFirst().orElse(null);
            if (enc != null && "categorical".equals(enc.kind()) && !enc.categories().isEmpty()) {
                inst.put(c, enc.categories().get(0));
            } else if (enc != null && enc.fill() != null) {
                inst.put(c, Math.round(enc.fill() * 100) / 100.0); // the training mean (or median), rounded
            } else {
                inst.put(c, 0);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.putArray("instances").add(inst);
        return body.toString();
    }

    /** The OpenAPI description (a resource), with this server's URL and its model names. */
    static byte[] openApi(ModelServer s) {
        try (InputStream in = Pages.class.getResourceAsStream("openapi.json")) {
            ObjectNode doc = (ObjectNode) JSON.readTree(in);
            doc.putArray("servers").addObject().put("url", s.url().toString());
            ArrayNode names = ((ObjectNode) doc.path("components").path("parameters").path("model").path("schema")).putArray("enum");
            s.models().forEach(names::add);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String shell(String s) {
        return s.contains(" ") ? "'" + s + "'" : s;
    }
}
