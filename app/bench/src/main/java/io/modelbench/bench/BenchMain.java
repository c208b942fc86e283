package io.modelbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelbench.engine.nativeenv.NativeEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ModelBench's benchmark harness. {@code java -jar app/bench/target/modelbench-bench.jar all} runs everything
 * (a few minutes) and prints a Markdown report; see docs/PERFORMANCE.md. Every comparison is a ratio of
 * figures measured in the same round of alternating repetitions, reported as median [min–max] ±half-range.
 */
public final class BenchMain {

    /** The MLP case of ModelBench's DenseTrainer alone (the session's trainer for plain dense networks). */
    static final String BARE_DENSE = "bare ModelBench DenseTrainer";
    private static final Set<String> COMMANDS = Set.of("all", "env", "gemm", "mlp", "levers", "lenet", "train", "csv", "serve", "ui", "cnn-builds", "infer", "small");

    private BenchMain() {
    }

    static final String CHILD_C2 = "bare DL4J, child JVM (MlpProbe), default JIT";
    static final String CHILD_C1 = "bare DL4J, child JVM (MlpProbe), C1 only";
    /** The variable ModelBench sets for OpenBLAS's idle threads (NativeEnvironment) and PyTorch's second worker leaves out. */
    static final String OWN_TIMEOUT_VAR = "OPENBLAS_THREAD_TIMEOUT";
    static final String TORCH_OWN_TIMEOUT = InferBench.OWN;

    /**
     * The faster PyTorch configuration of this run (by median): "PyTorch" (ModelBench's native environment) or, where it
     * ran, the same without ModelBench's OpenBLAS thread timeout; which one is noted in the report.
     */
    static Interleaved.Series fasterTorch(Map<String, Interleaved.Series> r, String model, List<String> md) {
        Interleaved.Series same = r.get("PyTorch");
        Interleaved.Series own = r.get(TORCH_OWN_TIMEOUT);
        if (own == null) {
            return same;
        }
        Interleaved.Series faster = own.stats().median() > same.stats().median() ? own : same;
        md.add(model + ": each \"÷ PyTorch\" ratio is against \"" + faster.name + "\", the faster PyTorch configuration in this run ("
                + String.format(Locale.ROOT, "%,.0f against %,.0f samples/s", faster.stats().median(),
                (faster == own ? same : own).stats().median()) + ").");
        md.add("");
        log("  " + model + " ÷ PyTorch ratios against: " + faster.name);
        return faster;
    }

    static final class Options {
        String command = "all";
        int reps = 5;
        int gemmReps = 7;
        int lenetReps = 3;
        int csvReps = 3;
        int warmups = 1;
        int mlpEpochs = 3;
        int lenetRows = 1_600;
        int csvRows = 1_000_000;
        int serveReps = 3;
        int inferCalls = 200;
        int smallReps = 5;
        Path cli;
        double serveSeconds = 5;
        boolean torch = true;
        boolean profile = true;
        String python = System.getenv().getOrDefault("MODELBENCH_BENCH_PYTHON", "/usr/bin/python3");
        Path work;

