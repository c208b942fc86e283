package io.modelbench.engine.optimize;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelMeasurement;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.io.QuantizedWeights;
import io.modelbench.engine.model.MlpFactory;
import io.modelbench.engine.model.TrainedModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Optimizes a saved model for inference and measures it before and after on the test split of its own data
 * ({@link OwnData}): int8 weights, fp16 parameters, magnitude pruning with fine-tuning ({@link Pruning}) or
 * distillation into a smaller MLP ({@link Distillation}). The result is a model zip that {@code ModelFiles.load} (and
 * so evaluate, predict, serve and the app) loads like any other, without optimizer state, whose card records the
 * method, its settings and both measurements. Runs on the calling thread; honours {@link TaskProgress#isCancelled()}.
 */
public final class ModelOptimizer {

    /** What the card says about loading an int8 zip in a program that is not ModelBench. */
    public static final String INT8_NOTE = "int8 weights are in " + QuantizedWeights.ZIP_ENTRY + " instead of coefficients.bin: "
            + "a plain DL4J program cannot load this zip with ModelSerializer; it needs ModelBench's small loader "
            + "(io.modelbench.engine.io.QuantizedWeights.restore into a network built from configuration.json), "
            + "or use the fp16 or original zip";

    private ModelOptimizer() {
    }

    /** Optimizes the model in {@code source} as {@code s} says, measured on {@code data}, into {@code out} (atomically). */
    public static ModelCard.Optimized optimize(Path source, Dataset data, OptimizeSettings s, Path out, TaskProgress progress) {
        TrainedModel teacher = ModelFiles.load(source);
        if (teacher.forecasts() && !s.method().equals("int8") && !s.method().equals("fp16")) {
            // weight-only quantization needs no training data; pruning and distillation fine-tune on rows of a table
            throw InputException.general("a forecasting (time-series) model can be quantized (int8, fp16), not "
                    + (s.method().equals("prune") ? "pruned" : "distilled") + ": both fine-tune on the rows of a table",
                    "use --quantize int8 or fp16, or keep the model as trained");
        }
        OwnData own = OwnData.of(teacher, data);
        progress.progress(0.02);
        ModelMeasurement before = Measurer.measure(teacher, size(source), own);
        progress.progress(0.1);
        ModelCard.TrainingInfo t = teacher.card().training();
        MultiLayerNetwork net;
        byte[] int8 = null;
        MultiLayerNetwork saved;
        switch (s.method()) {
            case "int8" -> {
                int8 = QuantizedWeights.write(teacher.network());
                net = teacher.network().clone();
                restore(net, int8);
                saved = net;
            }
            case "fp16" -> {
                saved = teacher.network().convertDataType(DataType.HALF);
                net = saved.convertDataType(DataType.FLOAT);
            }
            case "prune" -> {
                net = teacher.network().clone();
                Pruning.prune(net, own, teacher.normalizer(), s.sparsity(), s.epochs(), t.batchSize(), t.learningRate(), t.seed(), progress);
                saved = net;
            }
            default -> {
                net = Distillation.distill(teacher, own, s, progress);
                saved = net;
                TrainingSettings ts = Distillation.settings(teacher, s);
                t = new ModelCard.TrainingInfo("mlp", s.studentLayers(), MlpFactory.ACTIVATION, Optimization.defaults(),
                        ts.learningRate(), ts.batchSize(), ts.epochs(), ts.epochs(), ts.epochs(), false,
                        "distilled from " + source.getFileName() + " (" + teacher.card().training().parameters() + " parameters)",
                        ts.seed(), 0, net.numParams(), ts.spec(), null);
            }
        }
        progress.progress(0.85);
        TrainedModel optimized = new TrainedModel(net, teacher.normalizer(), teacher.card());
        ModelCard.TrainingInfo info = t;
        // the card records the zip's own size: written again until the size it states is the size it has; all of it
        // beside the target under a hidden name, renamed over the target at the end (a failure leaves no new file)
        Path work = out.toAbsolutePath().resolveSibling("." + out.getFileName() + "-optimizing.zip");
        try {
            ModelCard.Optimized record = write(teacher, saved, optimized, int8, info, s, source, before, own, work);
            move(work, out);
            return record;
        } finally {
            try {
                Files.deleteIfExists(work);
            } catch (IOException ignored) {
                // best effort: a hidden file named after the target
            }
        }
    }

    private static ModelCard.Optimized write(TrainedModel teacher, MultiLayerNetwork saved, TrainedModel optimized, byte[] int8,
                                             ModelCard.TrainingInfo info, OptimizeSettings s, Path source,
                                             ModelMeasurement before, OwnData own, Path out) {
        String note = s.method().equals("int8") ? INT8_NOTE : "a standard DL4J zip: ModelSerializer.restoreMultiLayerNetwork loads it";
        ModelMeasurement after = null;
        long size = 0;
        for (int i = 0; i < 5; i++) {
            ModelCard.Optimized record = new ModelCard.Optimized(s.method(), s.describe(), String.valueOf(source.getFileName()),
                    before, after == null ? null : after.withSize(size), note);
            ModelCard card = teacher.card().withOptimized(record, info).withTestMetrics(after == null ? before.test() : after.test());
            ModelFiles.save(new TrainedModel(saved, teacher.normalizer(), card), out, int8);
            if (after == null) {
                TrainedModel reloaded = ModelFiles.load(out);
                check(optimized, reloaded, own, out);
                after = Measurer.measure(reloaded, size(out), own);
            }
            if (size == size(out)) {
                return record;
            }
            size = size(out);
        }
        throw new IllegalStateException("the model card's recorded size did not settle for " + out);
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw InputException.file(to, "could not be written: " + e.getMessage(), "check the folder is writable and has free space");
        }
    }

    private static void restore(MultiLayerNetwork net, byte[] int8) {
        try {
            QuantizedWeights.restore(net, int8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The written zip, loaded again, predicts exactly what the optimized model in memory predicts. */
    private static void check(TrainedModel model, TrainedModel reloaded, OwnData own, Path out) {
        float[][] x = own.rows(own.split().test());
        Predictions a = model.predict(x);
        Predictions b = reloaded.predict(x);
        if (!Arrays.equals(a.predicted(), b.predicted())) {
            throw new IllegalStateException("the optimized model reloaded from " + out + " predicts differently from the one in memory");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw InputException.file(p, "cannot be read: " + e.getMessage(), "check the file");
        }
    }
}
