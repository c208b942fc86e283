package io.modelbench.engine.api;

import java.util.List;

/** How good a model is on a set of rows. */
public sealed interface EvaluationResult {

    int rows();

    TaskType task();

    /**
     * Accuracy, per-class figures, macro F1 and the confusion matrix ({@code confusion[actual][predicted]},
     * in the order of {@code labels}).
     */
    record Classification(int rows, double accuracy, double f1Macro, List<String> labels,
                          List<ClassMetrics> perClass, int[][] confusion) implements EvaluationResult {
        public Classification {
            labels = List.copyOf(labels);
            perClass = List.copyOf(perClass);
        }

        @Override
        public TaskType task() {
            return TaskType.CLASSIFICATION;
        }
    }

    /** Root mean squared error, mean absolute error and R², in the target's own units. */
    record Regression(int rows, double rmse, double mae, double r2) implements EvaluationResult {
        @Override
        public TaskType task() {
            return TaskType.REGRESSION;
        }
    }
}
