/**
 * Hyperparameter sweeps' algorithms (issue 16): the search space as JSON ({@code SpaceJson}), the trials a strategy
 * proposes ({@code Plans}: grid, seeded random), a trial's settings ({@code TrialSettings}), asynchronous successive
 * halving ({@code Asha}), how trials rank on the validation split ({@code Scores}) and the sweep's state file
 * ({@code SweepState}). Front ends reach them through {@code engine.app.Sweeps}, which trains the trials with the
 * {@code RunService}.
 *
 * <p>May import: the engine's {@code api} and {@code io}, Jackson and the JDK; never {@code engine.app} (it calls this
 * package), DL4J/ND4J or JavaFX.
 */
package io.modelbench.engine.sweep;
