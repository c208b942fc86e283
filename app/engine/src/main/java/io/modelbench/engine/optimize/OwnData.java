package io.modelbench.engine.optimize;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableEncoder;
import io.modelbench.engine.model.TrainedModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The model's own data split exactly as when it was trained: the rows the trainer kept (target present, no missing
 * value in a drop-row input), the stratified split of the card's seed and fractions ({@link DataSplit}, as the
 * trainer's data preparation does it), and every row encoded by the card's encoder (fitted on the training split
 * when the model was trained). A different file (its SHA-256 differs from the card's) or split sizes that differ
 * from the card's are refused: the before/after figures would not be on the model's own test rows.
 *
 * @param x       one row of raw model inputs (before normalization) per kept row
 * @param classes class index per row (classification), else null
 * @param y       target per row (regression), else null
 */
record OwnData(float[][] x, int[] classes, float[] y, DataSplit split) {

    static OwnData of(TrainedModel model, Dataset data) {
        ModelCard card = model.card();
        ModelCard.DatasetInfo info = card.dataset();
        if (card.series() != null || data.map(t -> false, i -> false, series -> true)) {
            return series(model, data, info);
        }
        boolean imageData = data.map(t -> false, i -> true, series -> false);
        if (imageData != model.readsImages()) {
            throw imageData ? InputException.file(data.source(), "is an image folder, but this model was trained on a table",
                    "give it the CSV file it was trained on")
                    : InputException.general("this model was trained on images, but the data is a table",
                    "give it the folder of images it was trained on");
        }
        if (info.sha256() != null && data.sha256() != null && !info.sha256().equals(data.sha256())) {
            throw InputException.file(data.source(), "is not the data this model was trained on (" + info.source()
                    + "; the content differs)", "give the same data, so the model is measured on its own test split");
        }
        SplitSettings settings = new SplitSettings(info.testFraction(), info.validationFraction(), info.splitSeed());
        OwnData d = data.map(t -> table(model, t.table(), settings), images -> images(model, images, settings), series -> null);
        if (d.split.train().length != info.trainRows() || d.split.test().length != info.testRows()) {
            throw InputException.file(data.source(), "splits into " + d.split.train().length + " training and "
                    + d.split.test().length + " test rows, the model card records " + info.trainRows() + " and " + info.testRows(),
                    "give the data the model was trained on");
        }
        return d;
    }

    /**
     * A forecasting model's windows, cut from the table with the card's series settings and split by time as in
     * training: {@code y} is each window's change from its last value, which the network predicts, so the RMSE and MAE
     * measured are those of the forecasts (the last value cancels out).
     */
    private static OwnData series(TrainedModel model, Dataset data, ModelCard.DatasetInfo info) {
        ModelCard.SeriesInput s = model.card().series();
        io.modelbench.engine.data.TableDataset table = data.map(t -> t, i -> null, series -> series.table());
        if (s == null || table == null) {
            throw InputException.general(s == null ? "this model was not trained on a time series, but the data is read as one"
                    : "this forecasting model was trained on a table with a time column, not on images",
                    s == null ? "give it the data without a time column" : "give it the CSV file it was trained on");
        }
        if (info.sha256() != null && data.sha256() != null && !info.sha256().equals(data.sha256())) {
            throw InputException.file(data.source(), "is not the data this model was trained on (" + info.source()
                    + "; the content differs)", "give the same data, so the model is measured on its own test span");
        }
        var windows = io.modelbench.engine.data.SeriesWindows.of(
                io.modelbench.engine.data.SeriesDataset.of(table, model.card().targetColumn(), s.settings()), false);
        DataSplit split = windows.split(new SplitSettings(info.testFraction(), info.validationFraction(), info.splitSeed()));
        if (split.train().length != info.trainRows() || split.test().length != info.testRows()) {
            throw InputException.file(data.source(), "gives " + split.train().length + " training and " + split.test().length
                    + " test windows, the model card records " + info.trainRows() + " and " + info.testRows(), "give the data the model was trained on");
        }
        return new OwnData(windows.x(), null, windows.y(), split);
    }

    private static OwnData table(TrainedModel model, Table table, SplitSettings settings) {
        DataSchema schema = model.schema();
        int t = TableEncoder.requireColumn(table, schema.targetColumn());
        List<EncodedColumn> enc = model.card().encoding() == null ? List.of() : model.card().encoding();
        int[] drop = enc.stream().filter(c -> "drop-row".equals(c.missing())).mapToInt(c -> TableEncoder.requireColumn(table, c.column())).toArray();
        int[] keep = IntStream.range(0, table.rowCount())
                .filter(r -> !TableEncoder.targetMissing(table, r, t))
                .filter(r -> Arrays.stream(drop).noneMatch(c -> table.isMissing(r, c)))
                .toArray();
        Table kept = table.select(keep);
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        int[] classes = cls ? TableEncoder.classIndices(kept, schema) : null;
        float[] y = cls ? null : TableEncoder.targets(kept, schema);
        return new OwnData(model.encode(kept), classes, y, DataSplit.of(kept.rowCount(), classes, settings));
    }

    private static OwnData images(TrainedModel model, ImageDataset images, SplitSettings settings) {
        // the class indices of the folder as the trainer saw them (its labels are the model's when it is the same folder)
        if (!images.labels().equals(model.schema().labels())) {
            throw InputException.file(images.source(), "has the classes " + images.labels() + ", the model "
                    + model.schema().labels(), "give the folder the model was trained on");
        }
        int[] classes = images.classes();
        return new OwnData(images.pixels(), classes, null, DataSplit.of(images.size(), classes, settings));
    }

    boolean classification() {
        return classes != null;
    }

    /** The rows' raw inputs. */
    float[][] rows(int[] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = x[rows[i]];
        }
        return out;
    }

    /** The rows as a DataSet the network trains on: inputs normalized (and the target, if the normalizer scales it). */
    DataSet dataSet(int[] rows, INDArray labels, DataNormalization normalizer) {
        DataSet ds = new DataSet(Nd4j.create(rows(rows)), labels);
        if (normalizer != null) {
            normalizer.transform(ds);
        }
        return ds;
    }

    /** One-hot classes or the target column of the rows. */
    INDArray labels(int[] rows, int outputs) {
        if (classes != null) {
            INDArray l = Nd4j.zeros(DataType.FLOAT, rows.length, outputs);
            for (int i = 0; i < rows.length; i++) {
                l.putScalar(i, classes[rows[i]], 1f);
            }
            return l;
        }
        float[][] t = new float[rows.length][1];
        for (int i = 0; i < rows.length; i++) {
            t[i][0] = y[rows[i]];
        }
        return Nd4j.create(t);
    }
}
