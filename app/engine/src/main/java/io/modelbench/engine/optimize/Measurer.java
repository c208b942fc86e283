package io.modelbench.engine.optimize;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ModelMeasurement;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.model.TrainedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures a model on the test split of its own data: size, parameters, non-zeros, sparsity of the weights, the
 * test figures, and latency per row at batch 1 and batch 256. Latency is what {@code TrainedModel.predict} costs
 * (normalization, network, copying the probabilities out). Two models are timed together ({@link #latencies}): after
 * a warm-up of both ({@link #WARM_UP} calls each and at least half a second), {@link #REPETITIONS} rounds in which
 * each model predicts once, the order alternating from round to round (A B, B A, ...), and the median of each model's
 * calls. Measured one block after the other, the second model met a different load on a shared machine (the JIT,
 * other processes, the CPU's clock) than the first; interleaved, both see the same moments, so their ratio is what
 * the optimization changed. Batch 256 cycles through the test rows when there are fewer.
 */
final class Measurer {

    static final int REPETITIONS = 31;
    static final int WARM_UP = 20;

    private Measurer() {
    }

    /** Size, parameters, sparsity and test figures; latencies 0 until {@link #withLatencies} times them. */
    static ModelMeasurement measure(TrainedModel model, long sizeBytes, OwnData data) {
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Object> all = Metrics.toMap(evaluate(model, data));
        for (String k : new String[] {"rows", "accuracy", "f1_macro", "auc_macro", "rmse", "mae", "r2"}) {
            if (all.containsKey(k) && !(k.equals("r2") && model.forecasts())) {   // a forecast's R² is not of its change
                figures.put(k, all.get(k));
            }
        }
        INDArray params = model.network().params();
        long n = params.length();
        long nonzero = n - countZeros(params);
        return new ModelMeasurement(sizeBytes, n, nonzero, sparsity(model), figures, 0, 0);
    }

    /**
     * {@code before} and {@code after} with their latencies at batch 1 and 256, timed interleaved on the same test rows
     * (see the class comment).
     */
    static ModelMeasurement[] withLatencies(TrainedModel beforeModel, ModelMeasurement before, TrainedModel afterModel,
                                            ModelMeasurement after, OwnData data) {
        float[][] x = data.rows(data.split().test());
        double[] one = latencies(beforeModel::predict, afterModel::predict, batch(x, 1));
        double[] many = latencies(beforeModel::predict, afterModel::predict, batch(x, 256));
        return new ModelMeasurement[] {before.withLatency(one[0], many[0]), after.withLatency(one[1], many[1])};
    }

    /** The model's figures on the test split of its own data (as the trainer's test figures). */
    static EvaluationResult evaluate(TrainedModel model, OwnData data) {
        int[] test = data.split().test();
        Predictions p = model.predict(data.rows(test));
        if (data.classification()) {
            int[] actual = new int[test.length];
            int[] predicted = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                actual[i] = data.classes()[test[i]];
                predicted[i] = argMax(p.probabilities()[i]);
            }
            return Metrics.classification(actual, predicted, p.probabilities(), model.schema().labels());
        }
        double[] actual = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            actual[i] = data.y()[test[i]];
        }
        return Metrics.regression(actual, p.values());
    }

    /** The share of weights ({@code W} of dense, convolution and output layers) that are exactly zero. */
    static double sparsity(TrainedModel model) {
        long zeros = 0;
        long total = 0;
        for (Map.Entry<String, INDArray> e : model.network().paramTable().entrySet()) {
            if (e.getKey().endsWith("_W")) {
                total += e.getValue().length();
                zeros += countZeros(e.getValue());
            }
        }
        return total == 0 ? 0 : (double) zeros / total;
    }

    private static long countZeros(INDArray a) {
        return a.length() - a.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
    }

    private static float[][] batch(float[][] rows, int size) {
        float[][] b = new float[size][];
        for (int i = 0; i < size; i++) {
            b[i] = rows[i % rows.length];
        }
        return b;
    }

    /**
     * Median milliseconds per row of {@code a} and of {@code b} predicting {@code batch}: both warmed up, then
     * {@link #REPETITIONS} rounds of one timed call each, in the order A B in even rounds and B A in odd ones.
     */
    static double[] latencies(Consumer<float[][]> a, Consumer<float[][]> b, float[][] batch) {
        // warm-up: at least WARM_UP calls each and half a second, so neither is the one the JIT warms on
        long start = System.nanoTime();
        for (int i = 0; i < WARM_UP || System.nanoTime() - start < 500_000_000L; i++) {
            a.accept(batch);
            b.accept(batch);
        }
        double[] ta = new double[REPETITIONS];
        double[] tb = new double[REPETITIONS];
        for (int r = 0; r < REPETITIONS; r++) {
            if (r % 2 == 0) {
                ta[r] = time(a, batch);
                tb[r] = time(b, batch);
            } else {
                tb[r] = time(b, batch);
                ta[r] = time(a, batch);
            }
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[REPETITIONS / 2], tb[REPETITIONS / 2]};
    }

    private static double time(Consumer<float[][]> model, float[][] batch) {
        long t0 = System.nanoTime();
        model.accept(batch);
        return (System.nanoTime() - t0) / 1e6 / batch.length;
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
