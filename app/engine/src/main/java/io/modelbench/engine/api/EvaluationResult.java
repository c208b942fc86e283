package io.modelbench.engine.api;

import java.util.List;

/** How good a model is on a set of rows. */
public sealed interface EvaluationResult {

    int rows();

    TaskType task();

    /**
     * Accuracy, per-class figures, macro F1, the confusion matrix ({@code confusion[actual][predicted]}, in the
     * order of {@code labels}) and one-vs-rest ROC AUC per class (empty when no probabilities were given).
     */
    record Classification(int rows, double accuracy, double f1Macro, List<String> labels,
                          List<ClassMetrics> perClass, int[][] confusion, List<Double> aucPerClass)
            implements EvaluationResult {
        public Classification {
            labels = List.copyOf(labels);
            perClass = List.copyOf(perClass);
            aucPerClass = aucPerClass == null ? List.of() : List.copyOf(aucPerClass);
        }

        /** Mean one-vs-rest ROC AUC over the classes that have both positives and negatives; NaN if none. */
        public double aucMacro() {
            return aucPerClass.stream().filter(d -> !d.isNaN()).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
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
