package io.modelbench.engine.model;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelSummary;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableEncoder;
import io.modelbench.engine.eval.Metrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import io.modelbench.engine.data.FeatureEncoder;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A trained network with its fitted normalizer and model card. Predicting and evaluating take tables
 * matched by column name. Not thread-safe: one caller at a time.
 */
public final class TrainedModel {

    private final MultiLayerNetwork network;
    private final DataNormalization normalizer;
    private final ModelCard card;
    private final FeatureEncoder encoder;
    /** The dense forward passes ({@link DenseForward} for small batches, {@link BlasForward} above); built on first use, rebuilt when stale. */
    private final DensePredictions fast;

    /** {@code normalizer} is null when the inputs are not scaled. */
    public TrainedModel(MultiLayerNetwork network, DataNormalization normalizer, ModelCard card) {
        io.modelbench.engine.nativeenv.OneDnn.install(network); // predict, serve and evaluate run convolutions with oneDNN too
        this.network = network;
        this.normalizer = normalizer;
        this.card = card;
        this.encoder = newEncoder();
        this.fast = new DensePredictions(network, normalizer, card);
    }

    /**
     * A new encoder of this model's inputs, exactly as {@link #predict(Table)} encodes a table: for a thread that
     * encodes rows while another predicts (an encoder counts unseen categories, so one per thread).
     */
    public FeatureEncoder newEncoder() {
        return card.encoding() == null ? FeatureEncoder.numeric(card.inputColumns()) : FeatureEncoder.of(card.encoding());
    }

    public ModelCard card() {
        return card;
    }

    public DataSchema schema() {
        return card.schema();
    }

    public ModelSummary summary() {
        DataSchema s = schema();
        return NetworkFactory.summary(card.modelSpec(), inputShape(), s.outputCount(), s.task(),
                card.training().batchSize(), card.training().optimization() == null ? "adam" : card.training().optimization().optimizer());
    }

    /** What the network reads: a vector of encoded inputs, or images. */
    public InputShape inputShape() {
        ModelCard.ImageInput im = card.image();
        if (card.series() != null) {
            return InputShape.sequence(card.series().channels().size(), card.series().window());
        }
        if (card.sequence() != null) {
            return InputShape.sequence(card.sequence().channels().size(), card.sequence().steps());
        }
        return im != null ? InputShape.image(im.height(), im.width(), im.channels()) : InputShape.vector(encoder.width());
    }

    /** True for a model trained on an image folder (it predicts image files, not table rows). */
    public boolean readsImages() {
        return card.image() != null;
    }

    /** Predictions for image files, read as in training (size, colour); an unreadable file is an {@link io.modelbench.engine.api.InputException} naming it. */
    public synchronized Predictions predictImages(List<java.nio.file.Path> files) {
        if (card.image() == null) {
            throw io.modelbench.engine.api.InputException.general("this model was trained on a table, not on images",
                    "give it a CSV file with the columns " + String.join(", ", card.inputColumns()));
        }
        var settings = card.image().settings();
        float[][] x = new float[files.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = io.modelbench.engine.data.ImageFolders.read(files.get(i), settings);
        }
        return predict(x);
    }

    /** The DL4J network (for export and for tests that compare with plain DL4J). */
    public MultiLayerNetwork network() {
        return network;
    }

    /** The fitted input normalizer, or null (normalization none). */
    public DataNormalization normalizer() {
        return normalizer;
    }

    /** Predictions for every row of the table (the target column, if present, is not used). */
    public synchronized Predictions predict(Table table) {
        if (forecasts()) {
            return Forecaster.forecast(this, table, true).predictions();   // one per window, not per row
        }
        return predict(encode(table));
    }

    /**
     * Predicts one row given as text per input column (as a user types it in a form); a missing key or an
     * empty value counts as a missing value, filled as in training.
     */
    public synchronized Predictions predictOne(java.util.Map<String, String> values) {
        List<String> cols = card.inputColumns();
        String[] cells = new String[cols.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = values.getOrDefault(cols.get(i), "");
        }
        Table one = new Table("the form", cols, List.<String[]>of(cells), new long[] {1}, null);
        return predict(one);
    }