        boolean runs(String part) {
            return command.equals("all") || command.equals(part)
                    || (command.equals("train") && (part.equals("mlp") || part.equals("lenet")));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("defaults")) {
            NativeEnvironment.applyBeforeLoad();
            DefaultsBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // First, before any ND4J class loads: OpenBLAS kernel and OpenMP wait policy (process environment).
        Map<String, String> applied = NativeEnvironment.applyBeforeLoad();
        Options o = parse(args);
        if (o == null) {
            return;
        }
        Files.createDirectories(o.work);
        System.exit(run(o, applied));
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--reps" -> o.reps = Integer.parseInt(args[++i]);
                case "--gemm-reps" -> o.gemmReps = Integer.parseInt(args[++i]);
                case "--lenet-reps" -> o.lenetReps = Integer.parseInt(args[++i]);
                case "--csv-reps" -> o.csvReps = Integer.parseInt(args[++i]);
                case "--epochs" -> o.mlpEpochs = Integer.parseInt(args[++i]);
                case "--csv-rows" -> o.csvRows = Integer.parseInt(args[++i]);
                case "--serve-reps" -> o.serveReps = Integer.parseInt(args[++i]);
                case "--infer-calls" -> o.inferCalls = Integer.parseInt(args[++i]);
                case "--serve-seconds" -> o.serveSeconds = Double.parseDouble(args[++i]);
                case "--no-torch" -> o.torch = false;
                case "--no-profile" -> o.profile = false;
                case "--python" -> o.python = args[++i];
                case "--small-reps" -> o.smallReps = Integer.parseInt(args[++i]);
                case "--cli" -> o.cli = Path.of(args[++i]);
                case "--work" -> o.work = Path.of(args[++i]);
                case "--quick" -> {
                    // 3 rounds of the training groups: with 2 the median was the mean of a pair that swung ±25 %
                    o.reps = 3;
                    o.gemmReps = 2;
                    o.lenetReps = 3;
                    o.csvReps = 1;
                    o.mlpEpochs = 2;
                    o.lenetRows = 640;
                    o.csvRows = 100_000;
                    o.serveReps = 2;
                    o.serveSeconds = 3;
                    o.smallReps = 3;
                    o.inferCalls = 100;
                }
                case "-h", "--help" -> {
                    System.out.println("""
                            usage: java -jar modelbench-bench.jar [all|env|gemm|train|mlp|levers|lenet|cnn-builds|infer|csv|serve|ui|small] [options]  (ui: the desktop app under a DISPLAY)
                              --reps N        rounds of the MLP group (5)   --gemm-reps N (7)   --lenet-reps N (3)
                              --epochs N      MLP epochs per repetition (3)         --csv-reps N (3)
                              --csv-rows N    rows of the generated CSV (1000000)   --quick  (a smoke run)
                              --serve-reps N  rounds of the serve part (3)          --serve-seconds S  load per round (5)
                              --infer-calls N batch-1 calls per infer repetition (200; --quick 100)
                              --no-torch      skip PyTorch                          --no-profile (no JFR of the CSV read)
                              --python PATH   interpreter with torch (/usr/bin/python3; env MODELBENCH_BENCH_PYTHON)
                              --work DIR      data and reports (default: bench-data next to the jar)
                              --small-reps N  rounds of the small part (5)          --cli JAR  (app/cli/target/modelbench.jar)""");
                    return null;
                }
                default -> {
                    if (!COMMANDS.contains(a)) {
                        throw new IllegalArgumentException("unknown argument '" + a + "' (try --help)");
                    }
                    o.command = a;
                }
            }
        }
        if (o.work == null) {
            o.work = defaultWorkDir();
        }
        return o;
    }

    /** bench-data next to the jar (app/bench/target/bench-data), or under ./target when run from classes. */
    static Path defaultWorkDir() {
        try {
            Path code = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent().resolve("bench-data");
        } catch (Exception e) {
            return Path.of("target", "bench-data").toAbsolutePath();
        }
    }

    static int run(Options o, Map<String, String> applied) throws Exception {
        Instant started = Instant.now();
        List<String> md = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> machine = Machine.basics();
        boolean needsNd4j = o.runs("gemm") || o.runs("mlp") || o.runs("levers") || o.runs("lenet") || o.runs("cnn-builds") || o.runs("infer") || o.command.equals("env");
        boolean ftz = false;
        if (needsNd4j) {
            ftz = NativeEnvironment.enableFlushToZero();
            org.nd4j.linalg.factory.Nd4j.create(1);
            machine.putAll(Machine.nativeFacts(applied, ftz));
        }
        TorchWorker torch = null;
        boolean needsTorch = o.torch && (o.runs("gemm") || o.runs("mlp") || o.runs("lenet") || o.runs("cnn-builds") || o.runs("infer"));
        if (needsTorch || (o.torch && o.command.equals("env"))) {
            torch = TorchWorker.start(o.python, o.work, 2, applied);
            if (torch.available()) {
                JsonNode i = torch.info();
                machine.put("PyTorch", i.path("torch").asText() + " (python " + i.path("python").asText() + ", "
                        + i.path("threads").asInt() + " threads, flush_denormal " + i.path("flush_denormal").asBoolean()
                        + ", mkldnn " + i.path("mkldnn").asBoolean() + ")");
                machine.put("PyTorch process environment", "OMP_NUM_THREADS=2, OPENBLAS_NUM_THREADS=2"
                        + (applied.isEmpty() ? "" : ", " + applied) + "; torch.set_num_threads(2), set_flush_denormal(True)");
                machine.put("PyTorch BLAS", i.path("blas_library").toString() + ", OpenBLAS kernel "
                        + i.path("openblas_core").asText("none (not OpenBLAS: expect ~60x slower matrix products)"));
            } else {
                machine.put("PyTorch", "SKIPPED: " + torch.unavailableReason());
            }
        }
        log("Machine:");
        machine.forEach((k, v) -> log("  " + k + ": " + v));
        json.put("machine", machine);

        md.add("### Machine");
        md.add("");
        md.add("| | |");
        md.add("|---|---|");
        machine.forEach((k, v) -> md.add("| " + k + " | " + String.valueOf(v).replace("|", "\\|") + " |"));
        md.add("");

        Ratios ratios = new Ratios();
        Map<String, Interleaved.Series> gemm = null;
        boolean withTorch = torch != null && torch.available();
        // PyTorch with OpenBLAS's own thread timeout as well: ModelBench's OPENBLAS_THREAD_TIMEOUT=20 made PyTorch's LeNet
        // ~40 % faster and its MLP ~24 % slower here, so each "÷ PyTorch" below is against the faster of the two
        TorchWorker torchOwnTimeout = null;
        if (withTorch && applied.containsKey(OWN_TIMEOUT_VAR) && (o.runs("mlp") || o.runs("lenet") || o.runs("infer"))) {
            Map<String, String> without = new LinkedHashMap<>(applied);
            without.remove(OWN_TIMEOUT_VAR);
            torchOwnTimeout = TorchWorker.start(o.python, o.work, 2, without);
            if (!torchOwnTimeout.available()) {
                torchOwnTimeout.close();
                torchOwnTimeout = null;
            } else {
                machine.put("PyTorch, second worker", "the same environment without " + OWN_TIMEOUT_VAR
                        + " (OpenBLAS's own: idle threads spin 2^28 cycles); the MLP, LeNet and inference parts run both");
            }
        }
        try {
            if (o.runs("gemm")) {
                log("\nGEMM (FP32), " + o.gemmReps + " rounds after " + o.warmups + " warm-up ...");
                List<Interleaved.Case> cases = new ArrayList<>();
                cases.add(GemmBench.nd4j(GemmBench.PEAK));
                cases.add(GemmBench.nd4j(GemmBench.LAYER));
                if (withTorch) {
                    cases.add(GemmBench.torch(GemmBench.PEAK, torch));
                    cases.add(GemmBench.torch(GemmBench.LAYER, torch));
                }
                gemm = Interleaved.run(cases, o.warmups, o.gemmReps, BenchMain::log);
                json.put("gemm", seriesJson(gemm));
                md.add("### FP32 matrix multiply (GFLOP/s; one repetition = median of a block of calls)");
                md.add("");
                md.add("| Product | GFLOP/s median [min–max] ±spread | n |");
                md.add("|---|---|---|");
                for (var s : gemm.values()) {
                    md.add("| " + s.name + " | " + s.stats().format("%,.1f") + " | " + s.stats().n() + " |");
                }
                md.add("");
                if (withTorch) {
                    ratios.add("GEMM 2048³: ND4J ÷ torch.mm", gemm.get("ND4J mmul 2048³").values(), gemm.get("torch.mm 2048³").values());
                    String layer = GemmBench.LAYER.label();
                    ratios.add("GEMM " + layer + ": ND4J ÷ torch.mm", gemm.get("ND4J mmul " + layer).values(),
                            gemm.get("torch.mm " + layer).values());
                }
            }
            // the machine's peak: the higher of the ND4J and torch.mm 2048³ medians (both are OpenBLAS sgemm with
            // the same kernel; on a shared machine either one's median can come out low)
            double peak = Double.NaN;
            String peakName = "";
            if (gemm != null) {
                for (String k : List.of("ND4J mmul 2048³", "torch.mm 2048³")) {
                    if (gemm.containsKey(k) && !(gemm.get(k).stats().median() <= peak)) {
                        peak = gemm.get(k).stats().median();
                        peakName = k;
                    }
                }
                md.add(String.format(Locale.ROOT, "Peak used for \"%% of peak\" below: **%.1f GFLOP/s** (%s median; the higher of the ND4J and torch.mm 2048³ medians).",
                        peak, peakName));
                md.add("");
                json.put("peak_gflops", peak);
            }

            List<String> trainRows = new ArrayList<>();
            TrainingBench tb = new TrainingBench(o.mlpEpochs, o.lenetRows, o.work, torch);
            try {
                if (o.runs("mlp")) {
                    log("\nMLP 784-256-256-10, batch 128, " + o.mlpEpochs + " epochs per repetition, SYNTHETIC 20,000 x 784, "
                            + o.reps + " rounds after " + o.warmups + " warm-up ...");
                    TrainingBench.Mlp mlp = tb.new Mlp();
                    List<Interleaved.Case> cases = new ArrayList<>();
                    cases.add(new Interleaved.Case("session, no validation", () -> mlp.session(0)));
                    cases.add(new Interleaved.Case("session, 10 % validation", () -> mlp.session(TrainingBench.VALIDATION_FRACTION)));
                    cases.add(new Interleaved.Case("bare DL4J fit(iterator)", mlp::bare));
                    cases.add(new Interleaved.Case(BARE_DENSE, mlp::bareDense));
                    cases.add(new Interleaved.Case("bare + Trainer's per-epoch batching", mlp::bareWithSessionBatching));
                    cases.add(new Interleaved.Case(CHILD_C2, () -> mlp.child(List.of())));
                    cases.add(new Interleaved.Case(CHILD_C1, () -> mlp.child(List.of("-XX:TieredStopAtLevel=1"))));
                    if (withTorch) {
                        cases.add(new Interleaved.Case("PyTorch", mlp::torch));
                    }
                    if (torchOwnTimeout != null) {
                        TorchWorker w = torchOwnTimeout;
                        cases.add(new Interleaved.Case(TORCH_OWN_TIMEOUT, () -> mlp.torch(w)));
                    }
                    var r = Interleaved.run(cases, o.warmups, o.reps, BenchMain::log);
                    json.put("mlp", seriesJson(r));
                    double flops = TrainingBench.mlpFlopsPerSample();
                    var session = r.get("session, no validation");
                    for (var s : r.values()) {
                        trainRows.add(trainRow("MLP 784-256-256-10, batch 128", s.name, s, flops, peak));
                    }
                    trainRows.add(trainRow("MLP 784-256-256-10, batch 128", "session, no validation: fit() time only (Trainer's figure)",
                            Stats.of(session.extra("fit-only samples/s (Trainer's own figure)")), flops, peak));
                    var withBatching = r.get("bare + Trainer's per-epoch batching");
                    trainRows.add(trainRow("MLP 784-256-256-10, batch 128", "bare + Trainer's per-epoch batching: fit() time only",
                            Stats.of(withBatching.extra("fit-only samples/s")), flops, peak));
                    double[] bare = r.get("bare DL4J fit(iterator)").values();
                    ratios.add("MLP: bare + Trainer's per-epoch batching ÷ bare DL4J", withBatching.values(), bare);
                    ratios.add("MLP: session ÷ (bare + Trainer's per-epoch batching)", session.values(), withBatching.values());
                    ratios.add("MLP: session ÷ bare DL4J (no validation; whole train() call)", session.values(), bare);
                    ratios.add("MLP: bare DenseTrainer ÷ bare DL4J", r.get(BARE_DENSE).values(), bare);
                    ratios.add("MLP: session ÷ bare DenseTrainer (what set-up, validation, events and checkpoints cost)", session.values(),
                            r.get(BARE_DENSE).values());
                    trainRows.add(trainRow("MLP 784-256-256-10, batch 128", "session, no validation: epochs only (listener, batching, checkpoints)",
                            Stats.of(session.extra(TrainingBench.EPOCHS)), flops, peak));
                    ratios.add("MLP: session epochs only (listener, batching, checkpoints) ÷ bare DL4J", session.extra(TrainingBench.EPOCHS), bare);
                    ratios.add("MLP: session fit() time only ÷ bare DL4J", session.extra("fit-only samples/s (Trainer's own figure)"), bare);
                    ratios.add("MLP: session with 10 % validation ÷ bare DL4J", r.get("session, 10 % validation").values(), bare);
                    ratios.add("MLP: bare DL4J in a child JVM, C1 only ÷ the same with C2 (JIT)", r.get(CHILD_C1).values(),
                            r.get(CHILD_C2).values());
                    if (withTorch) {
                        double[] pt = fasterTorch(r, "MLP", md).values();
                        ratios.add("MLP: ModelBench session ÷ PyTorch", session.values(), pt);
                        ratios.add("MLP: bare DL4J ÷ PyTorch", bare, pt);
                        ratios.add("MLP: bare DenseTrainer (the session's trainer alone) ÷ PyTorch", r.get(BARE_DENSE).values(), pt);
                        ratios.add("MLP: bare DL4J in a child JVM (C2, first epoch left out) ÷ PyTorch", r.get(CHILD_C2).values(), pt);
                        ratios.add("MLP: bare DL4J in a child JVM, C1 only (first epoch left out) ÷ PyTorch", r.get(CHILD_C1).values(), pt);
                    }
                    md.add("MLP session details (per repetition of " + o.mlpEpochs + " epochs):");
                    md.add("");
                    md.add("| Session | seconds outside fit() | of which set-up and final evaluation | test accuracy (synthetic rule, 10 classes) | training rows |");
                    md.add("|---|---|---|---|---|");
                    for (String name : List.of("session, no validation", "session, 10 % validation")) {
                        var s = r.get(name);
                        md.add("| " + name + " | " + Stats.of(s.extra("seconds outside fit()")).format("%.2f") + " | "
                                + Stats.of(s.extra("seconds of set-up and final evaluation")).format("%.2f") + " | "
                                + Stats.of(s.extra("test accuracy")).format("%.3f") + " | "
                                + String.format(Locale.ROOT, "%,.0f", Stats.of(s.extra("training rows")).median()) + " |");
                    }
                    md.add("");

                    log("\nPer-epoch mini-batching of the 16,000 x 784 training split, " + o.reps + " rounds after "
                            + o.warmups + " warm-up ...");
                    org.nd4j.linalg.dataset.DataSet train = mlp.mergedTrain();
                    boolean identical = mlp.pullRowsGivesTheTrainersBatches(train, 4242);
                    log("  permutation + pullRows gives the Trainer's exact mini-batches: " + identical);
                    int[] epoch = {0};
                    var b = Interleaved.run(List.of(
                            new Interleaved.Case("Trainer: DataSet.get(permutation).batchBy", () -> mlp.batchingAsTrainer(train, ++epoch[0])),
                            new Interleaved.Case("alternative: index permutation + Nd4j.pullRows", () -> mlp.batchingByPullRows(train, ++epoch[0]))),
                            o.warmups, o.reps, BenchMain::log);
                    json.put("mlp_batching", seriesJson(b));
                    md.add("Per-epoch mini-batching of the 16,000 × 784 training split (seconds per epoch, lower is better; "
                            + "one epoch of fit() takes 16,000 ÷ the bare samples/s above):");
                    md.add("");
                    md.add("| Method | seconds median [min–max] ±spread | n |");
                    md.add("|---|---|---|");
                    for (var s : b.values()) {
                        md.add("| " + s.name + " | " + s.stats().format("%.3f") + " | " + s.stats().n() + " |");
                    }
                    md.add("| (inside the MLP rounds) bare + Trainer's batching: seconds per epoch | "
                            + Stats.of(withBatching.extra("batching seconds per epoch")).format("%.3f") + " | "
                            + withBatching.values().length + " |");
                    md.add("");
                    md.add("For the same permutation, permutation + `Nd4j.pullRows` gives "
                            + (identical ? "**exactly** the Trainer's mini-batches (same rows in the same order, checked in this run)."
                                         : "**different** mini-batches from the Trainer's (checked in this run)."));
                    md.add("");
                    ratios.add("Mini-batching per epoch: Trainer's get(permutation).batchBy ÷ permutation+pullRows (seconds)",
                            b.get("Trainer: DataSet.get(permutation).batchBy").values(),
                            b.get("alternative: index permutation + Nd4j.pullRows").values(), true);
                }
                if (o.runs("levers")) {
                    log("\nLevers on the bare MLP loop (workspaces, asynchronous prefetch), " + o.mlpEpochs + " epochs per repetition, "
                            + o.reps + " rounds after " + o.warmups + " warm-up ...");
                    TrainingBench.Mlp mlp = tb.new Mlp();
                    var r = Interleaved.run(List.of(
                            new Interleaved.Case("bare DL4J (workspaces ENABLED, no prefetch: DL4J's default)", mlp::bare),
                            new Interleaved.Case("bare DL4J, workspaces off", () -> mlp.bareWith("workspaces off")),
                            new Interleaved.Case("bare DL4J, async prefetch (4 batches)", () -> mlp.bareWith("async prefetch"))),
                            o.warmups, o.reps, BenchMain::log);
                    json.put("levers", seriesJson(r));
                    double flops = TrainingBench.mlpFlopsPerSample();
                    for (var s : r.values()) {
                        trainRows.add(trainRow("MLP 784-256-256-10, batch 128", s.name, s, flops, peak));
                    }
                    double[] base = r.get("bare DL4J (workspaces ENABLED, no prefetch: DL4J's default)").values();
                    ratios.add("MLP bare: workspaces off ÷ on", r.get("bare DL4J, workspaces off").values(), base);
                    ratios.add("MLP bare: async prefetch ÷ none", r.get("bare DL4J, async prefetch (4 batches)").values(), base);
                }
                if (o.runs("lenet")) {
                    log("\nLeNet 28x28x1, batch 64, 1 epoch of SYNTHETIC " + o.lenetRows + " images per repetition, "
                            + o.lenetReps + " rounds after " + o.warmups + " warm-up ...");
                    TrainingBench.LeNet lenet = tb.new LeNet();
                    log("  LeNet parameters: " + lenet.params() + ", training FLOPs/sample: "
                            + String.format(Locale.ROOT, "%.3g", TrainingBench.lenetFlopsPerSample()));
                    List<Interleaved.Case> cases = new ArrayList<>();
                    cases.add(new Interleaved.Case("ModelBench session", lenet::session));
                    cases.add(new Interleaved.Case("bare DL4J fit(iterator)", lenet::bare));
                    if (withTorch) {
                        cases.add(new Interleaved.Case("PyTorch", lenet::torch));
                    }
                    if (torchOwnTimeout != null) {
                        TorchWorker w = torchOwnTimeout;
                        cases.add(new Interleaved.Case(TORCH_OWN_TIMEOUT, () -> lenet.torch(w)));
                    }
                    var r = Interleaved.run(cases, o.warmups, o.lenetReps, BenchMain::log);
                    json.put("lenet", seriesJson(r));
                    double flops = TrainingBench.lenetFlopsPerSample();
                    for (var s : r.values()) {
                        trainRows.add(trainRow("LeNet 28×28×1, batch 64", s.name, s, flops, peak));
                    }
                    ratios.add("LeNet: ModelBench session ÷ bare DL4J (whole train() call)", r.get("ModelBench session").values(),
                            r.get("bare DL4J fit(iterator)").values());
                    trainRows.add(trainRow("LeNet 28×28×1, batch 64", "ModelBench session: epochs only (listener, batching, checkpoints)",
                            Stats.of(r.get("ModelBench session").extra(TrainingBench.EPOCHS)), flops, peak));
                    ratios.add("LeNet: session epochs only (listener, batching, checkpoints) ÷ bare DL4J",
                            r.get("ModelBench session").extra(TrainingBench.EPOCHS), r.get("bare DL4J fit(iterator)").values());
                    if (withTorch) {
                        double[] pt = fasterTorch(r, "LeNet", md).values();
                        ratios.add("LeNet: bare DL4J ÷ PyTorch", r.get("bare DL4J fit(iterator)").values(), pt);
                        ratios.add("LeNet: ModelBench session ÷ PyTorch", r.get("ModelBench session").values(), pt);
                    }
                }
                if (o.runs("cnn-builds")) {
                    CnnBuilds.section(o, tb, torch, md, json, ratios, BenchMain::log);
                }
                if (o.runs("infer")) {
                    InferBench.section(o, tb, torch, torchOwnTimeout, md, json, ratios, BenchMain::log);
                }
            } finally {
                tb.close();
            }
            if (!trainRows.isEmpty()) {
                md.add("### Training throughput (samples/s, SYNTHETIC data; FP32, 2 threads)");
                md.add("");
                md.add(String.format(Locale.ROOT, "Achieved GFLOP/s = samples/s × training FLOPs per sample (MLP: 6 × %,d params; "
                                + "LeNet: 6 × %,d forward MACs); %% of peak = of the higher of the ND4J and torch.mm 2048³ medians above. Samples per "
                                + "CPU-second (median; the whole process's CPU time: JVM or python) is less sensitive to other "
                                + "load on the machine than samples/s, but counts spinning threads as work.",
                        TrainingBench.mlpParams(), TrainingBench.lenetForwardMacs()));
                md.add("");
                md.add("| Model | Case | samples/s median [min–max] ±spread | n | samples per CPU-second | GFLOP/s | % of peak |");
                md.add("|---|---|---|---|---|---|---|");
                md.addAll(trainRows);
                md.add("");
            }
        } finally {
            if (torch != null) {
                torch.close();
            }
            if (torchOwnTimeout != null) {
                torchOwnTimeout.close();
            }
        }

        if (o.runs("csv")) {
            log("\nCSV import, SYNTHETIC " + o.csvRows + " x " + CsvBench.FEATURES + " + label ...");
            CsvBench.Result c = CsvBench.run(o.work, o.csvRows, o.csvReps, o.profile, BenchMain::log);
            json.put("csv", Map.of("file", c.file().toString(), "bytes", c.bytes(), "fit", String.valueOf(c.fit()),
                    "timings", c.timings().toString(), "profile", String.valueOf(c.profile())));
            md.addAll(csvSection(c, ratios));
        }

        if (o.runs("serve")) {
            log("\nServe: the Iris MLP behind a real ModelServer (loopback, token), " + ServeBench.CLIENTS + " clients with 1-row requests for "
                    + o.serveSeconds + " s, one " + ServeBench.BIG_ROWS + "-row request, and bare net.output() on the same rows; "
                    + o.serveReps + " rounds after 1 warm-up ...");
            ServeBench.Result s = new ServeBench(o.work, BenchMain::log).run(o.serveReps, o.serveSeconds);
            json.put("serve", seriesJson(Map.of("load", s.load(), "bare1", s.bare1(), "big", s.big(), "bareBig", s.bareBig(),
                    "predictBig", s.predictBig())));
            md.addAll(serveSection(s, ratios));
        }

        if (o.runs("ui")) {
            Path jar = Path.of(System.getProperty("modelbench.desktop.jar", "app/desktop/target/modelbench-desktop.jar"));
            md.add("### The desktop app: first window and JavaFX-thread stalls");
            md.add("");
            if (!UiBench.hasDisplay() || !Files.isRegularFile(jar)) {
                String why = !UiBench.hasDisplay() ? "no DISPLAY (run under xvfb-run -a)" : "no " + jar + " (build the desktop module first)";
                log("\nDesktop app: SKIPPED, " + why);
                md.add("SKIPPED: " + why + ".");
            } else {
                log("\nDesktop app (" + jar + "): 3 cold starts, then a training session each for Iris and the digits CNN ...");
                UiBench.Result u = UiBench.run(jar, o.work, 3, BenchMain::log);
                Stats s = Stats.of(u.firstWindowMillis().stream().mapToDouble(Double::doubleValue).toArray());
                md.add(String.format(Locale.ROOT, "- time to first window (JVM start to the first frame): median %.0f ms [%.0f–%.0f], n = %d",
                        s.median(), s.min(), s.max(), u.firstWindowMillis().size()));
                u.stalls().forEach(x -> md.add("- " + x));
                json.put("ui", Map.of("first_window_ms", u.firstWindowMillis(), "stalls", u.stalls()));
            }
            md.add("");
        }

        if (o.runs("small")) {
            Path repo = SmallBench.repo(defaultWorkDir().getParent());
            Path cli = o.cli != null ? o.cli : repo.resolve("app/cli/target/modelbench.jar");
            if (!Files.isRegularFile(cli)) {
                log("\nSmall tables: SKIPPED, no " + cli + " (build the CLI first: mvn -B -q -pl app/cli -am package -DskipTests)");
                md.add("### Small tables from a cold start\n\nSKIPPED: no " + cli + ".\n");
            } else {
                List<SmallBench.Result> small = new ArrayList<>();
                for (SmallBench.Table t : SmallBench.tables(repo)) {
                    log("\nSmall table " + t.label() + ": whole processes (" + cli.getFileName() + " train, and scikit-learn), "
                            + o.smallReps + " rounds after " + o.warmups + " warm-up ...");
                    small.add(SmallBench.run(t, cli, o.python, o.work, o.warmups, o.smallReps, BenchMain::log));
                }
                md.addAll(SmallBench.section(small, ratios, json));
            }
        }

        if (!ratios.rows.isEmpty()) {
            md.add("### Ratios (each repetition's pair from the same round; median [min–max] ±spread)");
            md.add("");
            md.add("| Ratio | paired per round: median [min–max] ±spread | n | best ÷ best |");
            md.add("|---|---|---|---|");
            md.addAll(ratios.rows);
            md.add("");
        }
        md.add(String.format(Locale.ROOT, "Run: %s, %d s, load average at the end %s; command `%s`.",
                started.truncatedTo(ChronoUnit.SECONDS), java.time.Duration.between(started, Instant.now()).toSeconds(),
                Machine.loadAverage(), o.command));
        json.put("ratios", ratios.json);

        String report = String.join("\n", md) + "\n";
        Path mdFile = o.work.resolve("bench-report.md");
        Path jsonFile = o.work.resolve("bench-results.json");
        Files.writeString(mdFile, report);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), json);
        System.out.println();
        System.out.println(report);
        log("(written to " + mdFile + " and " + jsonFile + ")");
        return 0;
    }

    private static String trainRow(String model, String name, Stats s, double flopsPerSample, double peak) {
        return trainRow(model, name, s, null, flopsPerSample, peak);
    }

    private static String trainRow(String model, String name, Interleaved.Series series, double flopsPerSample, double peak) {
        double[] cpu = series.extra(TrainingBench.CPU);
        return trainRow(model, name, series.stats(), cpu.length == 0 ? null : Stats.of(cpu), flopsPerSample, peak);
    }

    private static String trainRow(String model, String name, Stats s, Stats cpu, double flopsPerSample, double peak) {
        double gf = s.median() * flopsPerSample / 1e9;
        return "| " + model + " | " + name + " | " + s.format("%,.0f") + " | " + s.n() + " | "
                + (cpu == null ? "" : String.format(Locale.ROOT, "%,.0f", cpu.median())) + " | "
                + String.format(Locale.ROOT, "%.1f", gf) + " | "
                + (Double.isNaN(peak) ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * gf / peak)) + " |";
    }

    private static List<String> serveSection(ServeBench.Result s, Ratios ratios) {
        List<String> md = new ArrayList<>();
        Stats load = s.load().stats();
        double p99 = Stats.of(s.load().extra("p99 ms")).median();
        Stats big = s.big().stats();
        md.add("### Serving (the Iris MLP 4-32-16-3 behind `ModelServer`: loopback, bearer token, KServe v1 JSON, default batching)");
        md.add("");
        md.add("| Case | median [min–max] ±spread | n |");
        md.add("|---|---|---|");
        md.add("| " + s.load().name + " | " + load.format("%,.0f") + " | " + load.n() + " |");
        md.add("| … its latency per request (median of the rounds) | " + ServeBench.latencies(s.load()) + " | " + load.n() + " |");
        md.add(String.format(Locale.ROOT, "| … requests sent per round (failed) | %,.0f (%.0f) | %d |",
                Stats.of(s.load().extra("requests")).median(), Stats.of(s.load().extra("failed")).max(), load.n()));
        md.add("| " + s.bare1().name + " | " + s.bare1().stats().format("%,.0f") + " | " + s.bare1().stats().n() + " |");
        md.add("| " + s.big().name + " | " + big.format("%.2f") + " | " + big.n() + " |");
        md.add("| " + s.bareBig().name + " | " + s.bareBig().stats().format("%.2f") + " | " + s.bareBig().stats().n() + " |");
        md.add("| " + s.predictBig().name + " | " + s.predictBig().stats().format("%.2f") + " | " + s.predictBig().stats().n() + " |");
        md.add("");
        md.add(String.format(Locale.ROOT, "Targets (issue 13, this 2-core machine): %d clients × 1-row requests ≥ 2,000 requests/s with p99 < 25 ms: "
                        + "**%,.0f requests/s, p99 %.1f ms: %s**; one %,d-row request < 30 ms: **%.1f ms: %s** (medians of the rounds; "
                        + "the clients run in the same JVM and share the 2 cores with the server).",
                ServeBench.CLIENTS, load.median(), p99, load.median() >= 2_000 && p99 < 25 ? "met" : "not met",
                ServeBench.BIG_ROWS, big.median(), big.median() < 30 ? "met" : "not met"));
        md.add("");
        ratios.add("Serve: " + ServeBench.CLIENTS + " clients' 1-row requests/s ÷ bare net.output() 1-row calls/s", s.load().values(), s.bare1().values());
        ratios.add("Serve: one " + ServeBench.BIG_ROWS + "-row request ÷ bare net.output() on its rows (time; > 1 is slower)",
                s.big().values(), s.bareBig().values(), true);
        ratios.add("Serve: one " + ServeBench.BIG_ROWS + "-row request ÷ TrainedModel.predict on its rows (time)",
                s.big().values(), s.predictBig().values(), true);
        return md;
    }

    private static List<String> csvSection(CsvBench.Result c, Ratios ratios) {
        List<String> md = new ArrayList<>();
        md.add(String.format(Locale.ROOT, "### CSV import (SYNTHETIC %,d rows × %d numeric columns + label; %.0f MB, %.0f bytes/row)",
                c.rows(), CsvBench.FEATURES, c.bytes() / 1e6, CsvBench.bytesPerRow(c)));
        md.add("");
        JsonNode fit = c.fit();
        if (fit != null) {
            md.add("Child JVM with **" + c.fitXmx() + "** (target: peak heap < 1 GB):");
            md.add("");
            if (fit.has("error")) {
                md.add("- " + fit.get("error").asText());
            } else if (fit.path("read_ok").asBoolean()) {
                md.add(String.format(Locale.ROOT, "- `CsvTables.read`: **fits**, %.1f s (%,.0f rows/s, first read in a fresh JVM); "
                                + "heap retained by the Table %.0f MB; max heap in use before a GC %.0f MB, after a GC %.0f MB (%d GCs)",
                        fit.path("read_seconds").asDouble(), c.rows() / fit.path("read_seconds").asDouble(),
                        fit.path("read_retained_mb").asDouble(), fit.path("read_max_heap_before_gc_mb").asDouble(),
                        fit.path("read_max_heap_after_gc_mb").asDouble(), fit.path("read_gcs").asInt()));
                if (fit.path("encode_ok").asBoolean()) {
                    md.add(String.format(Locale.ROOT, "- then `TableEncoder.inferSchema` + `features` (the app's next step): fits, %.1f s; Table + numbers retained %.0f MB",
                            fit.path("encode_seconds").asDouble(), fit.path("encode_retained_mb_with_table").asDouble()));
                } else {
                    md.add("- then `TableEncoder.inferSchema` + `features` (the app's next step): **does not fit**: " + fit.path("encode_error").asText());
                }
            } else {
                md.add(String.format(Locale.ROOT, "- `CsvTables.read`: **does not fit in 1 GB**: %s after %.1f s (max heap after a GC %.0f MB, %d GCs)",
                        fit.path("read_error").asText(), fit.path("read_seconds_until_failure").asDouble(),
                        fit.path("read_max_heap_after_gc_mb").asDouble(), fit.path("read_gcs").asInt()));
            }
            md.add("");
        }
        Map<String, List<Double>> rps = new LinkedHashMap<>();
        Map<String, List<Double>> retained = new LinkedHashMap<>();
        Map<Integer, Map<String, Double>> byRep = new LinkedHashMap<>();
        JsonNode encode = null;
        for (JsonNode t : c.timings()) {
            if (t.has("error")) {
                md.add("- timing run: " + t.get("error").asText());
                continue;
            }
            String name = t.get("case").asText();
            if (name.equals("encode")) {
                encode = t;
                continue;
            }
            rps.computeIfAbsent(name, k -> new ArrayList<>()).add(t.get("rows_per_s").asDouble());
            retained.computeIfAbsent(name, k -> new ArrayList<>()).add(t.get("retained_mb").asDouble());
            byRep.computeIfAbsent(t.get("rep").asInt(), k -> new LinkedHashMap<>()).put(name, t.get("rows_per_s").asDouble());
        }
        if (!rps.isEmpty()) {
            md.add("Child JVM with **" + c.timeXmx() + "**, after one untimed pass of each, alternating:");
            md.add("");
            md.add("| Reader | rows/s median [min–max] ±spread | n | heap retained by the result (MB) |");
            md.add("|---|---|---|---|");
            Map<String, String> names = Map.of("CsvTables.read", "`CsvTables.read` (engine)",
                    "lean", "reference: streaming into float columns (`LeanCsv`, bench only)",
                    "floor", "floor: read + UTF-8 decode + SHA-256, no parsing");
            for (var e : rps.entrySet()) {
                Stats s = Stats.of(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                Stats m = Stats.of(retained.get(e.getKey()).stream().mapToDouble(Double::doubleValue).toArray());
                md.add("| " + names.getOrDefault(e.getKey(), e.getKey()) + " | " + s.format("%,.0f") + " | " + s.n() + " | "
                        + String.format(Locale.ROOT, "%,.0f", m.median()) + " |");
            }
            if (encode != null) {
                md.add(String.format(Locale.ROOT, "| then `TableEncoder.inferSchema` + `features` on the Table (once) | %,.0f | 1 | |",
                        encode.get("rows_per_s").asDouble()));
            } else if (c.profile() != null && c.profile().has("encode_seconds")) {
                md.add(String.format(Locale.ROOT, "| then `TableEncoder.inferSchema` + `features` on the Table (once, in the JFR run) | %,.0f | 1 | |",
                        c.profile().get("encode_rows").asDouble() / c.profile().get("encode_seconds").asDouble()));
            }
            md.add("");
            List<double[]> pairsLean = pairs(byRep, "CsvTables.read", "lean");
            if (!pairsLean.isEmpty()) {
                ratios.add("CSV: CsvTables.read ÷ lean float-column reader (rows/s)", pairsLean.get(0), pairsLean.get(1));
            }
            List<double[]> pairsFloor = pairs(byRep, "CsvTables.read", "floor");
            if (!pairsFloor.isEmpty()) {
                ratios.add("CSV: CsvTables.read ÷ I/O floor (rows/s)", pairsFloor.get(0), pairsFloor.get(1));
            }
        }
        JsonNode p = c.profile();
        if (p != null && p.has("digest")) {
            md.addAll(profileBlock("`CsvTables.read`", p.path("seconds").asDouble(), p.get("digest")));
        }
        if (p != null && p.has("encode_digest")) {
            md.addAll(profileBlock("then `TableEncoder.inferSchema` + `features`", p.path("encode_seconds").asDouble(),
                    p.get("encode_digest")));
        }
        return md;
    }

    private static List<String> profileBlock(String what, double seconds, JsonNode d) {
        List<String> md = new ArrayList<>();
        md.add(String.format(Locale.ROOT, "Where %s's time goes (JFR execution samples of Java code, %d samples in %.1f s; "
                        + "GC: %d collections, %.2f s of pauses; allocated ≈ %,.0f MB):",
                what, d.path("execution_samples").asInt(), seconds, d.path("gc_count").asInt(),
                d.path("gc_pause_seconds").asDouble(), d.path("allocated_mb_sampled_weight").asDouble()));
        md.add("");
        md.add("```");
        md.add("self (top frame):");
        d.path("self_top").forEach(x -> md.add("  " + x.asText()));
        md.add("inclusive (any frame):");
        d.path("inclusive_top").forEach(x -> md.add("  " + x.asText()));
        md.add("allocation by class (sampled weight):");
        d.path("alloc_by_class_top").forEach(x -> md.add("  " + x.asText()));
        md.add("allocation by site:");
        d.path("alloc_by_site_top").forEach(x -> md.add("  " + x.asText()));
        md.add("```");
        md.add("");
        return md;
    }

    private static List<double[]> pairs(Map<Integer, Map<String, Double>> byRep, String a, String b) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (var m : byRep.values()) {
            if (m.containsKey(a) && m.containsKey(b)) {
                x.add(m.get(a));
                y.add(m.get(b));
            }
        }
        if (x.isEmpty()) {
            return List.of();
        }
        return List.of(x.stream().mapToDouble(Double::doubleValue).toArray(), y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static Map<String, Object> seriesJson(Map<String, Interleaved.Series> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var s : m.values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("values", s.values);
            e.put("extras", s.extras);
            e.put("stats", s.stats());
            out.put(s.name, e);
        }
        return out;
    }

    /**
     * Ratio rows for the report: the median [min–max] of the per-round paired ratios, and the ratio of the two
     * best repetitions (fastest ÷ fastest): on a shared machine other load only ever slows a repetition down,
     * so the bests are a second, interference-resistant estimate.
     */
    static final class Ratios {
        final List<String> rows = new ArrayList<>();
        final Map<String, Object> json = new LinkedHashMap<>();

        /** Ratio of throughputs (higher is better). */
        void add(String name, double[] a, double[] b) {
            add(name, a, b, false);
        }

        void add(String name, double[] a, double[] b, boolean lowerIsBetter) {
            Stats s = Stats.of(Stats.pairedRatios(a, b));
            Stats sa = Stats.of(a);
            Stats sb = Stats.of(b);
            double best = lowerIsBetter ? sa.min() / sb.min() : sa.max() / sb.max();
            rows.add("| " + name + " | " + s.format("%.2f") + " | " + s.n() + " | "
                    + String.format(Locale.ROOT, "%.2f", best) + " |");
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("paired", s);
            j.put("ratio_of_bests", best);
            json.put(name, j);
            log(String.format(Locale.ROOT, "  ratio %-60s %s (bests %.2f)", name, s.format("%.2f"), best));
        }
    }

    static void log(String s) {
        System.err.println(s);
    }
}
