package io.modelbench.engine.api;

/** Precision, recall and F1 of one class, and how many test rows truly belong to it. */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
}