    /**
     * The table's rows as model inputs (encoded as in training, before normalization); a sequence classifier's long table
     * one row per sequence, padded steps NaN ({@code SequenceTable.markPadding}, masked when predicted).
     */
    public synchronized float[][] encode(Table table) {
        return encode(table, encoder);
    }

    /** As {@link #encode(Table)} with the given encoder (one per thread, {@link #newEncoder()}); safe from any thread. */
    public float[][] encode(Table table, FeatureEncoder with) {
        Table t = perSequence(table);
        float[][] x = with.encode(t);
        if (card.sequence() != null) {
            io.modelbench.engine.data.SequenceTable.markPadding(t, x, card.sequence().channels().size(), card.sequence().steps());
        }
        return x;
    }

    /** How many cells in the last table predicted held a category the model never saw (encoded as zeros). */
    public synchronized int unseenCategories() {
        return encoder.unseenCategories();
    }

    /** Predictions for rows already encoded as model inputs (before normalization). */
    public synchronized Predictions predict(float[][] rawFeatures) {
        DataSchema s = schema();
        int n = rawFeatures.length;
        if (n == 0) {
            return new Predictions(s.task(), s.labels(), new String[0], s.task() == TaskType.CLASSIFICATION ? new double[0][] : null,
                    s.task() == TaskType.REGRESSION ? new double[0] : null);
        }
        Predictions quick = fast.predict(rawFeatures);
        if (quick != null) {
            return quick;
        }
        INDArray mask = null;
        if (card.sequence() != null) {   // padded sequences (NaN steps): zeros and DL4J's features mask
            var m = io.modelbench.engine.data.SequenceTable.mask(rawFeatures, card.sequence().channels().size(), card.sequence().steps());
            rawFeatures = m.x();
            mask = m.mask() == null ? null : Nd4j.create(m.mask());
        }
        INDArray x = matrix(rawFeatures);
        if (card.series() != null || card.sequence() != null) {
            InputShape in = inputShape();
            x = x.reshape('c', n, in.channels(), in.width());   // [windows or sequences, channels, time]
        }
        if (normalizer != null) {
            normalizer.transform(x, mask);
        }
        INDArray out = lastStep(network.output(x, false, mask, null));
        String[] predicted = new String[n];
        if (s.task() == TaskType.CLASSIFICATION) {
            double[][] p = rows(out);
            for (int r = 0; r < n; r++) {
                predicted[r] = s.labels().get(argMax(p[r]));
            }
            return new Predictions(s.task(), s.labels(), predicted, p, null);
        }
        if (normalizer != null && normalizer.isFitLabel()) {
            normalizer.revertLabels(out);
        }
        double[] v = out.reshape(n).toDoubleVector();
        for (int r = 0; r < n; r++) {
            predicted[r] = Double.toString(v[r]);
        }
        return new Predictions(s.task(), List.of(), predicted, null, v);
    }

    /**
     * As {@link #predict(float[][])}, an image model's rows through {@code through}, the convolutional trainer of the
     * session that trained this network, where it takes them ({@code DensePredictions}).
     */
    public synchronized Predictions predict(float[][] rawFeatures, ConvTrainer through) {
        Predictions p = fast.predict(rawFeatures, through);
        return p != null ? p : predict(rawFeatures);
    }

    /** False under {@code -Dmodelbench.fastDense=false}: every prediction then goes through ND4J (for reports). */
    public static boolean fastDenseEnabled() {
        return DenseForward.enabled();
    }

    /** The plain-Java forward pass last used by {@link #predict(float[][])}, or null (for tests). */
    DenseForward denseForward() {
        return fast.forward();
    }

    /** The recurrent forward pass last used by {@link #predict(float[][])} for a few windows or sequences, or null (for tests). */
    LstmForward lstmForward() {
        return fast.lstmForward();
    }

    /**
     * The convolutional forward pass {@link #predict(float[][])} made for a few images (few) or up to
     * {@link DensePredictions#CONV_MOST}, or null (for tests).
     */
    ConvTrainer convForward(boolean few) {
        return fast.convForward(few);
    }

