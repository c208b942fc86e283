package io.modelbench.engine.app;

import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.optimize.ModelOptimizer;

import java.nio.file.Path;

/**
 * Optimizing a saved model for inference, as front ends reach it: int8 or fp16 quantization, magnitude pruning with
 * fine-tuning (global or per layer), or distillation into a smaller MLP or CNN (as a run: {@link #distill}), each
 * measured before and after on the test split of the model's own data (see {@code engine.optimize.ModelOptimizer}).
 * Does inference and training: call it off the UI thread.
 */
public final class Optimizations {

    private Optimizations() {
    }

    /**
     * Writes the optimized model to {@code out} (atomically; its card records what was done) and returns the record.
     * {@code data} is the data the model was trained on (images read with the card's image settings); an
     * {@code InputException} when it is not, or when a file cannot be read or written.
     */
    public static ModelCard.Optimized optimize(Path model, Dataset data, OptimizeSettings settings, Path out, TaskProgress progress) {
        return ModelOptimizer.optimize(model, data, settings, out, progress);
    }

    /** An optimized model held in memory as its zip's bytes (the app saves it where the user chooses). */
    public record Optimized(ModelCard.Optimized record, byte[] zip) {
    }

    /**
     * Optimizes a model held in memory (the app's trained model): it is saved to a temporary zip first, so that
     * "before" is measured on the very zip Export would write; the temporary files are deleted again.
     */
    public static Optimized optimize(io.modelbench.engine.model.TrainedModel model, Dataset data, OptimizeSettings settings,
                                     TaskProgress progress) throws java.io.IOException {
        Path dir = java.nio.file.Files.createTempDirectory("modelbench-optimize-");
        Path original = dir.resolve("model.zip");
        Path out = dir.resolve("optimized.zip");
        try {
            ModelFiles.save(model, original);
            ModelCard.Optimized record = ModelOptimizer.optimize(original, data, settings, out, progress);
            return new Optimized(record, java.nio.file.Files.readAllBytes(out));
        } finally {
            io.modelbench.engine.io.AtomicFiles.deleteRecursively(dir);
        }
    }

    /** A distillation of a model held in memory, recorded as a run: the student's zip and the run's result. */
    public record DistilledRun(Optimized optimized, RunResult run) {
    }

    /**
     * Distils a model held in memory (the app's trained model) as a run of {@code runs} ({@link RunService#distill}:
     * in a project a run folder with the student's settings, curves and model); the student's zip is returned to be
     * saved where the user chooses. Temporary files are deleted again.
     */
    public static DistilledRun distill(RunService runs, io.modelbench.engine.model.TrainedModel model, Dataset data,
                                       OptimizeSettings settings, RunOutput output, RunSettings run, RunListener listener,
                                       TaskProgress progress) throws java.io.IOException {
        Path dir = java.nio.file.Files.createTempDirectory("modelbench-optimize-");
        Path original = dir.resolve("model.zip");
        Path out = dir.resolve("optimized.zip");
        try {
            ModelFiles.save(model, original);
            RunService.Distilled d = runs.distill(original, data, settings, out, output, run, listener, progress);
            return new DistilledRun(new Optimized(d.optimized(), java.nio.file.Files.readAllBytes(out)), d.run());
        } finally {
            io.modelbench.engine.io.AtomicFiles.deleteRecursively(dir);
        }
    }

    /**
     * What a distillation of a model with this card trains, as its run records it (the teacher's target and split, the
     * student's layers and settings); an {@code InputException} when the settings do not fit the model.
     */
    public static io.modelbench.engine.api.TrainingRequest studentRequest(ModelCard teacher, OptimizeSettings settings) {
        return ModelOptimizer.studentRequest(teacher, settings);
    }

    /** Writes an optimized model's zip atomically (temporary file, then rename). */
    public static void save(Optimized model, Path target) {
        io.modelbench.engine.io.AtomicFiles.write(target, model.zip());
    }

    /** What the card of an int8 zip says about loading it outside ModelBench. */
    public static String int8Note() {
        return ModelOptimizer.INT8_NOTE;
    }
}
