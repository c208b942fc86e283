package io.modelbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Issue 17, item 3: {@code modelbench train} on a small table from a cold start, as a user runs it (a new process each
 * time), next to a scikit-learn {@code MLPClassifier} process doing the same (same split share, scaling, layers 32-16,
 * Adam 0.003, L2 0.03, batch 16, epochs; {@code sklearn_small.py}). Cases, in alternation, the order rotated each round:
 * <ul>
 *   <li>{@code java -jar modelbench.jar train ...} as the README gives it;</li>
 *   <li>the same with the installed command-line launcher's JVM options ({@link #LAUNCHER_OPTIONS}: C1 only);</li>
 *   <li>those and an AppCDS archive of the classes a {@code train} loads, written by the warm-up round with
 *       {@code -XX:ArchiveClassesAtExit} (what JDK 19's {@code -XX:+AutoCreateSharedArchive} would do);</li>
 *   <li>the scikit-learn process ({@code /usr/bin/python3}, with its imports: numpy, scipy, scikit-learn).</li>
 * </ul>
 * Wall time of the whole process, median of the rounds; ratios per round. Then one more run of each ModelBench case
 * with {@code -Xlog:class+load} says where the time goes: the moment the first class of each phase loads (JVM start,
 * the command line parsed and the CSV read, ND4J's native backend, the network built, the epochs, the evaluation and
 * the zip).
 */
final class SmallBench {

    /** The JVM options that make a short {@code train} fast (measured here; see docs/PERFORMANCE.md, "Small tables"). */
    static final List<String> LAUNCHER_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    static final String PLAIN = "ModelBench train, java -jar";
    static final String LAUNCHER = "ModelBench train, launcher options (C1 only)";
    static final String LAUNCHER_CDS = "ModelBench train, launcher options + AppCDS archive";
    static final String SKLEARN = "scikit-learn MLPClassifier process";

    record Table(String id, String label, List<String> trainArgs, String csv, String target, int epochs, int patience, String drop) {
    }

    record Result(Table table, Map<String, Interleaved.Series> series, Map<String, List<String>> phases, String sklearnRecipe) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private SmallBench() {
    }

    /** Iris with 50 epochs (the case) and the titanic-like table of the engine's tests with the defaults. */
    static List<Table> tables(Path repo) {
        Path titanic = repo.resolve("app/engine/src/test/resources/trust/titanic_like.csv");
        return List.of(
                new Table("iris", "Iris, 150 rows, 50 epochs", List.of("--data", "sample:iris", "--epochs", "50"),
                        repo.resolve("sample-data/iris.csv").toString(), "species", 50, 0, ""),
                new Table("titanic", "titanic-like, 891 rows, the defaults (early stopping)", List.of("--data", titanic.toString(),
                        "--target", "survived", "--ignore", "PassengerId,alive,Fare"),
                        titanic.toString(), "survived", -1, 10, "PassengerId,alive,Fare"));
    }

    static Result run(Table t, Path cliJar, String python, Path work, int warmups, int reps, Consumer<String> log)
            throws IOException, InterruptedException {
        Path dir = work.resolve("small-" + t.id());
        Files.createDirectories(dir);
        Path script = extract(work);
        Path archive = dir.resolve("modelbench-cli.jsa");
        Files.deleteIfExists(archive);
        // the epochs ModelBench's defaults choose for the table: scikit-learn gets the same budget
        int epochs = t.epochs();
        if (epochs < 0) {
            long rows;
            try (var lines = Files.lines(Path.of(t.csv()))) {
                rows = lines.filter(l -> !l.isBlank()).count() - 1;
            }
            epochs = io.modelbench.engine.train.Defaults.adapt(io.modelbench.engine.api.TrainingSettings.defaults(), (int) rows,
                    io.modelbench.engine.api.SplitSettings.defaults(42), java.util.Set.of()).epochs();
        }
        List<String> sk = List.of(python, script.toString(), t.csv(), t.target(), String.valueOf(epochs), "16",
                String.valueOf(t.patience()), t.drop());
        List<Interleaved.Case> cases = new ArrayList<>();
        cases.add(new Interleaved.Case(PLAIN, () -> timed(() -> runCli(cliJar, t, dir, List.of(), "plain"))));
        cases.add(new Interleaved.Case(LAUNCHER, () -> timed(() -> runCli(cliJar, t, dir, LAUNCHER_OPTIONS, "launcher"))));
        cases.add(new Interleaved.Case(LAUNCHER_CDS, () -> timed(() -> {
            List<String> opts = new ArrayList<>(LAUNCHER_OPTIONS);
            // the first run writes the archive (as JDK 19's -XX:+AutoCreateSharedArchive would), the others read it
            opts.add(Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
            return runCli(cliJar, t, dir, opts, "launcher-cds");
        })));
        cases.add(new Interleaved.Case(SKLEARN, () -> timed(() -> runProcess(sk, dir, "sklearn"))));
        Map<String, Interleaved.Series> series = Interleaved.run(cases, warmups, reps, log);
        Map<String, List<String>> phases = new LinkedHashMap<>();
        phases.put("java -jar", phases(cliJar, t, dir, List.of()));
        List<String> launcher = new ArrayList<>(LAUNCHER_OPTIONS);
        if (Files.isRegularFile(archive)) {
            launcher.add("-XX:SharedArchiveFile=" + archive);
        }
        phases.put("launcher options", phases(cliJar, t, dir, LAUNCHER_OPTIONS));
        phases.put("launcher options + AppCDS", phases(cliJar, t, dir, launcher));
        return new Result(t, series, phases, String.join(" ", sk.subList(1, sk.size())).replace(work.toString() + "/", ""));
    }

    private interface Run {
        JsonNode get() throws IOException, InterruptedException;
    }

    /** Wall seconds of one whole process; extras: its test accuracy and epochs. */
    private static Interleaved.Sample timed(Run r) {
        try {
            long t0 = System.nanoTime();
            JsonNode out = r.get();
            double s = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> extras = new LinkedHashMap<>();
            double acc = out.has("accuracy") ? out.path("accuracy").asDouble() : out.path("test").path("accuracy").asDouble(Double.NaN);
            extras.put("test accuracy", acc);
            extras.put("epochs", out.path("epochs").asDouble(Double.NaN));
            return new Interleaved.Sample(s, extras);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode runCli(Path cliJar, Table t, Path dir, List<String> jvm, String name) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(cliJar.toString());
        cmd.add("train");
        cmd.addAll(t.trainArgs());
        cmd.addAll(List.of("--out", dir.resolve(name + ".zip").toString(), "-q"));
        return runProcess(cmd, dir, name);
    }

    /** Runs a command that prints one JSON object on stdout; its stderr goes to NAME.log. */
    private static JsonNode runProcess(List<String> cmd, Path dir, String name) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".json");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve(name + ".log").toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": no answer within 600 s");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || text.isBlank()) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": see " + dir.resolve(name + ".log"));
        }
        return JSON.readTree(text.substring(text.indexOf('{')));
    }

    /** The phases of one cold run from the class-load log: when the first class of each phase loaded (uptime, s). */
    static List<String> phases(Path cliJar, Table t, Path dir, List<String> jvm) throws IOException, InterruptedException {
        Path logFile = dir.resolve("class-load.txt");
        Files.deleteIfExists(logFile);
        List<String> opts = new ArrayList<>(jvm);
        opts.add("-Xlog:class+load:file=" + logFile + ":uptime");
        long t0 = System.nanoTime();
        runCli(cliJar, t, dir, opts, "phases");
        double wall = (System.nanoTime() - t0) / 1e9;
        List<String> lines = Files.readAllLines(logFile);
        String[][] marks = {
            {"io.modelbench.cli.ModelBenchCli ", "JVM started, main class loaded"},
            {"io.modelbench.engine.data.CsvTables ", "command line parsed, logging set up (picocli, Jackson, logback): CSV read starts"},
            {"org.nd4j.linalg.factory.Nd4j ", "table read, profiled and checked: ND4J's native backend starts loading"},
            {"io.modelbench.engine.train.TrainingLoop ", "backend loaded: data prepared (split, encoding)"},
            {"io.modelbench.engine.api.TrainingEvent$Started ", "network built: the first epoch starts"},
            {"io.modelbench.engine.api.TrainingEvent$Finished ", "epochs done (fit, validation each epoch, checkpoints)"},
        };
        List<String> out = new ArrayList<>();
        double prev = 0;
        String prevLabel = "JVM start";
        for (String[] m : marks) {
            double at = firstLoad(lines, m[0]);
            if (Double.isNaN(at)) {
                continue;
            }
            out.add(String.format(Locale.ROOT, "%.2f s until: %s (%.2f s)", at - prev, m[1], at));
            prev = at;
            prevLabel = m[1];
        }
        double last = lines.isEmpty() ? Double.NaN : uptime(lines.get(lines.size() - 1));
        out.add(String.format(Locale.ROOT, "%.2f s: test report, baseline, linear reference, model zip, JSON (last class loaded at %.2f s)",
                last - prev, last));
        out.add(String.format(Locale.ROOT, "%.2f s: JVM exit, as the parent saw it (whole process %.2f s, %d classes loaded; after: %s)",
                wall - last, wall, lines.size(), prevLabel));
        return out;
    }

    /** The report's section, the ratios (ModelBench's wall time ÷ scikit-learn's, per round) and the JSON. */
    static List<String> section(List<Result> results, BenchMain.Ratios ratios, Map<String, Object> json) {
        List<String> md = new ArrayList<>();
        md.add("### Small tables from a cold start (`train`, a new process each time, against a scikit-learn process)");
        md.add("");
        md.add("Launcher options: `" + String.join(" ", LAUNCHER_OPTIONS) + "` (what the installed `modelbench` command runs with); "
                + "+ AppCDS: with `-XX:SharedArchiveFile=…` too, an archive of the classes a `train` loads, written by the warm-up run. Wall time of the whole process, seconds; test accuracy of each (ModelBench: its own 70/10/20 split; "
                + "scikit-learn: `sklearn_small.py`, 80/20, the same layers, optimizer, L2, batch and epochs).");
        md.add("");
        md.add("| Table | Case | wall s median [min–max] ±spread | n | test accuracy (median) | epochs run (median) |");
        md.add("|---|---|---|---|---|---|");
        Map<String, Object> j = new LinkedHashMap<>();
        for (Result r : results) {
            for (var s : r.series().values()) {
                md.add("| " + r.table().label() + " | " + s.name + " | " + s.stats().format("%.2f") + " | " + s.stats().n() + " | "
                        + String.format(Locale.ROOT, "%.3f", Stats.of(s.extra("test accuracy")).median()) + " | "
                        + String.format(Locale.ROOT, "%.0f", Stats.of(s.extra("epochs")).median()) + " |");
            }
            Map<String, Object> e = new LinkedHashMap<>();
            for (var s : r.series().values()) {
                e.put(s.name, Map.of("values", s.values, "extras", s.extras, "stats", s.stats()));
            }
            e.put("phases", r.phases());
            e.put("sklearn_args", r.sklearnRecipe());
            j.put(r.table().id(), e);
        }
        md.add("");
        for (Result r : results) {
            double[] sk = r.series().get(SKLEARN).values();
            String name = r.table().id().equals("iris") ? "Iris" : "titanic-like";
            ratios.add("Small: " + name + " train, launcher options ÷ scikit-learn process (wall time)",
                    r.series().get(LAUNCHER).values(), sk, true);
            ratios.add("Small: " + name + " train, launcher options + AppCDS ÷ scikit-learn process (wall time)",
                    r.series().get(LAUNCHER_CDS).values(), sk, true);
            ratios.add("Small: " + name + " train, java -jar ÷ scikit-learn process (wall time)",
                    r.series().get(PLAIN).values(), sk, true);
            for (var e : r.phases().entrySet()) {
                md.add("Where the time of one " + r.table().label() + " run goes (" + e.getKey() + "; `-Xlog:class+load` times, one run):");
                md.add("");
                e.getValue().forEach(x -> md.add("- " + x));
                md.add("");
            }
        }
        json.put("small", j);
        return md;
    }

    private static double firstLoad(List<String> lines, String cls) {
        for (String l : lines) {
            if (l.contains(cls)) {
                return uptime(l);
            }
        }
        return Double.NaN;
    }

    private static double uptime(String line) {
        int close = line.indexOf("s]");
        return line.startsWith("[") && close > 1 ? Double.parseDouble(line.substring(1, close)) : Double.NaN;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Path extract(Path work) throws IOException {
        Path script = work.resolve("sklearn_small.py");
        try (InputStream in = SmallBench.class.getResourceAsStream("python/sklearn_small.py")) {
            if (in == null) {
                throw new IOException("sklearn_small.py is not in the bench jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** The repository root for a bench jar in app/bench/target (or the working directory). */
    static Path repo(Path benchJarDir) {
        Path p = benchJarDir.toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-data")) && Files.isDirectory(p.resolve("app/cli"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
