package io.modelbench.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.Predictions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Every request: the token (all but the two health checks), CORS, the body limit, the route, and the answer. A
 * client never sees a stack trace: 400/401/404/405/413 say what is wrong; anything unexpected is a 500 whose
 * request id is in the server log with the stack trace and in the request log.
 */
final class Routes implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    /** Bodies over the limit but under this are read and dropped before the 413, so the client reads the answer. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final ModelServer server;
    private final ServeConfig config;
    private final ObjectMapper json = new ObjectMapper();

    Routes(ModelServer server, ServeConfig config) {
        this.server = server;
        this.config = config;
    }

    /** What one request did, filled in as it goes (for the log, the metrics and the listener). */
    private static final class Outcome {
        String model;
        String protocol = "http";
        int rows;
        String error;
    }

    @Override
    public void handle(HttpExchange ex) {
        long t0 = System.nanoTime();
        String id = server.nextRequestId();
        Outcome o = new Outcome();
        int status;
        boolean accepted = server.requestStarted();
        try {
            ex.getResponseHeaders().set("X-Request-Id", id);
            cors(ex);
            try {
                status = route(ex, o, accepted);
            } catch (HttpError e) {
                o.error = e.getMessage();
                status = e.status;
                ObjectNode body = json.createObjectNode().put("error", e.getMessage());
                send(ex, status, body);
            } catch (RuntimeException | Error e) {
                status = 500;
                o.error = "internal error";
                LOG.error("Request {} ({} {}) failed", id, ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                send(ex, 500, json.createObjectNode()
                        .put("error", "the server failed to answer; the server log has the details under request id " + id)
                        .put("request_id", id));
            }
        } catch (IOException e) {
            status = 499; // the client went away while we answered
            o.error = "the connection closed: " + e.getMessage();
        } finally {
            ex.close();
        }
        // still in flight while it is recorded: close() waits for the log line, the metrics and the listener too
        try {
            double ms = (System.nanoTime() - t0) / 1e6;
            String client = ex.getRemoteAddress() == null ? "" : ex.getRemoteAddress().getAddress().getHostAddress();
            server.record(new ServedRequest(Instant.now(), id, o.model, o.protocol, status, o.rows, ms, client, o.error), t0);
        } finally {
            server.requestEnded();
        }
    }

    private int route(HttpExchange ex, Outcome o, boolean accepted) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if ("OPTIONS".equals(method) && config.corsOrigin() != null) {
            ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization, Content-Type");
            ex.getResponseHeaders().set("Access-Control-Max-Age", "600");
            ex.sendResponseHeaders(204, -1);
            return 204;
        }
        if (path.equals("/v2/health/live")) {
            requireGet(method);
            o.protocol = "v2";
            return sendEmpty(ex, 200);
        }
        if (path.equals("/v2/health/ready")) {
            requireGet(method);
            o.protocol = "v2";
            return sendEmpty(ex, server.ready() ? 200 : 503);
        }
        if (!accepted) { // came after closing began: answer at once, so the requests in flight are the last ones
            throw new HttpError(503, "the server is stopping");
        }
        if (server.token() != null && !Tokens.matches(server.token(), ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new HttpError(401, "send the server's token: Authorization: Bearer <token> (it is in the server's token file)");
        }
        if (path.equals("/") || path.equals("/index.html")) {
            requireGet(method);
            return send(ex, 200, "text/html; charset=utf-8", Pages.index(server).getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/openapi.json")) {
            requireGet(method);
            return send(ex, 200, "application/json", Pages.openApi(server));
        }
        if (path.equals("/metrics")) {
            requireGet(method);
            return send(ex, 200, ServeMetrics.CONTENT_TYPE, server.metrics().scrape());
        }
        if (path.equals("/v2")) {
            requireGet(method);
            o.protocol = "v2";
            return send(ex, 200, json.createObjectNode().put("name", "modelbench").put("version", server.version())
                    .set("extensions", json.createArrayNode()));
        }
        if (path.startsWith("/v2/models/")) {
            o.protocol = "v2";
            String rest = decode(path.substring("/v2/models/".length()));
            if (rest.endsWith("/infer")) {
                HostedModel m = model(o, rest.substring(0, rest.length() - "/infer".length()));
                requirePost(method);
                return infer(ex, o, m, false);
            }
            if (rest.endsWith("/ready")) {
                model(o, rest.substring(0, rest.length() - "/ready".length()));
                requireGet(method);
                return sendEmpty(ex, 200);
            }
            HostedModel m = model(o, rest);
            requireGet(method);
            return send(ex, 200, Protocols.v2Metadata(json, m));
        }
        if (path.startsWith("/v1/models/")) {
            o.protocol = "v1";
            String rest = decode(path.substring("/v1/models/".length()));
            if (rest.endsWith(":predict")) {
                HostedModel m = model(o, rest.substring(0, rest.length() - ":predict".length()));
                requirePost(method);
                return infer(ex, o, m, true);
            }
            HostedModel m = model(o, rest);
            requireGet(method);
            ObjectNode status = json.createObjectNode().put("name", m.name).put("ready", true);
            if (m.forecasts()) {
                status.put("window", m.model.card().series().window()).put("horizon", m.model.card().series().horizon());
            }
            var seq = m.model.card().sequence();
            if (seq != null) {   // a sequence classifier: the channels of each step and the steps it reads
                seq.channels().forEach(status.putArray("channels")::add);
                status.put("steps", seq.steps()).put("min_steps", seq.lengths() == null ? seq.steps() : 1);
            }
            return send(ex, 200, status);
        }
        throw new HttpError(404, "no such endpoint: " + path + " (GET /openapi.json lists them)");
    }

    private HostedModel model(Outcome o, String name) {
        HostedModel m = server.hosted(name);
        if (m == null) {
            throw new HttpError(404, "no model named '" + name + "'; this server has " + String.join(", ", server.models()));
        }
        o.model = name;
        return m;
    }

    /** Reads, predicts (batched with other requests) and answers; a swap meanwhile re-reads on the new model. */
    private int infer(HttpExchange ex, Outcome o, HostedModel first, boolean v1) throws IOException {
        HostedModel m = first;
        m.arriving.incrementAndGet();
        JsonNode body;
        try {
            body = parse(readBody(ex));
        } finally {
            m.arriving.decrementAndGet();
        }
        for (; ; ) {
            Protocols.Rows rows;
            float[][] x;
            Set<String> outputs = v1 ? null : Protocols.v2Outputs(body, m);
            try {
                rows = v1 ? Protocols.v1Rows(body, m) : Protocols.v2Rows(body, m);
                x = rows.table() != null ? m.encode(rows.table()) : rows.x();
            } catch (InputException e) {
                throw Protocols.cellError(e);
            }
            o.rows = rows.count();
            CompletableFuture<Predictions> f = m.submit(x);
            if (f == null) { // swapped out between the lookup and now
                m = model(o, first.name);
                continue;
            }
            if (rows.table() != null) {
                m.drift.count(rows.table());
            }
            Predictions p;
            try {
                p = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while predicting", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InputException ie) {
                    throw Protocols.cellError(ie);
                }
                throw new IllegalStateException("prediction failed", e.getCause());
            }
            if (rows.windows() != null) {
                p = SeriesProtocol.forecasts(p, rows.windows());
            }
            m.rows.add(p.rows());
            return send(ex, 200, v1 ? Protocols.v1Response(json, p) : Protocols.v2Response(json, m, body.get("id"), outputs, p));
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            if (n == null || !n.isObject()) {
                throw HttpError.badRequest("the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            // Jackson's own text names the source as "[Source: REDACTED ...; line: 1, column: 15]": say it plainly
            String what = e.getOriginalMessage().replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
            throw HttpError.badRequest("the body is not valid JSON: " + what
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw HttpError.badRequest("the body could not be read: " + e.getMessage());
        }
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        long limit = config.maxBodyBytes();
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        InputStream in = ex.getRequestBody();
        long declared = -1;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException ignored) {
            // the server has refused a malformed length before we get here
        }
        if (declared > limit) {
            if (declared <= DRAIN_LIMIT) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            throw tooLarge(limit);
        }
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        return body;
    }

    private static HttpError tooLarge(long limit) {
        return new HttpError(413, "the body is larger than this server takes (" + limit / (1024 * 1024.0)
                + " MB); send fewer rows per request, or start the server with a larger --max-body-mb");
    }

    private void cors(HttpExchange ex) {
        String allowed = config.corsOrigin();
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (allowed != null && origin != null && (allowed.equals("*") || allowed.equals(origin))) {
            Headers h = ex.getResponseHeaders();
            h.set("Access-Control-Allow-Origin", allowed.equals("*") ? "*" : origin);
            h.set("Vary", "Origin");
        }
    }

    private static void requireGet(String method) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw new HttpError(405, "use GET here");
        }
    }

    private static void requirePost(String method) {
        if (!"POST".equals(method)) {
            throw new HttpError(405, "use POST here, with a JSON body");
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private int send(HttpExchange ex, int status, JsonNode body) throws IOException {
        return send(ex, status, "application/json", json.writeValueAsBytes(body));
    }

    private static int send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return status;
        }
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        return status;
    }

    private static int sendEmpty(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        return status;
    }
}
