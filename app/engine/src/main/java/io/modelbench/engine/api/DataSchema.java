package io.modelbench.engine.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a model reads and predicts: its input columns (in order) with their types, the target column, the
 * task and, for classification, the class labels in output order; and the columns left out, with why.
 */
public record DataSchema(List<String> featureColumns, List<ColumnType> featureTypes, String targetColumn,
                         TaskType task, List<String> labels, Map<String, String> ignoredColumns) {

    public DataSchema {
        featureColumns = List.copyOf(featureColumns);
        featureTypes = List.copyOf(featureTypes);
        labels = List.copyOf(labels);
        ignoredColumns = ignoredColumns == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ignoredColumns));
        if (featureTypes.size() != featureColumns.size()) {
            throw new IllegalArgumentException("one type per feature column");
        }
    }

    /** All-numeric inputs (for data that is numbers already). */
    public DataSchema(List<String> featureColumns, String targetColumn, TaskType task, List<String> labels) {
        this(featureColumns, Collections.nCopies(featureColumns.size(), ColumnType.NUMERIC), targetColumn, task,
                labels, Map.of());
    }

    public int inputCount() {
        return featureColumns.size();
    }

    public int outputCount() {
        return task == TaskType.CLASSIFICATION ? labels.size() : 1;
    }

    public ColumnType typeOf(String column) {
        int i = featureColumns.indexOf(column);
        return i < 0 ? null : featureTypes.get(i);
    }

}
