package io.modelbench.engine.data;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskType;


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

    public int rows() {
        return features.length;
    }
}
