package io.modelbench.engine.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-Java activations keep their exact results when rewritten for speed. */
class ActivationsTest {

    @Test
    void theBranchFreeReluIsBitForBitTheSelectItReplacedForEveryFloat() {
        float[] special = {Float.NaN, Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xff800001),
            Float.intBitsToFloat(0x7fffffff), Float.intBitsToFloat(0xffffffff), -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, -1e-40f, 3f, -3f};
        assertSameAsSelect(special);
        Random rnd = new Random(5);
        float[] any = new float[1_000_000];
        for (int i = 0; i < any.length; i++) {
            any[i] = Float.intBitsToFloat(rnd.nextInt());   // every sign, exponent and NaN payload
        }
        assertSameAsSelect(any);
        float[] ordinary = new float[100_000];
        for (int i = 0; i < ordinary.length; i++) {
            ordinary[i] = (float) rnd.nextGaussian();
        }
        assertSameAsSelect(ordinary);
    }

    private static void assertSameAsSelect(float[] x) {
        float[] y = x.clone();
        Activations.apply(DenseForward.Act.RELU, 0f, y, 1, y.length);
        for (int k = 0; k < x.length; k++) {
            float want = x[k] > 0f ? x[k] : 0f;
            assertThat(Float.floatToRawIntBits(y[k])).as("relu(%s), bits %08x", x[k], Float.floatToRawIntBits(x[k]))
                    .isEqualTo(Float.floatToRawIntBits(want));
        }
    }
}
