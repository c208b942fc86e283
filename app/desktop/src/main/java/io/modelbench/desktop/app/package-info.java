/**
 * The desktop app's composition root and launcher: {@code Launcher} (environment for the native libraries before any
 * other thread exists), {@code ModelBenchApp} (creates the worker pool, the one training thread, the engine's run
 * service and the view models, then the window), {@code FxUiScheduler} (the one place that hops onto the JavaFX
 * thread), {@code BackendLoader} (the native backend after the first frame), window placement, the stall monitor and
 * the screenshot script.
 *
 * <p>May import everything: the view models, the views, the engine. Nothing else imports it. Why here: wiring and
 * {@code Platform.runLater} in one package keep the view models free of JavaFX's toolkit (tested without it) and make
 * the test's "one place hops to the FX thread" rule possible.
 */
package io.modelbench.desktop.app;
