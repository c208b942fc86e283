package io.modelbench.engine.model;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * {@link TrainedModel}'s predictions for plain dense networks: small batches through {@link DenseForward} (plain Java,
 * no ND4J call: a single row of the MLP 784-256-256-10 in ~0.04 ms instead of ~0.26 ms, docs/PERFORMANCE.md), larger
 * ones through {@link BlasForward} (direct {@code cblas_sgemm}); or null wherever they do not apply, and ND4J computes
 * them as before. Small batches of images ({@value #CONV_ROWS} or fewer) through {@link ConvTrainer#predict}, the
 * convolutional trainer's forward pass (made for inference: no optimizer state), where it takes the network: a LeNet
 * image in 0.35–0.46 ms instead of 0.85–1.7 through {@code net.output} with oneDNN (PyTorch: ~0.6 ms; issue 17's
 * single-row target), 4 images in 0.8–0.9 ms instead of 1.9–2.2; at 16 both take ~2.3 ms, and above oneDNN's batched
 * kernels are faster, so ND4J keeps those. Windows and sequences (up to {@link DenseForward#MAX_ROWS}) through
 * {@link LstmForward}: one 12-step window of an LSTM of 32 in ~0.05 ms instead of 3–4.5. Kept out of {@code TrainedModel}
 * so that class stays one screenful of what a model does. Not thread-safe: the model's lock covers it.
 */
final class DensePredictions {

    private final MultiLayerNetwork network;
    private final DataNormalization normalizer;
    private final ModelCard card;
    private DenseForward dense;
    private BlasForward blas;
    private ConvTrainer conv;
    private ConvTrainer convBatches;    // more images, in mini-batches of BATCH through oneDNN's ops where ND4J has them
    private LstmForward lstm;
    private boolean lstmUsed;           // the last prediction's rows went through lstm
    private boolean unsupported;
    private boolean noBlas;

    /** The most images a prediction takes through {@link ConvTrainer#predict} (its buffers hold that many). */
    static final int CONV_ROWS = 8;

    /**
     * The most images a prediction takes through {@link ConvTrainer#predict} at all: from {@link #CONV_ROWS} on in
     * mini-batches of {@link #BATCH} with the later convolutions through oneDNN's ops. The bench's LeNet, median ms
     * (docs/PERFORMANCE.md): 16 images 3.1 against 4.5 through {@code net.output} with oneDNN, 64 6.7 against 9.6, 128
     * 10.8 against 13.8, 192 16.6 against 14.5, 512 38.5 against 28.6: larger batches are ND4J's.
     */
    static final int CONV_MOST = 128;

    private static final int BATCH = 64;

    DensePredictions(MultiLayerNetwork network, DataNormalization normalizer, ModelCard card) {
        this.network = network;
        this.normalizer = normalizer;
        this.card = card;
        this.unsupported = network == null || !DenseForward.enabled();
    }

    /** The forward pass last built, or null. */
    DenseForward forward() {
        return dense;
    }

    /** The BLAS forward pass last built (for more than {@link DenseForward#MAX_ROWS} rows), or null. */
    BlasForward blasForward() {
        return blas;
    }

    /** The predictions for these rows (encoded, before normalization), or null: ND4J's turn. */
    Predictions predict(float[][] rows) {
        float[] out = output(rows);
        return out == null ? null : predictions(out, rows.length);
    }

    /**
     * The network's outputs for these rows through {@link DenseForward} (up to {@link DenseForward#MAX_ROWS} rows, each
     * row bit for bit the same alone or in any such batch) or {@link BlasForward} (more rows), or null where neither
     * applies (a series or sequence model, a network or normalizer they do not compute, rows of another width, OpenBLAS
     * not loadable through JavaCPP for many rows, {@code -Dmodelbench.fastDense=false}).
     */
    private float[] output(float[][] rows) {
        lstmUsed = false;
        if (card.series() != null || card.sequence() != null) {
            float[] out = recurrent(rows);
            lstmUsed = out != null;
            return out;
        }
        if (unsupported || (noBlas && rows.length > DenseForward.MAX_ROWS)) {
            return null;
        }
        if (card.image() != null) {
            return images(rows);
        }
        if (dense == null || !dense.current()) {
            dense = DenseForward.of(network, normalizer);
            if (dense == null || (card.schema().task() != TaskType.CLASSIFICATION && dense.outputs() != 1)) {
                dense = null;
                unsupported = true;
                return null;
            }
        }
        for (float[] r : rows) {
            if (r.length != dense.inputs()) {
                return null;   // ND4J reports the width mismatch, as before
            }
        }
        if (rows.length <= DenseForward.MAX_ROWS) {
            return dense.output(rows);
        }
        if (blas == null || blas.source() != dense) {
            blas = BlasForward.of(dense);
            if (blas == null) {
                noBlas = true;
                return null;
            }
        }
        return blas.output(rows);
    }

    /**
     * The outputs for up to {@link DenseForward#MAX_ROWS} windows or sequences through {@link LstmForward}, or null:
     * DL4J's turn (a network it does not take, rows of another width or with a missing value that is not a sequence's
     * padding, more rows).
     */
    private float[] recurrent(float[][] rows) {
        if (unsupported || rows.length > DenseForward.MAX_ROWS) {
            return null;
        }
        if (lstm == null || !lstm.current()) {
            lstm = LstmForward.of(network);
            if (lstm == null || (card.schema().task() != TaskType.CLASSIFICATION && lstm.outputs() != 1)) {
                lstm = null;
                unsupported = true;
                return null;
            }
        }
        int steps = card.series() != null ? card.series().window() : card.sequence().steps();
        int channels = lstm.channels();
        for (float[] r : rows) {
            if (r.length != channels * steps) {
                return null;
            }
        }
        // sequences shorter than the steps end in NaN (channel 0 decides the length, as SequenceTable.mask reads it): zeros
        // and a mask, as TrainedModel.predict gives DL4J, and each read for its own steps. A NaN in a full-length row, or a
        // sequence of no steps, stays on DL4J.
        var masked = card.sequence() != null ? io.modelbench.engine.data.SequenceTable.mask(rows, channels, steps) : null;
        float[][] x0 = masked == null ? rows : masked.x();
        int[] lengths = masked == null || masked.mask() == null ? null : new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            if (lengths != null) {
                float[] m = masked.mask()[r];
                while (lengths[r] < steps && m[lengths[r]] == 1f) {
                    lengths[r]++;
                }
                if (lengths[r] == 0) {
                    return null;
                }
            }
            for (float v : x0[r]) {
                if (Float.isNaN(v)) {
                    return null;
                }
            }
        }
        INDArray x = Nd4j.create(x0).reshape('c', rows.length, channels, steps);
        if (normalizer != null) {
            normalizer.transform(x, lengths == null ? null : Nd4j.create(masked.mask()));
        }
        return lstm.output(x.dup('c').data().asFloat(), rows.length, steps, lengths);
    }

    /** The recurrent forward pass the last prediction went through, or null: DL4J's (for tests). */
    LstmForward lstmForward() {
        return lstmUsed ? lstm : null;
    }

    /** The outputs for a few images through the convolutional trainer's forward pass, or null: ND4J's turn. */
    private float[] images(float[][] rows) {
        if (rows.length > CONV_MOST) {
            return null;
        }
        boolean few = rows.length <= CONV_ROWS;
        if (few ? conv == null : convBatches == null) {
            ConvTrainer t = few ? ConvTrainer.forInference(network, CONV_ROWS)
                    : ConvTrainer.forInference(network, BATCH, io.modelbench.engine.nativeenv.OneDnn.available());
            if (t == null) {
                unsupported = true;
                return null;
            }
            if (few) {
                conv = t;
            } else {
                convBatches = t;
            }
        }
        return (few ? conv : convBatches).predict(scaled(rows));   // null for rows of another width: ND4J reports it, as before
    }

    /**
     * The predictions for an image model's rows through {@code through}, the convolutional trainer of the session that
     * trained this network (its buffers and compiled code are warm: a session's test report of 128 LeNet images took
     * ~10 ms this way, ~14 through ND4J), or null where it does not take them (more than {@link #CONV_MOST} images, which
     * are faster through ND4J; not an image model; the switch off).
     */
    Predictions predict(float[][] rows, ConvTrainer through) {
        if (through == null || unsupported || card.image() == null || rows.length == 0 || rows.length > CONV_MOST) {
            return null;
        }
        float[] out = through.predict(scaled(rows));
        return out == null ? null : predictions(out, rows.length);
    }

    /** Rows as an array, with the normalizer's (pixel scaling's) transform applied. */
    private INDArray scaled(float[][] rows) {
        INDArray x = Nd4j.create(rows);
        if (normalizer != null) {
            normalizer.transform(x);
        }
        return x;
    }

    /** The convolutional forward pass for a few images (the first) or more (the second), or null (for tests). */
    ConvTrainer convForward(boolean few) {
        return few ? conv : convBatches;
    }

    private Predictions predictions(float[] out, int n) {
        DataSchema s = card.schema();
        String[] predicted = new String[n];
        if (s.task() == TaskType.CLASSIFICATION) {
            int k = out.length / n;
            double[][] p = new double[n][k];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < k; j++) {
                    p[r][j] = out[r * k + j];
                }
                predicted[r] = s.labels().get(TrainedModel.argMax(p[r]));
            }
            return new Predictions(s.task(), s.labels(), predicted, p, null);
        }
        double[] v = new double[n];
        if (normalizer != null && normalizer.isFitLabel()) {
            INDArray o = Nd4j.create(out, new long[] {n, 1}, 'c');
            normalizer.revertLabels(o);
            v = o.reshape(n).toDoubleVector();
        } else {
            for (int r = 0; r < n; r++) {
                v[r] = out[r];
            }
        }
        for (int r = 0; r < n; r++) {
            predicted[r] = Double.toString(v[r]);
        }
        return new Predictions(s.task(), List.of(), predicted, null, v);
    }
}
