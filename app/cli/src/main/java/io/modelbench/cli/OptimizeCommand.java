package io.modelbench.cli;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelMeasurement;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.app.Optimizations;
import io.modelbench.engine.app.RunListener;
import io.modelbench.engine.app.RunOutput;
import io.modelbench.engine.app.RunService;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.data.Dataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code modelbench optimize}: a saved model made smaller or faster for inference (int8 or fp16 weights, magnitude
 * pruning globally or per layer, or a distilled MLP or CNN student), measured before and after on the test split of its
 * own data. A distillation runs through the run service as a run does, its epochs printed on stderr as {@code train}
 * prints them.
 */
@Command(name = "optimize",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {
                "Optimize a saved model for inference: --quantize int8|fp16, --prune FRACTION, --distill SIZES or --distill-cnn SCALE.",
                "Both models are measured on the test split of the model's own data (the split its card records).",
                "The last stdout line is one JSON object: {\"method\", \"before\": {...}, \"after\": {...}, \"model\"}."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class OptimizeCommand implements Callable<Integer> {

    @CommandLine.Mixin
    EncodingOption encodingOption = new EncodingOption();

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model saved by 'modelbench train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE|FOLDER",
            description = "The data the model was trained on: its CSV file, its image folder, or its sample such as sample:digits_images.")
    String data;

    @Option(names = "--quantize", paramLabel = "int8|fp16",
            description = "int8: weights as 8-bit integers, one scale per output channel (needs ModelBench's loader); fp16: 16-bit floats.")
    String quantize;

    @Option(names = "--prune", paramLabel = "FRACTION", description = "Set this share of the weights (smallest first) to zero, then fine-tune.")
    Double prune;

    @Option(names = "--prune-scope", paramLabel = "global|layer",
            description = "global: one threshold over all weights; layer: every weight matrix pruned to FRACTION on its own (default: global).")
    String pruneScope;

    @Option(names = "--distill", split = ",", paramLabel = "SIZES", description = "Train an MLP student with these dense layers, such as 64,32.")
    List<Integer> distill;

    @Option(names = "--distill-cnn", paramLabel = "SCALE",
            description = "Image models: train a CNN student, the model's own layers with SCALE of its filters and dense units, such as 0.5.")
    Double distillCnn;

    @Option(names = "--temperature", paramLabel = "T", description = "Softening of the teacher's probabilities (default: ${DEFAULT-VALUE}).")
    double temperature = OptimizeSettings.DEFAULT_TEMPERATURE;

    @Option(names = "--alpha", paramLabel = "A", description = "The teacher's weight against the true labels (default: ${DEFAULT-VALUE}).")
    double alpha = OptimizeSettings.DEFAULT_ALPHA;

    @Option(names = "--epochs", paramLabel = "N", description = "Fine-tuning epochs after pruning (default: "
            + OptimizeSettings.DEFAULT_PRUNE_EPOCHS + ") or the student's epochs (default: " + OptimizeSettings.DEFAULT_DISTILL_EPOCHS + ").")
    Integer epochs;

    @Option(names = "--out", required = true, paramLabel = "OUT.zip", description = "Where to save the optimized model (atomically).")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptimizeSettings settings = settings();
        CliSupport.checkOutputFile(out, "model-int8.zip");
        if (CliSupport.absolute(out).equals(CliSupport.absolute(model))) {
            throw InputException.setting("--out", out, "give a new file name: the optimized model must not replace the one it is made from");
        }
        ModelCard card = Exports.readCard(model);
        if (distillCnn != null && card.image() == null) {
            throw InputException.setting("--distill-cnn", distillCnn,
                    "a CNN student is made from an image model's convolution layers; use --distill SIZES for this table model");
        }
        CliSupport.loadNative();
        Dataset dataset;
        if (CliSupport.isImageData(data)) {
            if (card.image() == null) {
                throw InputException.general("--data is an image folder, but this model was trained on a table",
                        "give it the CSV file it was trained on");
            }
            dataset = CliSupport.openImages(data, card.image().settings());
        } else {
            dataset = Datasets.table(encodingOption.open(data));
        }
        java.io.PrintWriter err = spec.commandLine().getErr();
        int[] shown = {-1};
        TaskProgress progress = fraction -> {
            int pct = (int) Math.floor(fraction * 10) * 10;
            if (!quiet && pct > shown[0]) {
                shown[0] = pct;
                err.println("optimize: " + pct + " %");
            }
        };
        ModelCard.Optimized result;
        if (settings.method().equals("distill")) {
            // the student trains as a run: its epochs on stderr as train prints them
            RunListener listener = RunListener.training(new ProgressPrinter(err, quiet));
            result = new RunService().distill(model, dataset, settings, out, RunOutput.files(null, null), RunSettings.defaults(),
                    listener, progress).optimized();
        } else {
            result = Optimizations.optimize(model, dataset, settings, out, progress);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", result.method());
        json.put("before", measurement(result.before(), false));
        json.put("after", measurement(result.after(), true));
        json.put("model", CliSupport.absolute(out).toString());
        CliSupport.printJson(spec.commandLine().getOut(), json);
        return 0;
    }

    /** Exactly one method, with its settings checked before any file is read. */
    private OptimizeSettings settings() {
        List<String> given = new ArrayList<>();
        if (quantize != null) {
            given.add("--quantize");
        }
        if (prune != null) {
            given.add("--prune");
        }
        if (distill != null) {
            given.add("--distill");
        }
        if (distillCnn != null) {
            given.add("--distill-cnn");
        }
        if (given.size() != 1) {
            throw InputException.setting("method", given.isEmpty() ? "none" : String.join(" and ", given),
                    "give exactly one of --quantize int8|fp16, --prune FRACTION, --distill SIZES or --distill-cnn SCALE");
        }
        if (pruneScope != null && prune == null) {
            throw InputException.setting("--prune-scope", pruneScope, "use it with --prune FRACTION");
        }
        if (quantize != null) {
            if (!quantize.equalsIgnoreCase("int8") && !quantize.equalsIgnoreCase("fp16")) {
                throw InputException.setting("--quantize", quantize, "use int8 or fp16");
            }
            return quantize.equalsIgnoreCase("int8") ? OptimizeSettings.int8() : OptimizeSettings.fp16();
        }
        if (prune != null) {
            return OptimizeSettings.prune(prune, pruneScope, epochs == null ? OptimizeSettings.DEFAULT_PRUNE_EPOCHS : epochs);
        }
        int n = epochs == null ? OptimizeSettings.DEFAULT_DISTILL_EPOCHS : epochs;
        if (n < 1) {
            throw InputException.setting("--epochs", n, "the student needs at least 1 epoch");
        }
        return distillCnn != null ? OptimizeSettings.distillCnn(distillCnn, temperature, alpha, n)
                : OptimizeSettings.distill(distill, temperature, alpha, n);
    }

    static Map<String, Object> measurement(ModelMeasurement m, boolean withSparsity) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("size_bytes", m.sizeBytes());
        o.put("parameters", m.parameters());
        o.put("nonzero_parameters", m.nonzeroParameters());
        o.put("test", m.test());
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("batch1", m.latencyBatch1Ms());
        latency.put("batch256", m.latencyBatch256Ms());
        o.put("latency_ms", latency);
        if (withSparsity) {
            o.put("sparsity", m.sparsity());
        }
        return o;
    }
}
