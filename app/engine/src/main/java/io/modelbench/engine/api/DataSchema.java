package io.modelbench.engine.api;

import java.util.List;

/**
 * What a model reads and predicts: its input columns (in order), the target column, the task and, for
 * classification, the class labels in output order.
 */
public record DataSchema(List<String> featureColumns, String targetColumn, TaskType task, List<String> labels) {

    public DataSchema {
        featureColumns = List.copyOf(featureColumns);
        labels = List.copyOf(labels);
    }

    public int inputCount() {
        return featureColumns.size();
    }

    public int outputCount() {
        return task == TaskType.CLASSIFICATION ? labels.size() : 1;
    }
}
