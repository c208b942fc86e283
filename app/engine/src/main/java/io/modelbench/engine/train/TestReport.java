package io.modelbench.engine.train;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.eval.LinearReference;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.model.ConvTrainer;
import io.modelbench.engine.model.TrainedModel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * The trainer's last job: the model's figures on the held-out test split, one {@link EvaluatedRow} per test row, and a
 * baseline on the same rows (the training rows' most frequent class, or their mean target), so that a result can be
 * read against what a model that learned nothing would score. With no test split (a test fraction of 0) there are no
 * figures: null, never figures on rows that training saw.
 */
final class TestReport {

    /** A baseline's figures and what it predicts, in words. */
    record Baseline(EvaluationResult result, String description) {
    }

    private TestReport() {
    }

    /** The test figures, and one {@link EvaluatedRow} per test row (in test-split order) into {@code out}. */
    static EvaluationResult evaluate(TrainedModel model, PreparedData data, List<EvaluatedRow> out) {
        return evaluate(model, data, data.split().test(), out, null);
    }

    /** As {@link #evaluate(TrainedModel, PreparedData, List)}, images through the session's own trainer where it has one. */
    static EvaluationResult evaluate(TrainedModel model, PreparedData data, List<EvaluatedRow> out, ConvTrainer through) {
        return evaluate(model, data, data.split().test(), out, through);
    }

    /** The figures on the given examples (a sweep scores its trials on the validation split this way); null for none. */
    static EvaluationResult evaluate(TrainedModel model, PreparedData data, int[] testRows, List<EvaluatedRow> out) {
        return evaluate(model, data, testRows, out, null);
    }

    private static EvaluationResult evaluate(TrainedModel model, PreparedData data, int[] testRows, List<EvaluatedRow> out,
                                             ConvTrainer through) {
        if (testRows.length == 0) {
            return null; // no test split (test fraction 0): no figures rather than invented ones
        }
        if (data.series() != null) {   // forecasts in the target's units, from the differenced windows
            return SeriesReport.evaluate(model, data, testRows, out);
        }
        DataSchema schema = data.schema();
        float[][] features = new float[testRows.length][];
        for (int i = 0; i < testRows.length; i++) {
            features[i] = data.x()[testRows[i]];
        }
        var p = model.predict(features, through);
        if (schema.task() == TaskType.CLASSIFICATION) {
            int[] actual = new int[testRows.length];
            int[] predicted = new int[testRows.length];
            for (int i = 0; i < testRows.length; i++) {
                actual[i] = data.classes()[testRows[i]];
                predicted[i] = schema.labels().indexOf(p.predicted()[i]);
                double[] probs = p.probabilities()[i];
                out.add(new EvaluatedRow(data.sourceRow()[testRows[i]], data.sourceLine()[testRows[i]],
                        schema.labels().get(actual[i]), p.predicted()[i], probs[predicted[i]],
                        -Math.log(Math.max(probs[actual[i]], 1e-12)), probs));
            }
            return Metrics.classification(actual, predicted, p.probabilities(), schema.labels());
        }
        double[] actual = new double[testRows.length];
        for (int i = 0; i < testRows.length; i++) {
            actual[i] = data.y()[testRows[i]];
            double err = p.values()[i] - actual[i];
            out.add(new EvaluatedRow(data.sourceRow()[testRows[i]], data.sourceLine()[testRows[i]], format(actual[i]),
                    format(p.values()[i]), Double.NaN, err * err, null));
        }
        return Metrics.regression(actual, p.values());
    }

    /** Always the training rows' most frequent class (classification) or their mean target (regression). */
    static Baseline baseline(PreparedData data) {
        int[] test = data.split().test();
        if (test.length == 0) {
            return new Baseline(null, null);
        }
        int[] train = data.split().train();
        DataSchema schema = data.schema();
        if (schema.task() == TaskType.CLASSIFICATION) {
            int k = schema.labels().size();
            int[] counts = new int[k];
            for (int r : train) {
                counts[data.classes()[r]]++;
            }
            int majority = 0;
            for (int c = 1; c < k; c++) {
                if (counts[c] > counts[majority]) {
                    majority = c;
                }
            }
            int[] actual = new int[test.length];
            int[] predicted = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                actual[i] = data.classes()[test[i]];
                predicted[i] = majority;
            }
            return new Baseline(Metrics.classification(actual, predicted, schema.labels()),
                    "always '" + schema.labels().get(majority) + "' (the most frequent class in training)");
        }
        double mean = 0;
        for (int r : train) {
            mean += data.y()[r];
        }
        mean /= Math.max(1, train.length);
        double[] actual = new double[test.length];
        double[] predicted = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            actual[i] = data.y()[test[i]];
            predicted[i] = mean;
        }
        return new Baseline(Metrics.regression(actual, predicted), "always " + format(mean) + " (the mean target in training)");
    }

    /** A linear model on the same encoded inputs and split (tables only: null for images); see {@link LinearReference}. */
    static LinearReference.Result reference(PreparedData data) {
        if (data.images() != null || data.split().test().length == 0) {
            return null;
        }
        DataSplit split = data.split();
        return data.classification()
                ? LinearReference.classification(inputs(data), data.classes(), data.schema().labels(), split.train(), split.validation(), split.test())
                : LinearReference.regression(inputs(data), data.y(), split.train(), split.validation(), split.test());
    }

    /** {@link #reference}'s logistic regression made ready but not fitted; null where {@link #reference} fits none. */
    static LinearReference.Logistic logistic(PreparedData data) {
        if (data.images() != null || data.split().test().length == 0 || !data.classification()) {
            return null;
        }
        DataSplit split = data.split();
        return LinearReference.logistic(inputs(data), data.classes(), data.schema().labels(), split.train(), split.validation(), split.test());
    }

    private static float[][] inputs(PreparedData data) {
        // padded sequences: the padding (NaN) read as zeros by the linear model too
        return data.sequence() == null ? data.x()
                : io.modelbench.engine.data.SequenceTable.mask(data.x(), data.shape().channels(), data.shape().width()).x();
    }

    /** Six significant digits, no trailing zeros, no exponent. */
    static String format(double v) {
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
