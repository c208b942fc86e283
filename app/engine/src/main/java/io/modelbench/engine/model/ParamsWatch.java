package io.modelbench.engine.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whether a network's parameters are still those a plain-Java forward pass copied ({@link DenseForward},
 * {@link LstmForward}): the same parameter array, iteration and epoch counts (training moves them) and the same values
 * at {@value #SAMPLES} sampled positions (~1 µs).
 */
final class ParamsWatch {

    static final int SAMPLES = 8;

    private final MultiLayerNetwork net;
    private final INDArray params;
    private final int iterations;
    private final int epochs;
    private final long[] sampleAt = new long[SAMPLES];
    private final float[] sampleValue = new float[SAMPLES];

    ParamsWatch(MultiLayerNetwork net) {
        this.net = net;
        this.params = net.params();
        this.iterations = net.getIterationCount();
        this.epochs = net.getEpochCount();
        long n = params.length();
        for (int k = 0; k < SAMPLES; k++) {
            sampleAt[k] = n <= 1 ? 0 : (n - 1) * k / (SAMPLES - 1);
            sampleValue[k] = params.getFloat(sampleAt[k]);
        }
    }

    /** True while the parameters are unchanged since this was made. */
    boolean current() {
        if (net.params() != params || net.getIterationCount() != iterations || net.getEpochCount() != epochs) {
            return false;
        }
        for (int k = 0; k < SAMPLES; k++) {
            if (Float.floatToRawIntBits(params.getFloat(sampleAt[k])) != Float.floatToRawIntBits(sampleValue[k])) {
                return false;
            }
        }
        return true;
    }
}