    /** The BLAS forward pass last used by {@link #predict(float[][])} for more than 32 rows, or null (for tests). */
    BlasForward blasForward() {
        return fast.blasForward();
    }

    /**
     * The last time step of a per-step output or label [n, k, time] as [n, k] (a network trained with truncated
     * backpropagation predicts at every step; its forecast is the last one); other arrays as they are.
     */
    public static INDArray lastStep(INDArray a) {
        if (a.rank() != 3) {
            return a;
        }
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(a.size(2) - 1)).dup();
    }

    /**
     * For a sequence classifier, a long table (one row per time step) as one row per sequence, read with the card's
     * sequence id, time column, channels and steps ({@code SequenceTable}); a table in that form already, or any table
     * for another model, as it is.
     */
    public Table perSequence(Table table) {
        ModelCard.SequenceInput s = card.sequence();
        if (s == null || table.indexOf(io.modelbench.engine.data.SequenceTable.column(s.channels().get(0), 0)) >= 0) {
            return table;
        }
        return io.modelbench.engine.data.SequenceTable.read(table, s, card.targetColumn()).wide();
    }

    /** True for a forecasting model (it reads windows of a time series). */
    public boolean forecasts() {
        return card.series() != null;
    }

    /** A forecasting model's predictions for windows, in the target's units (the window's last value plus the predicted change). */
    public synchronized double[] forecast(io.modelbench.engine.data.SeriesWindows w) {
        double[] change = predict(w.x()).values();
        double[] out = new double[change.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = w.anchor()[i] + change[i];
        }
        return out;
    }

    /**
     * A matrix's rows as {@code double[][]}, the same values as ND4J's {@code toDoubleMatrix()}, which copies row by row
     * through views: 31 ms for the 1,000 × 3 output of a 1,000-row Iris prediction on the build machine (best of 30,
     * under load), most of what predicting those rows cost; one flat copy takes 0.12 ms.
     */
    /**
     * The rows as one row-major float matrix: through one flat copy, 5.9 µs for a 784-wide row against 17.6 µs for
     * {@code Nd4j.create(float[][])} (docs/PERFORMANCE.md, "CNNs with oneDNN, and inference latency"); same values.
     */
    static INDArray matrix(float[][] rows) {
        int w = rows[0].length;
        float[] flat = new float[rows.length * w];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != w) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + w);
            }
            System.arraycopy(rows[r], 0, flat, r * w, w);
        }
        return Nd4j.create(flat, new long[] {rows.length, w}, 'c');
    }

    static double[][] rows(INDArray m) {
        // a buffer of exactly rows × columns, row-major (the network's output usually is one already)
        INDArray c = !m.isView() && m.ordering() == 'c' && m.data().length() == m.length() ? m : m.dup('c');
        int n = (int) c.rows();
        int cols = (int) c.columns();
        double[] flat = c.data().asDouble();
        double[][] out = new double[n][cols];
        for (int r = 0; r < n; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    /** Accuracy etc. (classification) or RMSE etc. (regression) on a table that has the target column. */
    public synchronized EvaluationResult evaluate(Table table) {
        if (forecasts()) {
            return Forecaster.evaluate(this, table).model();
        }
        table = perSequence(table);
        DataSchema s = schema();
        Predictions p = predict(table);
        if (s.task() == TaskType.CLASSIFICATION) {
            int[] actual = TableEncoder.classIndices(table, s);
            int[] pred = new int[actual.length];
            for (int r = 0; r < pred.length; r++) {
                pred[r] = argMax(p.probabilities()[r]);
            }
            return Metrics.classification(actual, pred, p.probabilities(), s.labels());
        }
        float[] y = TableEncoder.targets(table, s);
        double[] actual = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            actual[i] = y[i];
        }
        return Metrics.regression(actual, p.values());
    }

    /**
     * Every row of a table that has the target column, with its prediction, confidence and loss (the rows of
     * {@link #evaluate}, one by one; for the report and the prediction browser).
     */
    public synchronized java.util.List<io.modelbench.engine.api.EvaluatedRow> evaluateRows(Table table) {
        if (forecasts()) {
            Forecaster.Forecast f = Forecaster.forecast(this, table, false);
            java.util.List<io.modelbench.engine.api.EvaluatedRow> rows = new java.util.ArrayList<>();
            for (int i = 0; i < f.predicted().length; i++) {
                double actual = f.windows().y()[i] + (double) f.windows().anchor()[i];
                double err = f.predicted()[i] - actual;
                rows.add(new io.modelbench.engine.api.EvaluatedRow(i, f.windows().line()[i], Double.toString(actual),
                        Double.toString(f.predicted()[i]), Double.NaN, err * err, null));
            }
            return rows;
        }
        table = perSequence(table);
        DataSchema s = schema();
        Predictions p = predict(table);
        java.util.List<io.modelbench.engine.api.EvaluatedRow> rows = new java.util.ArrayList<>();
        if (s.task() == TaskType.CLASSIFICATION) {
            int[] actual = TableEncoder.classIndices(table, s);
            for (int r = 0; r < actual.length; r++) {
                double[] probs = p.probabilities()[r];
                int k = argMax(probs);
                rows.add(new io.modelbench.engine.api.EvaluatedRow(r, table.line(r), s.labels().get(actual[r]), s.labels().get(k),
                        probs[k], -Math.log(Math.max(probs[actual[r]], 1e-12)), probs));
            }
        } else {
            float[] y = TableEncoder.targets(table, s);
            for (int r = 0; r < y.length; r++) {
                double err = p.values()[r] - y[r];
                rows.add(new io.modelbench.engine.api.EvaluatedRow(r, table.line(r), Float.toString(y[r]),
                        Double.toString(p.values()[r]), Double.NaN, err * err, null));
            }
        }
        return rows;
    }

    /** Figures on an image folder with class subfolders named as the model's classes (read with {@code card().image().settings()}). */
    public synchronized EvaluationResult evaluate(io.modelbench.engine.data.ImageDataset images) {
        int[] actual = actualClasses(images);
        Predictions p = predict(images.pixels());
        int[] pred = new int[actual.length];
        for (int r = 0; r < pred.length; r++) {
            pred[r] = argMax(p.probabilities()[r]);
        }
        return Metrics.classification(actual, pred, p.probabilities(), schema().labels());
    }

    /** Every image of the folder with its prediction, confidence and loss; {@code row} indexes {@code images.items()}. */
    public synchronized java.util.List<io.modelbench.engine.api.EvaluatedRow> evaluateRows(io.modelbench.engine.data.ImageDataset images) {
        int[] actual = actualClasses(images);
        Predictions p = predict(images.pixels());
        List<String> labels = schema().labels();
        java.util.List<io.modelbench.engine.api.EvaluatedRow> rows = new java.util.ArrayList<>();
        for (int r = 0; r < actual.length; r++) {
            double[] probs = p.probabilities()[r];
            int k = argMax(probs);
            rows.add(new io.modelbench.engine.api.EvaluatedRow(r, r + 1L, labels.get(actual[r]), labels.get(k), probs[k],
                    -Math.log(Math.max(probs[actual[r]], 1e-12)), probs));
        }
        return rows;
    }

    private int[] actualClasses(io.modelbench.engine.data.ImageDataset images) {
        if (card.image() == null) {
            throw io.modelbench.engine.api.InputException.file(images.source(), "is an image folder, but this model was trained on a table",
                    "evaluate it on a CSV file with the columns " + String.join(", ", card.inputColumns()));
        }
        var want = card.image().settings();
        var got = images.settings();
        if (want.width() != got.width() || want.height() != got.height() || want.grayscale() != got.grayscale()) {
            throw new IllegalArgumentException("read the folder with the model's image settings (card().image().settings())");
        }
        List<String> labels = schema().labels();
        int[] out = new int[images.size()];
        for (int r = 0; r < out.length; r++) {
            String name = images.labels().get(images.items().get(r).label());
            int k = labels.indexOf(name);
            if (k < 0) {
                throw io.modelbench.engine.api.InputException.file(images.folder().resolve(name), "is a class this model does not know",
                        "the model knows the classes " + String.join(", ", labels) + "; remove or rename that folder");
            }
            out[r] = k;
        }
        return out;
    }

    static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
