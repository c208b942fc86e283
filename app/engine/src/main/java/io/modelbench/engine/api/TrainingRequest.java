package io.modelbench.engine.api;

import java.util.List;

/**
 * What to train: which column to predict ({@code task} null: inferred from it), which columns to leave
 * out, how to split the rows, how to train, and how the table becomes numbers.
 */
public record TrainingRequest(String targetColumn, TaskType task, List<String> ignoredColumns,
                              SplitSettings split, TrainingSettings training, PreparationSettings preparation) {

    public TrainingRequest {
        if (targetColumn == null || targetColumn.isBlank()) {
            throw InputException.setting("target", targetColumn, "choose the column to predict");
        }
        ignoredColumns = List.copyOf(ignoredColumns);
        preparation = preparation == null ? PreparationSettings.defaults() : preparation;
    }

    /** With the default preparation (inferred types, mean/most-frequent fill, standardize). */
    public TrainingRequest(String targetColumn, TaskType task, List<String> ignoredColumns, SplitSettings split,
                           TrainingSettings training) {
        this(targetColumn, task, ignoredColumns, split, training, PreparationSettings.defaults());
    }

    public static TrainingRequest of(String target, TrainingSettings training) {
        return new TrainingRequest(target, null, List.of(), SplitSettings.defaults(training.seed()), training);
    }

    public TrainingRequest withTraining(TrainingSettings t) {
        return new TrainingRequest(targetColumn, task, ignoredColumns, split, t, preparation);
    }

    public TrainingRequest withPreparation(PreparationSettings p) {
        return new TrainingRequest(targetColumn, task, ignoredColumns, split, training, p);
    }
}
