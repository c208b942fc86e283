package io.modelbench.engine.optimize;

import io.modelbench.engine.api.ModelMeasurement;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.model.TrainedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures a model on the test split of its own data: size, parameters, non-zeros, sparsity of the weights, the
 * test figures, and latency per row at batch 1 and batch 256. Latency is what {@code TrainedModel.predict} costs
 * (normalization, network, copying the probabilities out), the median of {@link #REPETITIONS} timed calls after
 * {@link #WARM_UP} untimed ones (and at least half a second of them), so two models measured one after the other in one process are compared on the same
 * footing; batch 256 cycles through the test rows when there are fewer.
 */
final class Measurer {

    static final int REPETITIONS = 31;
    static final int WARM_UP = 20;

    private Measurer() {
    }

    static ModelMeasurement measure(TrainedModel model, long sizeBytes, OwnData data) {
        int[] test = data.split().test();
        float[][] x = data.rows(test);
        Predictions p = model.predict(x);
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Object> all;
        if (data.classification()) {
            int[] actual = new int[test.length];
            int[] predicted = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                actual[i] = data.classes()[test[i]];
                predicted[i] = argMax(p.probabilities()[i]);
            }
            all = Metrics.toMap(Metrics.classification(actual, predicted, p.probabilities(), model.schema().labels()));
        } else {
            double[] actual = new double[test.length];
            for (int i = 0; i < test.length; i++) {
                actual[i] = data.y()[test[i]];
            }
            all = Metrics.toMap(Metrics.regression(actual, p.values()));
        }
        for (String k : new String[] {"rows", "accuracy", "f1_macro", "auc_macro", "rmse", "mae", "r2"}) {
            if (all.containsKey(k) && !(k.equals("r2") && model.forecasts())) {   // a forecast's R² is not of its change
                figures.put(k, all.get(k));
            }
        }
        INDArray params = model.network().params();
        long n = params.length();
        long nonzero = n - countZeros(params);
        return new ModelMeasurement(sizeBytes, n, nonzero, sparsity(model), figures, latency(model, x, 1), latency(model, x, 256));
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

    /** Median milliseconds per row predicting {@code batch} rows at a time. */
    static double latency(TrainedModel model, float[][] rows, int batch) {
        float[][] b = new float[batch][];
        for (int i = 0; i < batch; i++) {
            b[i] = rows[i % rows.length];
        }
        // warm-up: at least WARM_UP calls and half a second, so the model measured first is not the one the JIT warms on
        long start = System.nanoTime();
        for (int i = 0; i < WARM_UP || System.nanoTime() - start < 500_000_000L; i++) {
            model.predict(b);
        }
        double[] ms = new double[REPETITIONS];
        for (int r = 0; r < REPETITIONS; r++) {
            long t0 = System.nanoTime();
            model.predict(b);
            ms[r] = (System.nanoTime() - t0) / 1e6 / batch;
        }
        Arrays.sort(ms);
        return ms[REPETITIONS / 2];
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
