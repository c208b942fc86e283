package io.modelbench.engine.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The convolutional trainer's branch-free pieces agree with the plain comparisons and sums they replace: {@code above}
 * with {@code q > p} on ties, signed zeros, infinities, subnormals and values far apart; 2×2 max pooling with the first
 * largest element of each window (row by row) on data full of ties; {@code TrainerMath.sum} with a double sum; inverted
 * dropout's share kept, scale and seeds; and the reshape to a dense layer's rows with its transpose.
 */
class ConvPoolingTest {

    @Test
    void aboveIsGreaterThanOnTiesZerosInfinitiesAndFarApartValues() {
        float[] v = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, 1e30f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f + Math.ulp(1f), 0.1f, 3.5e-39f};
        for (float p : v) {
            for (float q : v) {
                assertThat(ConvPooling.above(p, q)).as(p + " vs " + q).isEqualTo(q > p ? 1 : 0);
            }
        }
    }

    @Test
    void maxPoolingPicksTheFirstLargestOfEachWindowAmongTies() {
        ConvTrainerParts.Parts s = new ConvTrainerParts.Parts();
        s.inH = new int[] {6};
        s.inW = new int[] {6};
        s.kH = new int[] {2};
        s.kW = new int[] {2};
        s.sH = new int[] {2};
        s.sW = new int[] {2};
        s.outH = new int[] {3};
        s.outW = new int[] {3};
        s.padT = new int[] {0};
        s.padL = new int[] {0};
        s.inC = new int[] {3};
        s.max = new boolean[] {true};
        int n = 5;
        Random rnd = new Random(4);
        float[] x = new float[n * 3 * 36];
        float[] choices = {0f, -0f, 1f, -1f, 2f};   // few values: many ties, +0 against −0
        for (int i = 0; i < x.length; i++) {
            x[i] = choices[rnd.nextInt(choices.length)];
        }
        float[] y = new float[n * 3 * 9];
        int[] argmax = new int[y.length];
        ConvPooling.forward(s, 0, x, y, argmax, n);
        for (int plane = 0; plane < n * 3; plane++) {
            for (int o = 0; o < 9; o++) {
                int oy = o / 3;
                int ox = o % 3;
                int best = plane * 36 + 2 * oy * 6 + 2 * ox;
                for (int k = 1; k < 4; k++) {   // row by row, a later one only when strictly larger
                    int at = plane * 36 + (2 * oy + k / 2) * 6 + 2 * ox + k % 2;
                    if (x[at] > x[best]) {
                        best = at;
                    }
                }
                assertThat(argmax[plane * 9 + o]).as("plane " + plane + " output " + o).isEqualTo(best);
                assertThat(Float.floatToRawIntBits(y[plane * 9 + o])).isEqualTo(Float.floatToRawIntBits(x[best]));
            }
        }
    }

    @Test
    void fourRunningSumsAddUpAsADoubleSumDoes() {
        Random rnd = new Random(2);
        for (int n : new int[] {0, 1, 3, 4, 7, 4096}) {
            float[] a = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            double exact = 0;
            for (int i = 5; i < n + 5; i++) {
                exact += a[i];
            }
            assertThat((double) TrainerMath.sum(a, 5, n)).as("n " + n).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void dropoutKeepsAboutPOfTheInputsTimesOneOverPTheSameForTheSameSeedAndNoneInInference() {
        int len = 20_000;
        float[] x = new float[len];
        for (int k = 0; k < len; k++) {
            x[k] = 1f + k % 7;
        }
        float[] y = new float[len];
        float[] mask = new float[len];
        ConvPooling.dropout(x, y, mask, len, 0.5f, new java.util.SplittableRandom(9));
        int kept = 0;
        for (int k = 0; k < len; k++) {
            assertThat(mask[k]).isIn(0f, 2f);
            assertThat(y[k]).isEqualTo(x[k] * mask[k]);
            kept += mask[k] > 0 ? 1 : 0;
        }
        assertThat(kept / (double) len).as("share kept").isBetween(0.48, 0.52);   // ±5.6 standard deviations
        float[] again = new float[len];
        ConvPooling.dropout(x, again, new float[len], len, 0.5f, new java.util.SplittableRandom(9));
        assertThat(again).as("the same seed").containsExactly(y);
        ConvPooling.dropout(x, again, new float[len], len, 0.5f, new java.util.SplittableRandom(10));
        assertThat(again).as("another seed").isNotEqualTo(y);
        ConvPooling.dropout(x, again, mask, len, 0.5f, null);
        assertThat(again).as("inference").containsExactly(x);
    }

    @Test
    void imagesFlattenAsDl4jDoesAndBack() {
        int n = 3;
        int c = 2;
        int hw = 4;
        float[] x = new float[n * c * hw];   // [c, n, hw]: the value names its image, channel and pixel
        for (int ci = 0; ci < c; ci++) {
            for (int r = 0; r < n; r++) {
                for (int q = 0; q < hw; q++) {
                    x[(ci * n + r) * hw + q] = 100 * r + 10 * ci + q;
                }
            }
        }
        float[] flat = new float[x.length];
        ConvPooling.flatten(x, flat, n, c, hw);
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < c * hw; k++) {   // DL4J's CnnToFeedForward: each row c, then y, then x
                assertThat(flat[r * c * hw + k]).isEqualTo(100 * r + 10 * (k / hw) + k % hw);
            }
        }
        float[] back = new float[x.length];
        ConvPooling.unflatten(flat, back, n, c, hw);
        assertThat(back).containsExactly(x);
    }
}
