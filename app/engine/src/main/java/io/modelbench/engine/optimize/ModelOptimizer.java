package io.modelbench.engine.optimize;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelMeasurement;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.io.QuantizedWeights;
import io.modelbench.engine.model.MlpFactory;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Optimizes a saved model for inference and measures it before and after on the test split of its own data
 * ({@link OwnData}): int8 weights, fp16 parameters, magnitude pruning with fine-tuning ({@link Pruning}, global or per
 * layer) or distillation into a smaller MLP or CNN ({@link Distillation}; {@link #distill} also reports the student's
 * training as a session's events, for a run to record). The result is a model zip that {@code ModelFiles.load} (and
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
        return run(source, data, s, out, progress, TrainingListener.NONE).record();
    }

    /**
     * What a distillation gives a run: the optimized model's record, and the student as a training session's outcome
     * (the model loaded from {@code out}, its figures on the test split of the teacher's data, the epochs it trained).
     */
    public record Distilled(ModelCard.Optimized record, TrainingOutcome outcome) {
    }

    /**
     * {@link #optimize} for {@code distill} settings, the student's training reported to {@code events} as a training
     * session's events (started, every mini-batch, every epoch with its validation figures, finished).
     */
    public static Distilled distill(Path source, Dataset data, OptimizeSettings s, Path out, TaskProgress progress,
                                    TrainingListener events) {
        if (!s.method().equals("distill")) {
            throw new IllegalArgumentException("not a distillation: " + s.method());
        }
        Done d = run(source, data, s, out, progress, events);
        ModelCard.TrainingInfo t = d.model().card().training();
        TrainingOutcome outcome = new TrainingOutcome(d.model(), Measurer.evaluate(d.model(), d.own()), List.of(), null, null,
                t.epochsCompleted(), false, t.samplesPerSecond());
        return new Distilled(d.record(), outcome);
    }

    /**
     * What a distillation of the model with this card trains, as a run records it: the teacher's target, task, ignored
     * columns and split, and the student's layers and settings (see {@code Distillation}). An {@code InputException}
     * when the settings do not fit the model (a CNN student of a table model).
     */
    public static TrainingRequest studentRequest(ModelCard teacher, OptimizeSettings s) {
        ModelCard.DatasetInfo d = teacher.dataset();
        String target = teacher.targetColumn() == null || teacher.targetColumn().isBlank() ? "class" : teacher.targetColumn();
        return new TrainingRequest(target, teacher.schema().task(),
                teacher.ignoredColumns() == null ? List.of() : List.copyOf(teacher.ignoredColumns().keySet()),
                new SplitSettings(d.testFraction(), d.validationFraction(), d.splitSeed()), Distillation.settings(teacher, s));
    }

    /** An optimization's record, the model as written (loaded again from the zip), and the data it was measured on. */
    private record Done(ModelCard.Optimized record, TrainedModel model, OwnData own) {
    }

    private static Done run(Path source, Dataset data, OptimizeSettings s, Path out, TaskProgress progress, TrainingListener events) {
        TrainedModel teacher = ModelFiles.load(source);
        boolean sequences = teacher.forecasts() || teacher.card().sequence() != null;
        if (sequences && !s.method().equals("int8") && !s.method().equals("fp16")) {
            // weight-only quantization needs no training data; pruning and distillation fine-tune on rows of a table
            throw InputException.general((teacher.forecasts() ? "a forecasting (time-series) model" : "a sequence classifier")
                    + " can be quantized (int8, fp16), not "
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
                Pruning.prune(net, own, teacher.normalizer(), s.sparsity(), s.pruneScope().equals("layer"), s.epochs(), t.batchSize(),
                        t.learningRate(), t.seed(), progress);
                saved = net;
            }
            default -> {
                long started = System.nanoTime();
                net = Distillation.distill(teacher, own, s, progress, events);
                double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
                saved = net;
                TrainingSettings ts = Distillation.settings(teacher.card(), s);
                List<Integer> mlp = ts.spec().plainMlpSizes();
                t = new ModelCard.TrainingInfo(ts.spec().name(), mlp == null ? List.of() : mlp, MlpFactory.ACTIVATION, Optimization.defaults(),
                        ts.learningRate(), ts.batchSize(), ts.epochs(), ts.epochs(), ts.epochs(), false,
                        "distilled from " + source.getFileName() + " (" + teacher.card().training().parameters() + " parameters)",
                        ts.seed(), (double) ts.epochs() * own.split().train().length / seconds, net.numParams(), ts.spec(), null);
            }
        }
        progress.progress(0.85);
        TrainedModel optimized = new TrainedModel(net, teacher.normalizer(), teacher.card());
        ModelCard.TrainingInfo info = t;
        // the card records the zip's own size: written again until the size it states is the size it has; all of it
        // beside the target under a hidden name, renamed over the target at the end (a failure leaves no new file)
        Path work = out.toAbsolutePath().resolveSibling("." + out.getFileName() + "-optimizing.zip");
        try {
            Done done = write(teacher, saved, optimized, int8, info, s, source, before, own, work);
            move(work, out);
            return done;
        } finally {
            try {
                Files.deleteIfExists(work);
            } catch (IOException ignored) {
                // best effort: a hidden file named after the target
            }
        }
    }

    private static Done write(TrainedModel teacher, MultiLayerNetwork saved, TrainedModel optimized, byte[] int8,
                              ModelCard.TrainingInfo info, OptimizeSettings s, Path source,
                              ModelMeasurement measuredBefore, OwnData own, Path out) {
        String note = s.method().equals("int8") ? INT8_NOTE : "a standard DL4J zip: ModelSerializer.restoreMultiLayerNetwork loads it";
        ModelMeasurement before = measuredBefore;
        ModelMeasurement after = null;
        TrainedModel reloaded = null;
        long size = 0;
        for (int i = 0; i < 5; i++) {
            ModelCard.Optimized record = new ModelCard.Optimized(s.method(), s.describe(), String.valueOf(source.getFileName()),
                    before, after == null ? null : after.withSize(size), note);
            ModelCard card = teacher.card().withOptimized(record, info).withTestMetrics(after == null ? before.test() : after.test());
            ModelFiles.save(new TrainedModel(saved, teacher.normalizer(), card), out, int8);
            if (after == null) {
                reloaded = ModelFiles.load(out);
                check(optimized, reloaded, own, out);
                // both timed now, interleaved, so that the two latencies are measured under the same load
                ModelMeasurement[] timed = Measurer.withLatencies(teacher, before, reloaded, Measurer.measure(reloaded, size(out), own), own);
                before = timed[0];
                after = timed[1];
            }
            if (size == size(out)) {
                return new Done(record, ModelFiles.load(out), own);
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
