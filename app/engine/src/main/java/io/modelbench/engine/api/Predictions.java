package io.modelbench.engine.api;

import java.util.List;

/**
 * A model's outputs for a table, one per row. Classification: the predicted label and one probability per
 * label ({@code probabilities[row][label]}); regression: {@code values[row]} and no probabilities.
 */
public record Predictions(TaskType task, List<String> labels, String[] predicted, double[][] probabilities,
                          double[] values) {

    public Predictions {
        labels = List.copyOf(labels);
    }

    public int rows() {
        return predicted.length;
    }
}
