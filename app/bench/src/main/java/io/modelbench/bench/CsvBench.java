package io.modelbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * CSV import: a SYNTHETIC 1,000,000 x 20 numeric table with a class label column, written once into the work
 * folder, read by child JVMs (see {@link CsvChild}) so that each has its own heap limit and nothing else in it.
 */
final class CsvBench {

    static final int FEATURES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(Path file, long bytes, int rows, double generateSeconds, JsonNode fit, List<JsonNode> timings,
                  JsonNode profile, String fitXmx, String timeXmx) {
    }

    private CsvBench() {
    }

    static Result run(Path workDir, int rows, int reps, boolean profile, Consumer<String> log) throws Exception {
        Path file = workDir.resolve("csv-" + rows + "x" + FEATURES + ".csv");
        double gen = 0;
        if (!Files.exists(file)) {
            log.accept("  generating " + file + " (once) ...");
            long t0 = System.nanoTime();
            generate(file, rows, 7);
            gen = (System.nanoTime() - t0) / 1e9;
        }
        String fitXmx = "-Xmx1g";
        String timeXmx = "-Xmx4g";
        log.accept("  child JVM " + fitXmx + ": does CsvTables.read fit in 1 GB? ...");
        List<JsonNode> fit = child(List.of(fitXmx), List.of("fit", file.toString()), 300);
        log.accept("    " + fit);
        log.accept("  child JVM " + timeXmx + ": CsvTables.read vs lean reader vs I/O floor, " + reps + " reps alternating ...");
        List<JsonNode> timings = child(List.of(timeXmx), List.of("time", file.toString(), String.valueOf(reps)), 600);
        for (JsonNode t : timings) {
            log.accept("    " + t);
        }
        JsonNode prof = null;
        if (profile) {
            log.accept("  child JVM " + timeXmx + ": CsvTables.read under JFR ...");
            List<JsonNode> p = child(List.of(timeXmx), List.of("profile", file.toString(),
                    workDir.resolve("csv-read.jfr").toString()), 300);
            prof = p.isEmpty() ? null : p.get(p.size() - 1);
        }
        return new Result(file, Files.size(file), rows, gen, fit.isEmpty() ? null : fit.get(fit.size() - 1), timings,
                prof, fitXmx, timeXmx);
    }

    /** Runs CsvChild in a new JVM with this JVM's class path; returns its JSON lines. */
    static List<JsonNode> child(List<String> jvmArgs, List<String> args, int timeoutSeconds) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-XX:+UseG1GC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CsvChild.class.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> out = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        synchronized (out) {
                            out.add(JSON.readTree(line));
                        }
                    }
                }
            } catch (IOException e) {
                // process ended
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
            var timeout = JSON.createObjectNode();
            timeout.put("error", "timed out after " + timeoutSeconds + " s");
            synchronized (out) {
                out.add(timeout);
                return List.copyOf(out);
            }
        }
        reader.join();
        if (p.exitValue() != 0) {
            var err = JSON.createObjectNode();
            err.put("error", "child JVM exited with status " + p.exitValue());
            synchronized (out) {
                out.add(err);
            }
        }
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    /**
     * f01..f20: standard normal with 4 decimals; label 0..3 from a rule on f01..f03 (learnable). About 155 MB
     * for a million rows. Written to a temporary file and renamed, so a half-written file is never reused.
     */
    static void generate(Path file, int rows, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(256);
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (int c = 1; c <= FEATURES; c++) {
                sb.append(c < 10 ? "f0" : "f").append(c).append(',');
            }
            w.write(sb.append("label\n").toString());
            double[] v = new double[FEATURES];
            for (int r = 0; r < rows; r++) {
                sb.setLength(0);
                for (int c = 0; c < FEATURES; c++) {
                    v[c] = SyntheticData.gaussian(rng);
                    appendFixed4(sb, v[c]);
                    sb.append(',');
                }
                int label = (v[0] + v[1] > 0 ? 1 : 0) + (v[2] > 0.5 ? 2 : 0);
                sb.append(label).append('\n');
                w.write(sb.toString());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Appends x rounded to 4 decimals ("-0.1234"), without String.format (20 million of them). */
    static void appendFixed4(StringBuilder sb, double x) {
        long scaled = Math.round(x * 10_000);
        if (scaled < 0) {
            sb.append('-');
            scaled = -scaled;
        }
        sb.append(scaled / 10_000).append('.');
        long frac = scaled % 10_000;
        if (frac < 1000) {
            sb.append('0');
        }
        if (frac < 100) {
            sb.append('0');
        }
        if (frac < 10) {
            sb.append('0');
        }
        sb.append(frac);
    }

    /** Bytes per row of the file, for the report. */
    static double bytesPerRow(Result r) {
        return (double) r.bytes() / r.rows();
    }
}
