package io.modelbench.engine.train;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.EncodedData;
import io.modelbench.engine.data.FeatureEncoder;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.LeakCheck;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.SeriesWindows;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.data.TableEncoder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * From data to numbers, the first of the trainer's jobs: the schema (taken from a {@link TableDataset} when it
 * holds one for the request, else inferred), rows with a missing target (or a missing drop-row input) left out,
 * the stratified split, encoding (fill values, categories) fitted on the training split only; for image folders the
 * pixels as they are; and the ND4J {@link DataSet}s of a split.
 */
final class DataPreparation {

    private DataPreparation() {
    }

    /** A table profiled already: its schema for the request without profiling it again. */
    static PreparedData of(TableDataset data, TrainingRequest request) {
        return of(data.table(), data.schemaFor(request), request, data.sequence());
    }

    static PreparedData of(Table table, TrainingRequest request) {
        DataSchema schema = TableEncoder.inferSchema(table, request.targetColumn(), request.task(), request.ignoredColumns(),
                request.preparation());
        return of(table, schema, request, null);
    }

    /** {@code sequence}: the table holds one row per sequence; every input is kept and the model reads [channels, steps]. */
    private static PreparedData of(Table table, DataSchema schema, TrainingRequest request,
                                   io.modelbench.engine.api.ModelCard.SequenceInput sequence) {
        PreparationSettings prep = request.preparation();
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        int t = TableEncoder.requireColumn(table, schema.targetColumn());
        int[] dropColumns = schema.featureColumns().stream()
                .filter(c -> prep.missingFor(c, schema.typeOf(c)) == MissingStrategy.DROP_ROW)
                .mapToInt(table::indexOf).toArray();
        int[] keep = IntStream.range(0, table.rowCount())
                .filter(r -> !TableEncoder.targetMissing(table, r, t))
                .filter(r -> Arrays.stream(dropColumns).noneMatch(c -> table.isMissing(r, c)))
                .toArray();
        if (keep.length < 2) {
            throw InputException.file(table.source(), "has " + keep.length + " usable rows after leaving out rows with missing values",
                    "fill in missing values, or choose another missing-value strategy than drop");
        }
        Table kept = table.select(keep);
        int[] classes = cls ? TableEncoder.classIndices(kept, schema) : null;
        float[] targets = cls ? null : TableEncoder.targets(kept, schema);
        DataSplit split = DataSplit.of(kept.rowCount(), classes, heldOut(table, keep, request.split()));
        // columns that predict the target alone on the training rows are left out (unless kept): a leak?
        DataSchema checked = sequence != null ? schema : LeakCheck.apply(kept, schema, split.train(), classes, targets, prep.keep());
        FeatureEncoder encoder = FeatureEncoder.fit(kept, split.train(), checked, prep);
        float[][] x = encoder.encode(kept);
        long[] lines = Arrays.stream(keep).mapToLong(table::line).toArray();
        InputShape shape = sequence == null ? InputShape.vector(encoder.width()) : InputShape.sequence(sequence.channels().size(), sequence.steps());
        if (sequence != null) {
            io.modelbench.engine.data.SequenceTable.markPadding(kept, x, sequence.channels().size(), sequence.steps());
            io.modelbench.engine.data.SequenceTable.checkModel(request.training().spec(), sequence);
        }
        return new PreparedData(checked, encoder, x, classes, targets, split, keep, lines, table.source(), table.sha256(),
                table.rowCount(), table.rowCount() - keep.length, shape, null, null, sequence);
    }

    /**
     * The split with the count of a separate test file's rows (the table's last {@code heldOutRows}) that are still
     * there after rows were left out; an {@code InputException} when none is left, or no training row.
     */
    private static SplitSettings heldOut(Table table, int[] keep, SplitSettings split) {
        if (split.heldOutRows() == 0) {
            return split;
        }
        int first = table.rowCount() - split.heldOutRows();
        int kept = (int) Arrays.stream(keep).filter(r -> r >= first).count();
        if (kept == 0 || kept == keep.length) {
            throw InputException.general((kept == 0 ? "the test file has" : "the training file has") + " no usable rows after leaving out "
                    + "rows with a missing target or missing values", "fill in the target (and missing values), or choose another missing-value strategy");
        }
        return split.withHeldOutRows(kept);
    }

