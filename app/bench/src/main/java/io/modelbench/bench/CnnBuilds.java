package io.modelbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code cnn-builds} part: LeNet (batch 64, the {@code lenet} part's session and bare loop) with ND4J's plain
 * natives against its oneDNN builds, each in its own child JVM ({@link CnnChild}) started from this jar's class path
 * plus the natives jars the bench module copies to {@code target/nd4j-builds/}. JavaCPP takes the build named by its
 * platform extension ({@code -onednn}, {@code -onednn-avx512}); a name no jar has ({@code -plain}) makes it fall back
 * to the plain natives. Every child first computes the same saved LeNet's outputs and loss gradient on the same
 * saved images: the report gives each build's largest difference from the plain build (target: within 1e-4).
 */
final class CnnBuilds implements AutoCloseable {

    /** A natives build: its name in the report, JavaCPP's platform extension, and the jar holding it. */
    record Build(String name, String extension, Path jar) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Child> children = new LinkedHashMap<>();

    static final class Child {
        final Build build;
        final Process process;
        final BufferedWriter in;
        final BufferedReader out;
        final JsonNode hello;

        Child(Build build, Process process, BufferedWriter in, BufferedReader out, JsonNode hello) {
            this.build = build;
            this.process = process;
            this.in = in;
            this.out = out;
            this.hello = hello;
        }

        synchronized JsonNode request(Map<String, Object> req) {
            try {
                in.write(JSON.writeValueAsString(req));
                in.newLine();
                in.flush();
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException(build.name + " child ended unexpectedly");
                }
                JsonNode a = JSON.readTree(line);
                if (a.has("error")) {
                    throw new IllegalStateException(build.name + " child: " + a.get("error").asText());
                }
                return a;
            } catch (IOException e) {
                throw new IllegalStateException(build.name + " child: " + e.getMessage(), e);
            }
        }

        Interleaved.Sample run(String op) {
            JsonNode a = request(Map.of("op", op));
            Map<String, Double> extras = new LinkedHashMap<>();
            a.path("extras").fields().forEachRemaining(e -> extras.put(e.getKey(), e.getValue().asDouble()));
            return new Interleaved.Sample(a.get("value").asDouble(), extras);
        }
    }

    /**
     * The builds this installation can compare, plain first: the one in {@code lib/} and those in {@code nd4j-builds/}
     * next to the jar; the AVX-512 build only on a CPU with AVX-512. Empty when not run from the jar.
     */
    static List<Build> builds(Path benchJar, String cpuFlags) throws IOException {
        List<Build> out = new ArrayList<>();
        if (benchJar == null || !Files.isRegularFile(benchJar)) {
            return out;
        }
        String prefix = "nd4j-native-1.0.0-M2.1-" + org.bytedeco.javacpp.Loader.getPlatform();
        List<Path> jars = new ArrayList<>();
        for (Path dir : List.of(benchJar.resolveSibling("lib"), benchJar.resolveSibling("nd4j-builds"))) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().forEach(jars::add);
                }
            }
        }
        String f = " " + (cpuFlags == null ? "" : cpuFlags) + " ";
        for (String ext : List.of("", "-onednn", "-onednn-avx512")) {
            for (Path j : jars) {
                if (j.getFileName().toString().equals(prefix + ext + ".jar") && (!ext.endsWith("avx512") || f.contains(" avx512f "))
                        && out.stream().noneMatch(b -> b.extension.equals(ext))) {
                    out.add(new Build(ext.isEmpty() ? "plain" : "oneDNN " + (ext.equals("-onednn") ? "generic" : ext.substring(8)),
                            ext, j));
                }
            }
        }
        return out;
    }

    /** Starts one child per build (sequentially; each loads ND4J and generates the LeNet data, a few seconds). */
    static CnnBuilds start(List<Build> builds, Path benchJar, Path work, int rows, Consumer<String> log) throws IOException {
        CnnBuilds c = new CnnBuilds();
        StringBuilder cp = new StringBuilder(benchJar.toString());
        builds.forEach(b -> cp.append(java.io.File.pathSeparator).append(b.jar));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (Build b : builds) {
            Path dir = Files.createDirectories(work.resolve("cnn-builds").resolve(b.extension.isEmpty() ? "plain" : b.extension.substring(1)));
            List<String> cmd = List.of(java, "-Xmx2g", "-Dorg.bytedeco.javacpp.platform.extension=" + (b.extension.isEmpty() ? "-plain" : b.extension),
                    "-cp", cp.toString(), CnnChild.class.getName(), dir.toString(), String.valueOf(rows));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = r.readLine();
            if (first == null) {
                c.close();
                throw new IllegalStateException("the " + b.name + " child JVM ended before answering (see its messages above)");
            }
            Child child = new Child(b, p, w, r, JSON.readTree(first));
            log.accept("  " + b.name + ": " + child.hello);
            c.children.put(b.name, child);
        }
        return c;
    }

    /**
     * Saves a LeNet (fresh weights, seed 42) and 64 of its images with labels, has every child compute outputs and
     * gradient on them, and returns per build the largest absolute difference from the first (plain) build's.
     */
    Map<String, double[]> check(Path work, TrainingBench.LeNet lenet) throws IOException {
        Path dir = Files.createDirectories(work.resolve("cnn-builds"));
        MultiLayerNetwork net = new MultiLayerNetwork(TrainingBench.lenet());
        net.init();
        Path model = dir.resolve("lenet-check.zip");
        ModelSerializer.writeModel(net, model.toFile(), false);
        int n = 64;
        int cols = TrainingBench.LENET_SIDE * TrainingBench.LENET_SIDE;
        float[] x = new float[n * cols];
        float[] y = new float[n * 10];
        for (int i = 0; i < n; i++) {
            System.arraycopy(lenet.features[i], 0, x, i * cols, cols);
            y[i * 10 + lenet.classes[i]] = 1;
        }
        SyntheticData.writeFloats(dir.resolve("check-features.f32"), x);
        SyntheticData.writeFloats(dir.resolve("check-labels.f32"), y);
        Map<String, float[][]> results = new LinkedHashMap<>();
        for (Child c : children.values()) {
            Path out = Files.createDirectories(dir.resolve("check-" + (c.build.extension.isEmpty() ? "plain" : c.build.extension.substring(1))));
            JsonNode a = c.request(Map.of("op", "check", "model", model.toString(), "rows", n, "cols", cols,
                    "features", dir.resolve("check-features.f32").toString(), "labels", dir.resolve("check-labels.f32").toString(),
                    "out", out.toString()));
            results.put(c.build.name, new float[][] {readFloats(out.resolve("output.f32"), a.get("outputs").asInt()),
                    readFloats(out.resolve("gradient.f32"), a.get("gradients").asInt())});
        }
        Map<String, double[]> diffs = new LinkedHashMap<>();
        float[][] ref = results.values().iterator().next();
        results.forEach((name, r) -> diffs.put(name, new double[] {maxDiff(ref[0], r[0]), maxDiff(ref[1], r[1])}));
        return diffs;
    }

    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    static float[] readFloats(Path file, int count) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[count];
        b.asFloatBuffer().get(f);
        return f;
    }

    @Override
    public void close() {
        for (Child c : children.values()) {
            try {
                c.in.write("{\"op\": \"quit\"}");
                c.in.newLine();
                c.in.flush();
                if (!c.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    c.process.destroy();
                }
            } catch (IOException e) {
                c.process.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.process.destroy();
            }
        }
    }

    /** Runs the part (the check, then interleaved LeNet rounds, with PyTorch when available) into the report. */
    static void section(BenchMain.Options o, TrainingBench tb, TorchWorker torch, List<String> md, Map<String, Object> json,
                        BenchMain.Ratios ratios, Consumer<String> log) throws IOException {
        md.add("### CNNs: ND4J's plain natives against its oneDNN builds (LeNet 28×28×1, batch 64; each build in its own JVM)");
        md.add("");
        Path jar;
        try {
            jar = Path.of(CnnBuilds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            jar = null;
        }
        List<Build> builds = builds(jar, Machine.cpuInfo("flags"));
        if (builds.size() < 2 || !builds.get(0).extension.isEmpty()) {
            log.accept("\ncnn-builds: SKIPPED, needs the jar with lib/ and nd4j-builds/ (found " + builds + ")");
            md.add("SKIPPED: run from `app/bench/target/modelbench-bench.jar` built on Linux x86-64 (found " + builds + ").");
            md.add("");
            return;
        }
        log.accept("\ncnn-builds: " + builds.stream().map(Build::name).toList() + ", " + o.lenetRows + " SYNTHETIC images per repetition, "
                + o.lenetReps + " rounds after " + o.warmups + " warm-up ...");
        TrainingBench.LeNet lenet = tb.new LeNet();
        try (CnnBuilds c = start(builds, jar, o.work, o.lenetRows, log)) {
            Map<String, double[]> diffs = c.check(o.work, lenet);
            List<Interleaved.Case> cases = new ArrayList<>();
            for (Child ch : c.children.values()) {
                cases.add(new Interleaved.Case("session, " + ch.build.name, () -> ch.run("session")));
                cases.add(new Interleaved.Case("bare, " + ch.build.name, () -> ch.run("bare")));
            }
            boolean withTorch = torch != null && torch.available();
            if (withTorch) {
                cases.add(new Interleaved.Case("PyTorch", lenet::torch));
            }
            var r = Interleaved.run(cases, o.warmups, o.lenetReps, log);
            Map<String, Object> j = new LinkedHashMap<>();
            Map<String, Object> chk = new LinkedHashMap<>();
            diffs.forEach((k, v) -> chk.put(k, Map.of("max_abs_output_diff", v[0], "max_abs_gradient_diff", v[1])));
            Map<String, Object> info = new LinkedHashMap<>();
            c.children.forEach((k, ch) -> info.put(k, ch.hello));
            j.put("builds", info);
            j.put("check_vs_plain", chk);
            j.put("series", BenchMain.seriesJson(r));
            json.put("cnn_builds", j);

            md.add("| Build | jar | LeNet session samples/s median [min–max] ±spread | bare DL4J samples/s | max \\|Δ\\| outputs vs plain | max \\|Δ\\| gradient vs plain |");
            md.add("|---|---|---|---|---|---|");
            for (Child ch : c.children.values()) {
                double[] d = diffs.get(ch.build.name);
                md.add(String.format(java.util.Locale.ROOT, "| %s | %s (%.0f MB) | %s | %s | %.1e | %.1e |", ch.build.name, ch.build.jar.getFileName(),
                        Files.size(ch.build.jar) / 1e6, r.get("session, " + ch.build.name).stats().format("%,.0f"),
                        r.get("bare, " + ch.build.name).stats().format("%,.0f"), d[0], d[1]));
            }
            if (withTorch) {
                md.add("| PyTorch (same rounds) | | " + r.get("PyTorch").stats().format("%,.0f") + " | | | |");
            }
            md.add("");
            double worst = diffs.values().stream().mapToDouble(v -> Math.max(v[0], v[1])).max().orElse(0);
            md.add(String.format(java.util.Locale.ROOT, "Correctness: the same saved LeNet (fresh weights) on the same 64 images in every build, oneDNN "
                    + "helpers set where the build has oneDNN: largest difference from the plain build %.1e (target 1e-4: %s).", worst,
                    worst <= 1e-4 ? "met" : "NOT met"));
            md.add("");
            String plain = builds.get(0).name;
            for (Child ch : c.children.values()) {
                if (ch.build.extension.isEmpty()) {
                    continue;
                }
                ratios.add("cnn-builds LeNet session: " + ch.build.name + " ÷ plain", r.get("session, " + ch.build.name).values(),
                        r.get("session, " + plain).values());
                ratios.add("cnn-builds LeNet bare: " + ch.build.name + " ÷ plain", r.get("bare, " + ch.build.name).values(),
                        r.get("bare, " + plain).values());
                if (withTorch) {
                    ratios.add("cnn-builds LeNet session: " + ch.build.name + " ÷ PyTorch", r.get("session, " + ch.build.name).values(),
                            r.get("PyTorch").values());
                }
            }
            if (withTorch) {
                ratios.add("cnn-builds LeNet session: plain ÷ PyTorch", r.get("session, " + plain).values(), r.get("PyTorch").values());
            }
        }
    }
}
