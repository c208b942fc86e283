package io.modelbench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelbench.engine.api.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One JSON line per answered request in {@code requests.jsonl}: time, request id, model, protocol, status, rows,
 * latency, client address and the error the client was told (never the request's payload). When the file passes
 * {@link #MAX_BYTES} it is renamed to {@code requests.1.jsonl} (the older ones move up, {@code .5} is dropped) and a
 * new one started.
 *
 * <p>Our own 60 lines rather than logback's rolling appender: that one lives in logback's single, process-wide
 * logger context, which the applications configure in code (the desktop and the command line
 * differently) and which a library should not reconfigure; here each server writes its own folder.
 */
final class RequestLog implements AutoCloseable {

    static final String FILE = "requests.jsonl";
    static final long MAX_BYTES = 10L * 1024 * 1024;
    static final int KEEP = 5;
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();
    private final long maxBytes;
    private BufferedWriter out;
    private long size;
    private boolean failed;

    RequestLog(Path dir, long maxBytes) {
        this.dir = dir.toAbsolutePath();
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(this.dir);
            open();
        } catch (IOException e) {
            throw InputException.file(this.dir, "the request log cannot be written there: " + e.getMessage(),
                    "choose a folder you can write to with --log-dir");
        }
    }

    Path dir() {
        return dir;
    }

    private void open() throws IOException {
        Path f = dir.resolve(FILE);
        size = Files.exists(f) ? Files.size(f) : 0;
        out = Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    synchronized void write(ServedRequest r) {
        if (out == null) {
            return;
        }
        ObjectNode line = json.createObjectNode();
        line.put("time", r.time().toString());
        line.put("request_id", r.requestId());
        line.put("model", r.model());
        line.put("protocol", r.protocol());
        line.put("status", r.status());
        line.put("rows", r.rows());
        line.put("latency_ms", Math.round(r.latencyMs() * 1000) / 1000.0);
        line.put("client", r.client());
        if (r.error() != null) {
            line.put("error", r.error());
        }
        try {
            String text = json.writeValueAsString(line) + "\n";
            if (size > 0 && size + text.length() > maxBytes) {
                rotate();
            }
            out.write(text);
            out.flush();
            size += text.getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            if (!failed) {
                failed = true; // said once, not once per request
                LOG.error("The request log {} cannot be written: {}", dir.resolve(FILE), e.toString());
            }
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(dir.resolve(rotated(KEEP)));
        for (int i = KEEP - 1; i >= 1; i--) {
            Path from = dir.resolve(rotated(i));
            if (Files.exists(from)) {
                move(from, dir.resolve(rotated(i + 1)));
            }
        }
        move(dir.resolve(FILE), dir.resolve(rotated(1)));
        open();
    }

    static String rotated(int i) {
        return "requests." + i + ".jsonl";
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the lines were flushed one by one
            }
            out = null;
        }
    }
}