    /** An image folder: always classification, one class per subfolder; the pixels go in raw (0–255). */
    static PreparedData of(ImageDataset images, TrainingRequest request) {
        DataSchema schema = new DataSchema(List.of(), List.of(), request.targetColumn(), TaskType.CLASSIFICATION,
                images.labels(), Map.of());
        int[] classes = images.classes();
        DataSplit split = DataSplit.of(images.size(), classes, request.split());
        int[] rows = IntStream.range(0, images.size()).toArray();
        long[] lines = LongStream.range(1, images.size() + 1L).toArray();
        return new PreparedData(schema, FeatureEncoder.numeric(List.of()), images.pixels(), classes, null, split, rows, lines,
                images.source(), images.sha256(), images.size() + images.skipped().size(), images.skipped().size(),
                images.settings().shape(), images.settings());
    }

    /**
     * Each channel as a number column (no fill: a window's values are all known) with the range of the values the
     * training windows hold in the data's units (the target's are stored relative to the window's last value, which
     * is added back): the model card's record of what the model saw, which the model server's drift counts compare
     * served windows with (a forecaster trained on CO2 up to 371 ppm asked about 420 says so).
     */
    static List<io.modelbench.engine.api.EncodedColumn> channelRanges(List<String> channels, SeriesWindows w, int[] train) {
        int window = w.window();
        List<io.modelbench.engine.api.EncodedColumn> out = new java.util.ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i : train) {
                double base = c == 0 ? w.anchor()[i] : 0;
                for (int k = 0; k < window; k++) {
                    double v = w.x()[i][c * window + k] + base;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            boolean any = train.length > 0;
            out.add(new io.modelbench.engine.api.EncodedColumn(channels.get(c), "numeric", List.of(channels.get(c)), null, null, List.of(),
                    "none", any ? round(min, java.math.RoundingMode.FLOOR) : null, any ? round(max, java.math.RoundingMode.CEILING) : null));
        }
        return out;
    }

