/**
 * The pages as FXML controllers (thin: they bind controls to view-model properties and forward commands), the charts
 * ({@code LossChart}, {@code LiveCharts}, {@code EvaluateCharts} on JFreeChart, redrawn at most every 250 ms by
 * {@code ThrottledRedraw}), the confusion matrix and the file dialogs. FXML, CSS and icons are in {@code ui-resources}.
 *
 * <p>May import the view models, JavaFX, JFreeChart and ControlsFX, and the engine's API records the view models
 * expose; never DL4J/ND4J (an architecture test fails the build). No file I/O, no engine calls and no waiting here:
 * what touches the disk or the engine goes through a view model's command, which runs it on a worker.
 */
package io.modelbench.desktop.view;
