package io.modelbench.engine.onnx;

import io.modelbench.engine.api.InputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

import java.util.List;

/**
 * The model's fitted input scaling as the graph's first nodes, and the regression target's scaling reverted as its last,
 * computed exactly as ND4J 1.0.0-M2.1 computes them (read from its bytecode, and checked against ONNX Runtime by the tests):
 * <ul>
 *   <li>{@code NormalizerStandardize}: {@code (x - mean) / std}, where the stored std was raised to at least
 *       {@code Nd4j.EPS_THRESHOLD} when fitted and a std of exactly 0 is replaced by 1 ({@code StandardizeStrategy});
 *       a standardized target is reverted as {@code y * std + mean};</li>
 *   <li>{@code NormalizerMinMaxScaler}: {@code (x - min) / (max - min)}, then {@code * (targetMax - targetMin) + targetMin}
 *       ({@code MinMaxStrategy}; the last two are left out when they are 1 and 0, since they change nothing);</li>
 *   <li>{@code ImagePreProcessingScaler}: {@code x / maxPixelValue} (255), then {@code * (max - min) + min} when the range
 *       is not 0..1, as one scalar each (the same for every pixel and channel).</li>
 * </ul>
 * Any other normalizer is refused with a message naming it.
 */
final class OnnxScaling {

    private OnnxScaling() {
    }

    /** Emits the input scaling after {@code input}; returns the scaled tensor's name ({@code input} when there is none). */
    static String input(OnnxGraph g, DataNormalization norm, String input, long[] dims) {
        if (norm == null) {
            return input;
        }
        int width = (int) java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        if (norm instanceof NormalizerStandardize s) {
            float[] mean = floats(s.getMean(), width, "mean");
            float[] std = floats(s.getStd(), width, "std");
            for (int i = 0; i < std.length; i++) {
                std[i] = std[i] == 0f ? 1f : std[i];
            }
            String x = g.node("Sub", "scaling", List.of(input, g.constant("scaling_mean", dims, mean)));
            return g.node("Div", "scaling", List.of(x, g.constant("scaling_std", dims, std)));
        }
        if (norm instanceof NormalizerMinMaxScaler m) {
            float[] min = floats(m.getMin(), width, "min");
            float[] max = floats(m.getMax(), width, "max");
            float[] range = new float[width];
            for (int i = 0; i < width; i++) {
                range[i] = max[i] - min[i];
            }
            String x = g.node("Sub", "scaling", List.of(input, g.constant("scaling_min", dims, min)));
            x = g.node("Div", "scaling", List.of(x, g.constant("scaling_range", dims, range)));
            return affine(g, x, m.getTargetMax() - m.getTargetMin(), m.getTargetMin());
        }
        if (norm instanceof ImagePreProcessingScaler im) {
            String x = g.node("Div", "scaling", List.of(input, g.scalar("scaling_max_pixel", im.getMaxPixelVal())));
            return affine(g, x, im.getMaxRange() - im.getMinRange(), im.getMinRange());
        }
        throw InputException.general("the model's input normalizer (" + norm.getClass().getSimpleName()
                + ") cannot be exported to ONNX", "train it with standardize, min-max or no normalization");
    }

    /**
     * Reverts a standardized regression target after {@code output} ({@code y * std + mean}); returns the tensor's name
     * ({@code output} itself when the target was not scaled).
     */
    static String revertTarget(OnnxGraph g, DataNormalization norm, String output, long width) {
        if (norm == null || !norm.isFitLabel()) {
            return output;
        }
        if (norm instanceof NormalizerStandardize s) {
            float[] std = floats(s.getLabelStd(), (int) width, "target std");
            for (int i = 0; i < std.length; i++) {
                std[i] = std[i] == 0f ? 1f : std[i];
            }
            String y = g.node("Mul", "target", List.of(output, g.constant("target_std", new long[] {width}, std)));
            return g.node("Add", "target", List.of(y, g.constant("target_mean", new long[] {width},
                    floats(s.getLabelMean(), (int) width, "target mean"))));
        }
        throw InputException.general("the model's target normalizer (" + norm.getClass().getSimpleName()
                + ") cannot be exported to ONNX", "train it with standardize or no normalization");
    }

    private static String affine(OnnxGraph g, String x, double scale, double offset) {
        String y = x;
        if (scale != 1) {
            y = g.node("Mul", "scaling", List.of(y, g.scalar("scaling_range_scale", scale)));
        }
        if (offset != 0) {
            y = g.node("Add", "scaling", List.of(y, g.scalar("scaling_range_min", offset)));
        }
        return y;
    }

    private static float[] floats(INDArray a, int width, String what) {
        if (a == null || a.length() != width) {
            throw new IllegalStateException("the normalizer's " + what + " has " + (a == null ? 0 : a.length())
                    + " values for " + width + " inputs");
        }
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
