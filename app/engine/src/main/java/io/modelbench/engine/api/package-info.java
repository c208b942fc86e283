/**
 * The records and small types that cross the engine's boundary: what to train ({@code TrainingRequest},
 * {@code TrainingSettings}, {@code ModelSpec}, {@code PreparationSettings}, {@code ImageSettings}), what comes back
 * ({@code TrainingEvent}, {@code EvaluationResult}, {@code ModelCard}, {@code Predictions}, {@code DataSchema},
 * {@code ColumnProfile}), how a session is steered ({@code StopSignal}, {@code TaskProgress}) and bad input
 * ({@code InputException}: one line naming the file, line, column or setting and what to do).
 *
 * <p>May import: the JDK and Jackson annotations only; never DL4J/ND4J or JavaFX (ArchUnit checks it), so that view
 * models and other front ends can hold these types without the numeric libraries. Records are immutable; events are a
 * sealed interface of records.
 */
package io.modelbench.engine.api;
