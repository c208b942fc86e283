package io.modelbench.engine.data;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskType;

import java.util.Collection;

/**
 * A dataset as numbers, ready for training: one feature row per example, and a class index (classification)
 * or a target value (regression) per example. {@code source} and {@code sha256} say where it came from.
 */
public record EncodedData(DataSchema schema, float[][] features, int[] classes, float[] targets, String source,
                          String sha256) {

    public EncodedData {
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        if (cls ? classes == null || classes.length != features.length : targets == null || targets.length != features.length) {
            throw new IllegalArgumentException("one " + (cls ? "class" : "target") + " per feature row");
        }
        if (features.length == 0) {
            throw InputException.file(source, "has no rows", "use a table with data rows");
        }
    }

    /** Infers the schema (see {@link TableEncoder#inferSchema}) and reads every row as numbers. */
    public static EncodedData of(Table table, String target, TaskType task, Collection<String> ignore) {
        DataSchema schema = TableEncoder.inferSchema(table, target, task, ignore);
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        return new EncodedData(schema, TableEncoder.features(table, schema),
                cls ? TableEncoder.classIndices(table, schema) : null,
                cls ? null : TableEncoder.targets(table, schema), table.source(), table.sha256());
    }

    public int rows() {
        return features.length;
    }
}
