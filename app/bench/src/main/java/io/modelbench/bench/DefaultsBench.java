package io.modelbench.bench;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.train.Defaults;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How good are the defaults (issue 19): on each bundled table and several seeds (each seed its own split, initial
 * weights and shuffle), the test accuracy or R² of the old fixed defaults and of {@link Defaults}, beside the linear
 * reference fitted on the same split. Prints a Markdown table of medians, [min … max] and the standard deviation per table.
 * {@code java -jar app/bench/target/modelbench-bench.jar defaults [--seeds N] [--tables iris,wine] [--variants old,new]};
 * a table may also be {@code FILE.csv:TARGET[:IGNORED;IGNORED]};
 * a variant may end in {@code :ens=N}, N networks from other weight seeds on the same split, averaged ({@link #ensemble}).
 */
public final class DefaultsBench {

    static final List<String> TABLES = List.of("iris", "wine", "breast_cancer", "diabetes", "digits");

    private DefaultsBench() {
    }

    /** Settings per variant, from (training rows, seed). */
    static Map<String, BiFunction<Integer, Long, TrainingSettings>> variants() {
        Map<String, BiFunction<Integer, Long, TrainingSettings>> v = new LinkedHashMap<>();
        v.put("old", (rows, seed) -> TrainingSettings.defaults().withSeed(seed));
        v.put("old+es", (rows, seed) -> TrainingSettings.defaults().withSeed(seed).withEpochs(200)
                .withOptimization(Optimization.defaults().withPatience(20)));
        v.put("new", (rows, seed) -> Defaults.forTable(rows, TrainingSettings.defaults().withSeed(seed)));
        v.put("new,lr=0.01", (rows, seed) -> Defaults.forTable(rows, TrainingSettings.defaults().withSeed(seed)).withLearningRate(0.01));
        v.put("new,wd=0", (rows, seed) -> {
            TrainingSettings s = Defaults.forTable(rows, TrainingSettings.defaults().withSeed(seed));
            Optimization o = s.optimization();
            return s.withOptimization(new Optimization(o.optimizer(), o.momentum(), o.schedule(), o.decay(), o.stepEpochs(), 0,
                    o.clipNorm(), o.patience()));
        });
        return v;
    }

    /**
     * A named variant, or {@code new} with changes such as {@code new:wd=0.01:lr=0.001:hidden=16:patience=20} (wd, lr,
     * hidden, patience, batch, epochs), to measure a candidate without a rebuild.
     */
    static TrainingSettings settings(String name, int trainRows, long seed) {
        if (variants().containsKey(name)) {
            return variants().get(name).apply(trainRows, seed);
        }
        String[] parts = name.split(":");
        TrainingSettings s = variants().get(parts[0]).apply(trainRows, seed);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=");
            Optimization o = s.optimization();
            s = switch (kv[0]) {
                case "wd" -> s.withOptimization(new Optimization(o.optimizer(), o.momentum(), o.schedule(), o.decay(), o.stepEpochs(),
                        Double.parseDouble(kv[1]), o.clipNorm(), o.patience()));
                case "patience" -> s.withOptimization(o.withPatience(Integer.parseInt(kv[1])));
                case "lr" -> s.withLearningRate(Double.parseDouble(kv[1]));
                case "hidden" -> s.withHiddenLayers(TrainingSettings.parseHiddenLayers(kv[1].replace('-', ',')));
                case "epochs" -> s.withEpochs(Integer.parseInt(kv[1]));
                case "batch" -> new TrainingSettings(s.epochs(), Integer.parseInt(kv[1]), s.learningRate(), s.hiddenLayers(), s.seed(),
                        s.optimization(), s.model());
                default -> throw new IllegalArgumentException("unknown change '" + parts[i] + "' in variant " + name);
            };
        }
        return s;
    }

    public static void main(String[] args) {
        int seeds = 3;
        List<String> tables = TABLES;
        List<String> names = new ArrayList<>(variants().keySet());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--tables" -> tables = List.of(args[++i].split(","));
                case "--variants" -> names = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (use --seeds, --tables, --variants)");
            }
        }
        Trainer trainer = new Trainer();
        StringBuilder md = new StringBuilder("| table | metric | linear reference |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append("\n|---|---|---|").append("---|".repeat(names.size())).append('\n');
        for (String id : tables) {
            // a bundled table's id, or FILE.csv:TARGET[:IGNORED;IGNORED] for a table the defaults were not chosen on
            String[] file = id.split(":");
            TableDataset data;
            String target;
            List<String> ignore = file.length > 2 ? List.of(file[2].split(";")) : List.of();
            if (id.contains(".csv")) {
                data = Datasets.table(io.modelbench.engine.data.CsvTables.read(java.nio.file.Path.of(file[0])));
                target = file[1];
            } else {
                Samples.Sample sample = Samples.find(id);
                data = Datasets.table(Samples.open(sample));
                target = sample.target();
            }
            double[] ref = new double[seeds];
            Map<String, double[]> scores = new LinkedHashMap<>();
            Map<String, double[]> seconds = new LinkedHashMap<>();
            String metric = "";
            for (String name : names) {
                double[] s = new double[seeds];
                double[] t = new double[seeds];
                for (int k = 0; k < seeds; k++) {
                    long seed = k + 1;
                    int trainRows = (int) Math.round(data.table().rowCount() * 0.7);
                    boolean refit = name.startsWith("refit");
                    int members = members(name);
                    String base = name.replaceAll(":ens=\\d+", "");
                    TrainingSettings settings = settings(refit ? "new" + base.substring("refit".length()) : base, trainRows, seed);
                    long t0 = System.nanoTime();
                    TrainingOutcome out = trainer.train(data, request(target, ignore, settings), TrainingListener.NONE,
                            new StopSignal(), null);
                    ref[k] = score(out.reference());
                    if (refit) {
                        out = refit(trainer, data, request(target, ignore, settings), settings, out.model().card().training().keptEpoch());
                    }
                    s[k] = members > 1 ? ensemble(trainer, data, request(target, ignore, settings), members, out) : score(out.test());
                    t[k] = (System.nanoTime() - t0) / 1e9;
                    metric = out.test() instanceof EvaluationResult.Regression ? "R²" : "accuracy";
                    System.err.printf(Locale.ROOT, "%s %s seed %d: %.3f (linear %.3f), %d epochs, %.1f s%n", id, name, seed, s[k], ref[k],
                            out.epochsCompleted(), t[k]);
                }
                scores.put(name, s);
                seconds.put(name, t);
            }
            md.append("| ").append(id).append(" | ").append(metric).append(" | ").append(summary(ref)).append(" |");
            for (String name : names) {
                md.append(' ').append(summary(scores.get(name))).append(String.format(Locale.ROOT, ", %.1f s |", median(seconds.get(name))));
            }
            md.append('\n');
        }
        System.out.println(md);
    }

    /**
     * Variant {@code refit[:changes]}: trains as {@code new[:changes]}, then again from the same seed on the training and
     * validation rows together for the epoch early stopping kept, with no early stopping, and scores that on the test rows.
     * The split is stratified per class by one seeded shuffle before the fractions are applied, so a validation fraction of 0
     * keeps exactly the same test rows (and the old training + validation rows become the training rows).
     */
    static TrainingOutcome refit(Trainer trainer, TableDataset data, TrainingRequest first, TrainingSettings settings, int keptEpoch) {
        TrainingSettings again = settings.withEpochs(Math.max(1, keptEpoch)).withOptimization(settings.optimization().withPatience(0));
        TrainingRequest r = new TrainingRequest(first.targetColumn(), first.task(), first.ignoredColumns(),
                new io.modelbench.engine.api.SplitSettings(first.split().testFraction(), 0, first.split().seed()), again, first.preparation());
        return trainer.train(data, r, TrainingListener.NONE, new StopSignal(), null);
    }

    /** The default 80/10/20 split by the run's seed, as {@code TrainingRequest.of}, leaving {@code ignore} out. */
    static TrainingRequest request(String target, List<String> ignore, TrainingSettings settings) {
        return new TrainingRequest(target, null, ignore, io.modelbench.engine.api.SplitSettings.defaults(settings.seed()), settings);
    }

    /** The {@code :ens=N} of a variant's name (N networks averaged), else 1. */
    static int members(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":ens=(\\d+)").matcher(name);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    /**
     * Variant {@code new:ens=N} (any changes before {@code ens}): {@code first} plus N − 1 more networks trained on the same
     * split (split seed = the run's seed) from other weight seeds (seed + 1000·j: other initial weights and shuffles), each
     * with its own early stopping; the test score of their mean class probabilities (classification: the class of the
     * highest mean) or mean predicted value (regression). It costs N trainings; what it would buy is the weights' part of
     * the spread across seeds.
     */
    static double ensemble(Trainer trainer, TableDataset data, TrainingRequest request, int members, TrainingOutcome first) {
        TrainingSettings settings = request.training();
        long seed = settings.seed();
        List<io.modelbench.engine.api.EvaluatedRow> rows = first.testRows();
        int n = rows.size();
        boolean classification = first.test() instanceof EvaluationResult.Classification;
        double[][] probs = new double[n][];
        double[] values = new double[n];
        for (int j = 0; j < members; j++) {
            TrainingOutcome out = first;
            if (j > 0) {
                TrainingRequest r = request.withTraining(settings.withSeed(seed + 1000L * j)); // same split: its seed stays
                out = trainer.train(data, r, TrainingListener.NONE, new StopSignal(), null);
            }
            for (int i = 0; i < n; i++) {
                io.modelbench.engine.api.EvaluatedRow row = out.testRows().get(i);
                if (row.row() != rows.get(i).row()) {
                    throw new IllegalStateException("ensemble member " + j + " saw other test rows");
                }
                if (classification) {
                    if (probs[i] == null) {
                        probs[i] = new double[row.probabilities().length];
                    }
                    for (int c = 0; c < probs[i].length; c++) {
                        probs[i][c] += row.probabilities()[c] / members;
                    }
                } else {
                    values[i] += Double.parseDouble(row.predicted()) / members;
                }
            }
        }
        if (classification) {
            List<String> labels = ((EvaluationResult.Classification) first.test()).labels();
            int[] actual = new int[n];
            int[] predicted = new int[n];
            for (int i = 0; i < n; i++) {
                actual[i] = labels.indexOf(rows.get(i).actual());
                for (int c = 1; c < probs[i].length; c++) {
                    if (probs[i][c] > probs[i][predicted[i]]) {
                        predicted[i] = c;
                    }
                }
            }
            return io.modelbench.engine.eval.Metrics.classification(actual, predicted, labels).accuracy();
        }
        double[] actual = rows.stream().mapToDouble(r -> Double.parseDouble(r.actual())).toArray();
        return io.modelbench.engine.eval.Metrics.regression(actual, values).r2();
    }

    static double score(EvaluationResult r) {
        return r instanceof EvaluationResult.Regression g ? g.r2() : ((EvaluationResult.Classification) r).accuracy();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Median [min … max] sd, the sample standard deviation (n − 1) across seeds. */
    static String summary(double[] v) {
        return String.format(Locale.ROOT, "%.3f [%.3f … %.3f] sd %.3f", median(v), Arrays.stream(v).min().orElse(Double.NaN),
                Arrays.stream(v).max().orElse(Double.NaN), sd(v));
    }

    static double sd(double[] v) {
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        return v.length < 2 ? 0 : Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
    }
}
