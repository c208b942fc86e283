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
 * reference fitted on the same split. Prints a Markdown table of medians and [min … max] per table.
 * {@code java -jar app/bench/target/modelbench-bench.jar defaults [--seeds N] [--tables iris,wine] [--variants old,new]}.
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
            Samples.Sample sample = Samples.find(id);
            TableDataset data = Datasets.table(Samples.open(sample));
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
                    TrainingSettings settings = settings(refit ? "new" + name.substring("refit".length()) : name, trainRows, seed);
                    long t0 = System.nanoTime();
                    TrainingOutcome out = trainer.train(data, TrainingRequest.of(sample.target(), settings), TrainingListener.NONE,
                            new StopSignal(), null);
                    ref[k] = score(out.reference());
                    if (refit) {
                        out = refit(trainer, data, sample.target(), settings, out.model().card().training().keptEpoch());
                    }
                    t[k] = (System.nanoTime() - t0) / 1e9;
                    s[k] = score(out.test());
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
    static TrainingOutcome refit(Trainer trainer, TableDataset data, String target, TrainingSettings settings, int keptEpoch) {
        TrainingSettings again = settings.withEpochs(Math.max(1, keptEpoch)).withOptimization(settings.optimization().withPatience(0));
        TrainingRequest r = TrainingRequest.of(target, again);
        r = new TrainingRequest(r.targetColumn(), r.task(), r.ignoredColumns(),
                new io.modelbench.engine.api.SplitSettings(r.split().testFraction(), 0, r.split().seed()), again, r.preparation());
        return trainer.train(data, r, TrainingListener.NONE, new StopSignal(), null);
    }

    static double score(EvaluationResult r) {
        return r instanceof EvaluationResult.Regression g ? g.r2() : ((EvaluationResult.Classification) r).accuracy();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String summary(double[] v) {
        return String.format(Locale.ROOT, "%.3f [%.3f … %.3f]", median(v), Arrays.stream(v).min().orElse(Double.NaN),
                Arrays.stream(v).max().orElse(Double.NaN));
    }
}
