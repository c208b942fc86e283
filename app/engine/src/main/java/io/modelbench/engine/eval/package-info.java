/**
 * Figures on predictions: accuracy, per-class precision/recall/F1, confusion matrix, log loss, R²/RMSE/MAE
 * ({@code Metrics}) and ROC and precision-recall curves ({@code Curves}). Plain Java on arrays, so the desktop can
 * compute curves for a result without touching ND4J. May import: the JDK and {@code engine.api}.
 */
package io.modelbench.engine.eval;