    /**
     * A float sum (x + anchor) to 7 significant digits, rounded outwards (down for the minimum, up for the maximum) so
     * that the range never leaves out a training value: 371.50003 is 371.5 as a minimum, 371.5001 as a maximum.
     */
    private static double round(double v, java.math.RoundingMode outwards) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(7, outwards)).doubleValue();
    }

    /**
     * A time series: windows of the target (and covariates) as a forecasting (regression) problem, split by time
     * ({@link SeriesWindows#split}), never shuffled; the normalizer is fitted on the training windows later, as for a
     * table. The model's inputs are the channels (target first); its rows the windows, each named by the file line of
     * the step it predicts.
     */
    static PreparedData of(SeriesDataset series, TrainingRequest request) {
        if (request.task() == TaskType.CLASSIFICATION) {
            throw InputException.setting("task", "classification", "a time series is forecast as numbers: sequence classification "
                    + "is not available yet; leave the task out");
        }
        SeriesDataset d = series.forTarget(request.targetColumn());
        SeriesWindows w = SeriesWindows.of(d, false);
        DataSplit split = w.split(request.split());
        List<String> channels = d.channels();
        DataSchema schema = new DataSchema(channels, java.util.Collections.nCopies(channels.size(), io.modelbench.engine.api.ColumnType.NUMERIC),
                d.targetColumn(), TaskType.REGRESSION, List.of(), Map.of());
        int[] rows = IntStream.range(0, w.size()).toArray();
        return new PreparedData(schema, FeatureEncoder.of(channelRanges(channels, w, split.train())), w.x(), null, w.y(), split, rows,
                w.line(), d.source(),
                d.sha256(), d.steps(), w.dropped(), InputShape.sequence(channels.size(), w.window()), null,
                new PreparedData.Series(d, w));
    }

    /** Data that is numbers already (benchmarks): the schema comes with it. */
    static PreparedData of(EncodedData data, TrainingRequest request) {
        DataSplit split = DataSplit.of(data.rows(), data.classes(), request.split());
        int[] rows = IntStream.range(0, data.rows()).toArray();
        long[] lines = LongStream.range(2, data.rows() + 2L).toArray();
        return new PreparedData(data.schema(), FeatureEncoder.numeric(data.schema().featureColumns()), data.features(),
                data.classes(), data.targets(), split, rows, lines, data.source(), data.sha256(), data.rows(), 0,
                InputShape.vector(data.schema().featureColumns().size()), null);
    }

    /** Settings that cannot work with this data, found before the network is built. */
    static void check(PreparedData p, TrainingRequest request) {
        int patience = request.training().optimization().patience();
        if (patience > 0 && p.split().validation().length == 0) {
            throw InputException.setting("early stopping", patience,
                    "early stopping watches the validation split: set a validation fraction above 0");
        }
    }

    /** The rows of one split as a DataSet: inputs, and one-hot classes or the target. */
    static DataSet dataSet(PreparedData p, int[] rows, int outputs) {
        return dataSet(p, rows, outputs, false);
    }

    /**
     * As {@link #dataSet(PreparedData, int[], int)}; {@code perStep}: for truncated backpropagation, the target as a label
     * on the window's last step of a [windows, 1, time] label, with a label mask that hides every other step.
     */
    /** The labels of these rows: one-hot [rows, outputs] for classes, else the target [rows, 1]. */
    static INDArray labels(PreparedData p, int[] rows, int outputs) {
        int n = rows.length;
        if (p.classes() != null) {
            float[] onehot = new float[n * outputs];
            for (int i = 0; i < n; i++) {
                onehot[i * outputs + p.classes()[rows[i]]] = 1f;
            }
            return Nd4j.create(onehot, new long[] {n, outputs}, 'c');
        }
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = p.y()[rows[i]];
        }
        return Nd4j.create(y, new long[] {n, 1}, 'c');
    }

    /** Rows of equal width as one row-major float array [rows, width], copied once, into native memory. */
    static INDArray rows(float[][] x) {
        int n = x.length;
        int w = n == 0 ? 0 : x[0].length;
        if (n == 0) {
            return Nd4j.create(x);
        }
        for (float[] r : x) {
            if (r.length != w) {
                return Nd4j.create(x);   // ragged: ND4J says what is wrong
            }
        }
        // straight into the array's native memory: no flat copy on the heap first (a LeNet session's 1.6 MB, an MLP
        // session's 50 MB on 16,000 × 784, and one pass less)
        int total = Math.multiplyExact(n, w);
        if (total == 0) {
            return Nd4j.create(new float[0], new long[] {n, w}, 'c');
        }
        INDArray a = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, w);
        java.nio.FloatBuffer fb = a.data().asNioFloat();
        if (a.offset() != 0 || fb.capacity() < total) {
            return Nd4j.create(x);
        }
        for (int i = 0; i < n; i++) {
            fb.put(i * w, x[i], 0, w);
        }
        return a;
    }

    static DataSet dataSet(PreparedData p, int[] rows, int outputs, boolean perStep) {
        int n = rows.length;
        float[][] fx = new float[n][];
        for (int i = 0; i < n; i++) {
            fx[i] = p.x()[rows[i]];
        }
        INDArray mask = null;
        if (p.sequence() != null) {   // padded sequences: NaN steps as zeros, and DL4J's features mask
            io.modelbench.engine.data.SequenceTable.Masked m = io.modelbench.engine.data.SequenceTable.mask(fx,
                    p.shape().channels(), p.shape().width());
            fx = m.x();
            mask = m.mask() == null ? null : Nd4j.create(m.mask());
        }
        INDArray features = rows(fx);   // one flat copy (Nd4j.create(float[][]) and putScalar per row cost ~0.3 s on 16,000 × 784)
        if (p.shape().sequence()) {
            features = features.reshape('c', n, p.shape().channels(), p.shape().width());   // [windows, channels, time]
        }
        INDArray labels = labels(p, rows, outputs);
        if (perStep) {
            int steps = p.shape().width();
            INDArray perStepLabels = Nd4j.zeros(DataType.FLOAT, n, 1, steps);
            INDArray labelMask = Nd4j.zeros(DataType.FLOAT, n, steps);
            for (int i = 0; i < n; i++) {
                perStepLabels.putScalar(new long[] {i, 0, steps - 1}, labels.getFloat(i, 0));
                labelMask.putScalar(new long[] {i, steps - 1}, 1f);
            }
            return new DataSet(features, perStepLabels, null, labelMask);
        }
        return new DataSet(features, labels, mask, null);
    }
}
