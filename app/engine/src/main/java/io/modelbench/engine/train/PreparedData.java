package io.modelbench.engine.train;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.FeatureEncoder;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.SeriesWindows;

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
 * @param series   for a time series, the series and its windows (one example each; {@code y} is the change from each
 *                 window's last value), else null
 * @param sequence for sequence classification, how the long table became one row per sequence, else null
 */
public record PreparedData(DataSchema schema, FeatureEncoder encoder, float[][] x, int[] classes, float[] y,
                           DataSplit split, int[] sourceRow, long[] sourceLine, String source, String sha256,
                           int sourceRows, int dropped, InputShape shape, ImageSettings images, Series series,
                           io.modelbench.engine.api.ModelCard.SequenceInput sequence) {

    /** Data that is not sequences to classify. */
    public PreparedData(DataSchema schema, FeatureEncoder encoder, float[][] x, int[] classes, float[] y, DataSplit split,
                        int[] sourceRow, long[] sourceLine, String source, String sha256, int sourceRows, int dropped,
                        InputShape shape, ImageSettings images, Series series) {
        this(schema, encoder, x, classes, y, split, sourceRow, sourceLine, source, sha256, sourceRows, dropped, shape, images, series, null);
    }

    /** A time series read for training: the series and the windows cut from it. */
    public record Series(SeriesDataset data, SeriesWindows windows) {
    }

    /** Data that is not a time series. */
    public PreparedData(DataSchema schema, FeatureEncoder encoder, float[][] x, int[] classes, float[] y, DataSplit split,
                        int[] sourceRow, long[] sourceLine, String source, String sha256, int sourceRows, int dropped,
                        InputShape shape, ImageSettings images) {
        this(schema, encoder, x, classes, y, split, sourceRow, sourceLine, source, sha256, sourceRows, dropped, shape, images, null, null);
    }

    /**
     * The same data with no test examples: what a sweep's trials and {@code AutoSearch}'s candidates train and are scored
     * on, so nothing they do can read the test split (the training and validation examples are unchanged).
     */
    public PreparedData withoutTest() {
        return new PreparedData(schema, encoder, x, classes, y, new DataSplit(split.train(), split.validation(), new int[0]),
                sourceRow, sourceLine, source, sha256, sourceRows, dropped, shape, images, series, sequence);   // padded sequences stay masked
    }

    public boolean classification() {
        return classes != null;
    }
}
