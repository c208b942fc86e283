package io.modelbench.engine.model;

import io.modelbench.engine.model.DenseForward.Act;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;

import java.util.Map;

/**
 * ND4J's activations in plain Java, for {@link DenseForward}: each the formula of libnd4j's op of the same name,
 * transcendental functions in double and rounded to float once (within an ulp or two of libnd4j's float code).
 * Recognised by exact class, so a subclass or a configured variant (a ReLU with a threshold or a cap) is not
 * recognised and its network stays on ND4J. Not here on purpose: cube (x³ triples each layer's relative rounding error,
 * so two such layers put float sums in another order ~2e-5 apart) and the random ones (RReLU).
 */
final class Activations {

    private static final Map<Class<?>, Act> BY_CLASS = Map.ofEntries(
            Map.entry(ActivationIdentity.class, Act.IDENTITY), Map.entry(ActivationReLU6.class, Act.RELU6),
            Map.entry(ActivationLReLU.class, Act.LEAKYRELU), Map.entry(ActivationELU.class, Act.ELU),
            Map.entry(ActivationSELU.class, Act.SELU), Map.entry(ActivationTanH.class, Act.TANH),
            Map.entry(ActivationSigmoid.class, Act.SIGMOID), Map.entry(ActivationHardTanH.class, Act.HARDTANH),
            Map.entry(ActivationHardSigmoid.class, Act.HARDSIGMOID), Map.entry(ActivationSoftSign.class, Act.SOFTSIGN),
            Map.entry(ActivationSoftPlus.class, Act.SOFTPLUS), Map.entry(ActivationSwish.class, Act.SWISH),
            Map.entry(ActivationSoftmax.class, Act.SOFTMAX));

    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_LAMBDA = 1.0507009873554804934193349852946;

    private Activations() {
    }

    /** The activation computed here for ND4J's {@code fn}, or null when it is not one of them exactly. */
    static Act of(IActivation fn) {
        if (fn == null) {
            return null;
        }
        if (fn.getClass() == ActivationReLU.class) {
            // a plain ReLU: no cap, no threshold, no negative slope (ActivationReLU's configured variant differs)
            return plainRelu((ActivationReLU) fn) ? Act.RELU : null;
        }
        return BY_CLASS.get(fn.getClass());
    }

    /** The alpha of a leaky ReLU or an ELU (0 for the others). */
    static float alpha(IActivation fn) {
        if (fn instanceof ActivationLReLU l) {
            return (float) l.getAlpha();
        }
        if (fn instanceof ActivationELU e) {
            return (float) e.getAlpha();
        }
        return 0f;
    }

    private static boolean plainRelu(ActivationReLU r) {
        // ActivationReLU's fields are private with no getters; its toString names a configured variant
        return isZeroOrNull(field(r, "max")) && isZeroOrNull(field(r, "threshold")) && isZeroOrNull(field(r, "negativeSlope"));
    }

    private static boolean isZeroOrNull(Object v) {
        return v == null || (v instanceof Double d && d == 0.0);
    }

    private static Object field(Object o, String name) {
        try {
            java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Double.NaN;   // unknown: not a plain ReLU, stays on ND4J
        }
    }

    /** Applies {@code a} in place to n rows of {@code width} values each, row-major. */
    static void apply(Act a, float alpha, float[] y, int n, int width) {
        int len = n * width;
        switch (a) {
            case IDENTITY -> { }
            case RELU -> relu(y, len);
            case RELU6 -> {
                for (int k = 0; k < len; k++) {
                    y[k] = Math.min(Math.max(y[k], 0f), 6f);
                }
            }
            case LEAKYRELU -> {
                for (int k = 0; k < len; k++) {
                    y[k] = y[k] < 0f ? alpha * y[k] : y[k];
                }
            }
            case ELU -> {
                for (int k = 0; k < len; k++) {
                    y[k] = y[k] < 0f ? (float) (alpha * Math.expm1(y[k])) : y[k];
                }
            }
            case SELU -> {
                for (int k = 0; k < len; k++) {
                    y[k] = (float) (y[k] > 0f ? SELU_LAMBDA * y[k] : SELU_LAMBDA * SELU_ALPHA * Math.expm1(y[k]));
                }
            }
            case TANH -> {
                for (int k = 0; k < len; k++) {
                    y[k] = (float) Math.tanh(y[k]);
                }
            }
            case SIGMOID -> {
                for (int k = 0; k < len; k++) {
                    y[k] = (float) (1.0 / (1.0 + Math.exp(-y[k])));
                }
            }
            case HARDTANH -> {
                for (int k = 0; k < len; k++) {
                    y[k] = Math.min(Math.max(y[k], -1f), 1f);
                }
            }
            case HARDSIGMOID -> {
                for (int k = 0; k < len; k++) {
                    y[k] = Math.min(Math.max(0.2f * y[k] + 0.5f, 0f), 1f);
                }
            }
            case SOFTSIGN -> {
                for (int k = 0; k < len; k++) {
                    y[k] = y[k] / (1f + Math.abs(y[k]));
                }
            }
            case SOFTPLUS -> {
                for (int k = 0; k < len; k++) {
                    y[k] = (float) Math.log1p(Math.exp(y[k]));
                }
            }
            case SWISH -> {
                for (int k = 0; k < len; k++) {
                    y[k] = (float) (y[k] / (1.0 + Math.exp(-y[k])));
                }
            }
            case SOFTMAX -> softmax(y, n, width);
            default -> throw new IllegalStateException("no activation " + a);
        }
    }

    /**
     * {@code y > 0 ? y : +0} for every float, NaN and -0 included (a NaN gives +0, as before), without a branch: on the
     * signs of a hidden layer, which are random, the branch mispredicts and C2 in JDK 17 does not vectorize the select
     * (8.5 ms for 2M values against 1.9 ms here, measured on the build machine; the 4,000-row MLP prediction spent 7.8 of
     * its ~25 ms in the branchy loop). The sign mask clears negatives and -0, the second mask the NaNs above +Inf's bits
     * (for negative bits the subtraction may wrap, but the first mask has cleared them already). {@code ActivationsTest}.
     */
    static void relu(float[] y, int len) {
        for (int k = 0; k < len; k++) {
            int b = Float.floatToRawIntBits(y[k]);
            y[k] = Float.intBitsToFloat(b & ~(b >> 31) & ~((0x7f800000 - b) >> 31));
        }
    }

    /** Per row: exp(x - max) / sum, the max subtracted as ND4J's softmax does, in double. */
    private static void softmax(float[] y, int n, int width) {
        for (int r = 0; r < n; r++) {
            int o = r * width;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, y[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += Math.exp(y[o + j] - max);
            }
            for (int j = 0; j < width; j++) {
                y[o + j] = (float) (Math.exp(y[o + j] - max) / sum);
            }
        }
    }
}
