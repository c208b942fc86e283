/**
 * Projects on disk: {@code project.modelbench} (name, dataset recipe, model, settings), {@code runs/run-NNNN/} per run
 * ({@code run.json} as a {@code RunInfo}, {@code checkpoints/}, {@code model.zip}) and the recent-projects list; every
 * file written atomically. Front ends reach it through {@code engine.app.Projects} and {@code RunService}, off the UI
 * thread. May import: the JDK, Jackson (through {@code engine.io.Json}), {@code engine.api}; never DL4J/ND4J or JavaFX.
 */
package io.modelbench.engine.project;
