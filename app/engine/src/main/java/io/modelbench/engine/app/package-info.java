/**
 * The engine's application layer: what every front end (desktop, CLI, model server, batch jobs) calls to open data,
 * start, resume, stop, record and export runs. {@link io.modelbench.engine.app.RunService} owns a run's folder, its
 * checkpoints, its record ({@code run.json}), its model and its status, and sends typed
 * {@link io.modelbench.engine.app.RunEvent}s to an explicit listener; {@link io.modelbench.engine.app.Projects} holds
 * a project's file operations, {@link io.modelbench.engine.app.Datasets} opens data (a table profiled once),
 * {@link io.modelbench.engine.app.Exports} writes what a model is exported as,
 * {@link io.modelbench.engine.app.WindowForecasts} forecasts from a window of raw past values (Try it, the server).
 *
 * <p>May import: the engine's other packages ({@code api}, {@code data}, {@code train}, {@code model}, {@code io},
 * {@code eval}, {@code project}, {@code nativeenv}) and the JDK. Its signatures carry API records, data and project
 * types and {@code TrainedModel}/{@code TrainingOutcome}, never a DL4J or ND4J type, so a front end needs no DL4J on
 * its compile path to train. Never JavaFX, never {@code System.out}: front ends decide how to show things. Why a layer:
 * before it, the desktop and the CLI each chose train or resume, table or images, set threads, wrote run files and
 * saved the model, and a third and fourth front end were coming.
 */
package io.modelbench.engine.app;
