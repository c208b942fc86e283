/**
 * Training, split by job: {@code DataPreparation} (schema, rows left out, split, encoding fitted on the training
 * split, into a {@code PreparedData}), {@code TrainingLoop} (epochs with a (seed, epoch) shuffle, validation,
 * checkpoints within a time budget, early stopping, Stop and pause between mini-batches, typed events),
 * {@code TestReport} (test figures and baseline), {@code ModelCards} (the model card) and {@code Checkpoints};
 * {@code Trainer} is the entry. Front ends go through {@code engine.app.RunService}, which owns the run's files; only
 * the bench calls the trainer directly, to measure it. May import: DL4J/ND4J and the engine's {@code api},
 * {@code data}, {@code model}, {@code eval}, {@code io}, {@code nativeenv}; never {@code project} or {@code app}.
 */
package io.modelbench.engine.train;
