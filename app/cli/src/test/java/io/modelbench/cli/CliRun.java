package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the command line in-process and keeps what it wrote to stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun of(Object... args) {
        return run((a, o, e) -> ModelBenchCli.run(a, o, e), args);
    }

    /** Runs with the given native backend (a test's stand-in for loading ND4J). */
    static CliRun withBackend(java.util.function.Supplier<java.util.concurrent.CompletableFuture<io.modelbench.engine.api.BackendStatus>> backend,
                              Object... args) {
        return run((a, o, e) -> ModelBenchCli.run(a, o, e, backend), args);
    }

    private interface Invocation {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    private static CliRun run(Invocation cli, Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = cli.run(a, o, e);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** The last line on stdout, parsed as JSON. */
    JsonNode json() {
        List<String> lines = outLines();
        if (lines.isEmpty()) {
            throw new AssertionError("nothing on stdout; stderr was:\n" + err);
        }
        return parse(lines.get(lines.size() - 1));
    }

    static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            return n;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** A copy of iris.csv whose line {@code line} (1-based, header = 1) has {@code value} in column {@code col}. */
    static Path corrupt(Path iris, Path dir, String name, int line, int col, String value) {
        try {
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(iris, StandardCharsets.UTF_8));
            String[] cells = lines.get(line - 1).split(",", -1);
            cells[col] = value;
            lines.set(line - 1, String.join(",", cells));
            Path out = dir.resolve(name);
            Files.write(out, lines, StandardCharsets.UTF_8);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
