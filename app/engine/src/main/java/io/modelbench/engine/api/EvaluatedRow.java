package io.modelbench.engine.api;

/**
 * One evaluated row: where it is in the source table ({@code row}, 0-based, and its file {@code line}), the
 * true and predicted values, the model's confidence (the predicted class's probability; NaN for regression)
 * and the row's loss (cross-entropy of the true class, or squared error).
 */
public record EvaluatedRow(int row, long line, String actual, String predicted, double confidence, double loss,
                           double[] probabilities) {

    public boolean correct() {
        return actual.equals(predicted);
    }
}
