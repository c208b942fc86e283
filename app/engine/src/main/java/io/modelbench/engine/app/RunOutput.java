package io.modelbench.engine.app;

import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.project.Project;

import java.nio.file.Path;

/**
 * Where a new run keeps its files: nowhere ({@link InMemory}: the desktop without a project, tests), files the caller
 * names ({@link Files}: the CLI's {@code --out} and {@code --checkpoint-dir}), or a new {@code runs/run-NNNN/} folder of
 * a project ({@link InProject}: {@code run.json} rewritten atomically after every epoch, {@code checkpoints/},
 * {@code model.zip}).
 */
public sealed interface RunOutput {

    /** No files: the outcome is only returned. */
    record InMemory() implements RunOutput {
    }

    /** The model saved to {@code model} at the end (null: not saved), checkpoints in {@code checkpoints} (null: none). */
    record Files(Path model, Path checkpoints) implements RunOutput {
    }

    /** A new run in the project, recording the data's {@code recipe} (null when not known) in its {@code run.json}. */
    record InProject(Project project, DatasetRecipe recipe) implements RunOutput {
    }

    static RunOutput inMemory() {
        return new InMemory();
    }

    static RunOutput files(Path model, Path checkpoints) {
        return new Files(model, checkpoints);
    }

    static RunOutput project(Project project, DatasetRecipe recipe) {
        return new InProject(project, recipe);
    }
}
