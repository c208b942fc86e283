package io.modelbench.engine.api;

import java.util.List;

/**
 * What to train: which column to predict ({@code task} null: inferred from it), which columns to leave
 * out, how to split the rows and how to train.
 */
public record TrainingRequest(String targetColumn, TaskType task, List<String> ignoredColumns,
                              SplitSettings split, TrainingSettings training) {

    public TrainingRequest {
        if (targetColumn == null || targetColumn.isBlank()) {
            throw InputException.setting("target", targetColumn, "choose the column to predict");
        }
        ignoredColumns = List.copyOf(ignoredColumns);
    }

    public static TrainingRequest of(String target, TrainingSettings training) {
        return new TrainingRequest(target, null, List.of(), SplitSettings.defaults(training.seed()), training);
    }
}
