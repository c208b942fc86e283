package io.modelbench.engine.api;

import java.util.Map;

/**
 * One model measured on the test split of its own data: the zip's size in bytes, parameters and how many are not
 * zero, the test figures (accuracy, F1… or RMSE, R²…), and the median latency per row predicting one row at a time
 * and 256 rows at a time (normalization and network, after warm-up). {@code sparsity}: the share of weights that
 * are exactly zero (weights of dense and convolution layers; biases and batch-norm statistics not counted).
 */
public record ModelMeasurement(long sizeBytes, long parameters, long nonzeroParameters, double sparsity,
                               Map<String, Object> test, double latencyBatch1Ms, double latencyBatch256Ms) {

    public ModelMeasurement {
        test = test == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(test));
    }

    /** The same figures for a file of another size (the card inside the zip records the zip's own size). */
    public ModelMeasurement withSize(long bytes) {
        return new ModelMeasurement(bytes, parameters, nonzeroParameters, sparsity, test, latencyBatch1Ms, latencyBatch256Ms);
    }

    /** The same figures with these latencies per row (measured beside another model's, see engine.optimize). */
    public ModelMeasurement withLatency(double batch1Ms, double batch256Ms) {
        return new ModelMeasurement(sizeBytes, parameters, nonzeroParameters, sparsity, test, batch1Ms, batch256Ms);
    }

    /** The main figure: accuracy for classification, RMSE for regression (NaN when absent). */
    public double headline() {
        Object v = test.containsKey("accuracy") ? test.get("accuracy") : test.get("rmse");
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
