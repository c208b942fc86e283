/**
 * The pages' state and commands as JavaFX properties and observable lists, one view model per page
 * ({@code DataViewModel}, {@code ModelViewModel}, {@code TrainViewModel}, {@code EvaluateViewModel}, ...), each split
 * along its own sections into package-private parts ({@code DataColumns}, {@code ImageOptions}, {@code TrainingForm},
 * {@code TrainingMonitor}, {@code EvaluationCurves}, ...), and the {@code Workspace} the pages share.
 *
 * <p>Background work goes through one abstraction: a {@code TaskRunner} runs {@code BackgroundTask}s (work on an
 * injected executor; running, progress, messages, events, the result or the failure's one-line message delivered on
 * the UI thread through {@code UiScheduler}, coalesced by {@code EventCoalescer}; stale results dropped). Tests pass
 * {@code Runnable::run} and {@code UiScheduler.immediate()}, and a fake {@code TrainingService} instead of the engine's
 * run service, and drive every command synchronously with no toolkit.
 *
 * <p>May import {@code javafx.beans} and {@code javafx.collections}, the engine's API records and its application layer
 * ({@code engine.app}: {@code RunService}, {@code Projects}, {@code Datasets}, {@code Exports}, {@code ModelSpecs}) with
 * the data and project types their signatures carry; never {@code javafx.scene}/{@code stage}/{@code fxml}, the view,
 * or DL4J/ND4J (an architecture test fails the build). Nothing here touches the disk on the UI thread.
 */
package io.modelbench.desktop.viewmodel;
