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
 *   <li>the same with {@code -Dmodelbench.preload=false}: the native backend loaded when the command needs it, as
 *       before issue 17's cut (the difference is what loading it on a thread of its own from the start buys);</li>
 *   <li>the same with the JVM options a launcher could carry ({@link #LAUNCHER_OPTIONS}: C1 only; the installed one carries none yet);</li>
 *   <li>those and an AppCDS archive of the classes a {@code train} loads, written by the warm-up round with
 *       {@code -XX:ArchiveClassesAtExit} (what JDK 19's {@code -XX:+AutoCreateSharedArchive} would do);</li>
 *   <li>the archive alone, with the default JIT (C1 only costs long runs: docs/PERFORMANCE.md);</li>
 *   <li>the scikit-learn process ({@code /usr/bin/python3}, with its imports: numpy, scipy, scikit-learn).</li>
 * </ul>
 * Wall time of the whole process, median of the rounds; ratios per round; the load average when each run ended. Every
 * ModelBench run also says where its time went: with {@code -Dmodelbench.phases=true} the command line prints the
 * wall-clock moment each phase ends ({@code PhaseClock}: JVM start to the main class, options parsed, table read and
 * checked, native backend, data and network, epochs (with the fit and validation seconds in them), test report,
 * linear reference, model zip, result; and the JVM's exit as this process saw it), and the report gives each phase's
 * median over the rounds.
 */
final class SmallBench {

    /** The JVM options that make a short {@code train} fast (measured here; see docs/PERFORMANCE.md, "Small tables"). */
    static final List<String> LAUNCHER_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    static final String PLAIN = "ModelBench train, java -jar";
    static final String NO_PRELOAD = "ModelBench train, java -jar, backend loaded when needed (before)";
    static final String LAUNCHER = "ModelBench train, launcher options (C1 only)";
    static final String LAUNCHER_CDS = "ModelBench train, launcher options + AppCDS archive";
    static final String CDS_ONLY = "ModelBench train, java -jar + AppCDS archive (default JIT)";
    static final String SKLEARN = "scikit-learn MLPClassifier process";

    record Table(String id, String label, List<String> trainArgs, String csv, String target, int epochs, int patience, String drop) {
    }

    record Result(Table table, Map<String, Interleaved.Series> series, String sklearnRecipe) {
    }

    /** The prefix of the extras that hold a phase's seconds. */
    static final String PHASE = "phase: ";

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
        cases.add(new Interleaved.Case(NO_PRELOAD, () -> timed(() -> runCli(cliJar, t, dir, List.of("-Dmodelbench.preload=false"), "no-preload"))));
        cases.add(new Interleaved.Case(LAUNCHER, () -> timed(() -> runCli(cliJar, t, dir, LAUNCHER_OPTIONS, "launcher"))));
        cases.add(new Interleaved.Case(LAUNCHER_CDS, () -> timed(() -> {
            List<String> opts = new ArrayList<>(LAUNCHER_OPTIONS);
            // the first run writes the archive (as JDK 19's -XX:+AutoCreateSharedArchive would), the others read it
            opts.add(Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
            return runCli(cliJar, t, dir, opts, "launcher-cds");
        })));
        cases.add(new Interleaved.Case(CDS_ONLY, () -> timed(() -> runCli(cliJar, t, dir,
                List.of(Files.isRegularFile(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive), "cds"))));
        cases.add(new Interleaved.Case(SKLEARN, () -> timed(() -> runProcess(sk, dir, "sklearn"))));
        Map<String, Interleaved.Series> series = Interleaved.run(cases, warmups, reps, log);
        return new Result(t, series, String.join(" ", sk.subList(1, sk.size())).replace(work.toString() + "/", ""));
    }

    private interface Run {
        Ran get() throws IOException, InterruptedException;
    }

    /** One process's result line, its stderr, and when it was started and seen to exit (wall clock, ms). */
    record Ran(JsonNode json, Path log, long startMillis, long endMillis) {
    }

    /**
     * Wall seconds of one whole process; extras: its test accuracy, epochs, the load average at its end and, for a
     * ModelBench run, each phase's seconds ({@link #phases}).
     */
    private static Interleaved.Sample timed(Run r) {
        try {
            long t0 = System.nanoTime();
            Ran ran = r.get();
            double s = (System.nanoTime() - t0) / 1e9;
            JsonNode out = ran.json();
            Map<String, Double> extras = new LinkedHashMap<>();
            double acc = out.has("accuracy") ? out.path("accuracy").asDouble() : out.path("test").path("accuracy").asDouble(Double.NaN);
            extras.put("test accuracy", acc);
            extras.put("epochs", out.path("epochs").asDouble(Double.NaN));
            extras.put("load average", loadAverage());
            extras.putAll(phases(Files.readAllLines(ran.log(), StandardCharsets.UTF_8), ran.startMillis(), ran.endMillis()));
            return new Interleaved.Sample(s, extras);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Ran runCli(Path cliJar, Table t, Path dir, List<String> jvm, String name) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvm);
        cmd.add("-Dmodelbench.phases=true");
        cmd.add("-jar");
        cmd.add(cliJar.toString());
        cmd.add("train");
        cmd.addAll(t.trainArgs());
        cmd.addAll(List.of("--out", dir.resolve(name + ".zip").toString(), "-q"));
        return runProcess(cmd, dir, name);
    }

    /** Runs a command that prints one JSON object on stdout; its stderr goes to NAME.log. */
    private static Ran runProcess(List<String> cmd, Path dir, String name) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".json");
        Path log = dir.resolve(name + ".log");
        long start = System.currentTimeMillis();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": no answer within 600 s");
        }
        long end = System.currentTimeMillis();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || text.isBlank()) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": see " + dir.resolve(name + ".log"));
        }
        return new Ran(JSON.readTree(text.substring(text.indexOf('{'))), log, start, end);
    }

    /**
     * Each phase's seconds from the {@code PhaseClock} lines of one run's stderr ({@code modelbench-phase MS LABEL}, the
     * phase named by the label up to its first ';'): from the previous mark, the first from the moment the process was
     * started; then "JVM exit" to the moment it was seen to end. The epochs' mark carries the seconds inside
     * {@code fit()} and in validation ({@code fit 1.234 s; validation 0.123 s}): two more extras. Empty without marks.
     */
    static Map<String, Double> phases(List<String> stderr, long startMillis, long endMillis) {
        Map<String, Double> out = new LinkedHashMap<>();
        long prev = startMillis;
        for (String line : stderr) {
            if (!line.startsWith(io.modelbench.engine.io.PhaseClock.PREFIX)) {
                continue;
            }
            String[] f = line.substring(io.modelbench.engine.io.PhaseClock.PREFIX.length()).split(" ", 2);
            long at = Long.parseLong(f[0]);
            String[] parts = f.length < 2 ? new String[] {"?"} : f[1].split(";");
            out.merge(PHASE + parts[0].trim(), (at - prev) / 1000.0, Double::sum);
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].trim().split(" ");
                if (kv.length == 3 && kv[2].equals("s")) {
                    out.put(PHASE + "  of which " + kv[0], Double.parseDouble(kv[1]));
                }
            }
            prev = at;
        }
        if (!out.isEmpty()) {
            out.put(PHASE + "JVM exit, as the parent saw it", (endMillis - prev) / 1000.0);
        }
        return out;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The report's section, the ratios (ModelBench's wall time ÷ scikit-learn's, per round) and the JSON. */
    static List<String> section(List<Result> results, BenchMain.Ratios ratios, Map<String, Object> json) {
        List<String> md = new ArrayList<>();
        md.add("### Small tables from a cold start (`train`, a new process each time, against a scikit-learn process)");
        md.add("");
        md.add("Launcher options: `" + String.join(" ", LAUNCHER_OPTIONS) + "` (what a launcher could carry; the installed `modelbench` carries no JVM option yet: docs/PERFORMANCE.md); "
                + "+ AppCDS: with `-XX:SharedArchiveFile=…` too, an archive of the classes a `train` loads, written by the warm-up run. Wall time of the whole process, seconds; test accuracy of each (ModelBench: its own 70/10/20 split; "
                + "scikit-learn: `sklearn_small.py`, 80/20, the same layers, optimizer, L2, batch and epochs).");
        md.add("");
        md.add("| Table | Case | wall s median [min–max] ±spread | n | test accuracy (median) | epochs run (median) | load average (median [min–max]) |");
        md.add("|---|---|---|---|---|---|---|");
        Map<String, Object> j = new LinkedHashMap<>();
        for (Result r : results) {
            for (var s : r.series().values()) {
                md.add("| " + r.table().label() + " | " + s.name + " | " + s.stats().format("%.2f") + " | " + s.stats().n() + " | "
                        + String.format(Locale.ROOT, "%.3f", Stats.of(s.extra("test accuracy")).median()) + " | "
                        + String.format(Locale.ROOT, "%.0f", Stats.of(s.extra("epochs")).median()) + " | "
                        + finite(s.extra("load average"), "%.1f", true) + " |");
            }
            Map<String, Object> e = new LinkedHashMap<>();
            for (var s : r.series().values()) {
                e.put(s.name, Map.of("values", s.values, "extras", s.extras, "stats", s.stats()));
            }
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
            md.addAll(phaseTable(r));
        }
        json.put("small", j);
        return md;
    }

    /** Where the time of a run went, per ModelBench case: each phase's median over the rounds (seconds). */
    static List<String> phaseTable(Result r) {
        List<Interleaved.Series> cli = r.series().values().stream().filter(s -> !s.name.equals(SKLEARN)).toList();
        List<String> phases = new ArrayList<>();
        cli.forEach(s -> s.extras.keySet().stream().filter(k -> k.startsWith(PHASE) && !phases.contains(k)).forEach(phases::add));
        List<String> md = new ArrayList<>();
        if (phases.isEmpty()) {
            return md;
        }
        md.add("Where the time of a " + r.table().label() + " run goes (`-Dmodelbench.phases=true` marks; seconds until each "
                + "phase ended from the previous one, median of the rounds):");
        md.add("");
        StringBuilder head = new StringBuilder("| phase |");
        StringBuilder rule = new StringBuilder("|---|");
        cli.forEach(s -> {
            head.append(' ').append(s.name.replace("ModelBench train, ", "")).append(" |");
            rule.append("---|");
        });
        md.add(head.toString());
        md.add(rule.toString());
        for (String ph : phases) {
            StringBuilder row = new StringBuilder("| " + ph.substring(PHASE.length()) + " |");
            cli.forEach(s -> row.append(' ').append(finite(s.extra(ph), "%.2f", false)).append(" |"));
            md.add(row.toString());
        }
        md.add("");
        return md;
    }

    /** The median (and with {@code range} [min–max]) of the finite values, or "–" when there are none. */
    static String finite(double[] values, String format, boolean range) {
        double[] v = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
        if (v.length == 0) {
            return "–";
        }
        Stats st = Stats.of(v);
        return range ? String.format(Locale.ROOT, format + " [" + format + "–" + format + "]", st.median(), st.min(), st.max())
                : String.format(Locale.ROOT, format, st.median());
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
