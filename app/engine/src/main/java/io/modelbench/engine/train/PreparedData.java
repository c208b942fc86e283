package io.modelbench.engine.train;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.FeatureEncoder;

/**
 * Everything a run needs from its data, in numbers: the schema, the fitted encoder, one row of inputs per example,
 * the class index or target per example, the split, and where each example came from (row index and file line, for
 * the test rows' report). Made by {@link Trainer#prepare} before anything is written, so bad input fails before a
 * run folder exists.
 *
 * @param classes  class index per example (classification), else null
 * @param y        target per example (regression), else null
 * @param dropped  rows of the source left out (missing target or drop-row inputs) or image files skipped
 * @param images   the image settings for image data, else null
 */
public record PreparedData(DataSchema schema, FeatureEncoder encoder, float[][] x, int[] classes, float[] y,
                           DataSplit split, int[] sourceRow, long[] sourceLine, String source, String sha256,
                           int sourceRows, int dropped, InputShape shape, ImageSettings images) {

    public boolean classification() {
        return classes != null;
    }
}
