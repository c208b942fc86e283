package io.modelbench.engine.eval;

import io.modelbench.engine.api.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinearReferenceTest {

    private static final int[] TRAIN = IntStream.range(0, 200).toArray();
    private static final int[] VALIDATION = IntStream.range(200, 250).toArray();
    private static final int[] TEST = IntStream.range(250, 300).toArray();

    @Test
    void ridgeFindsALinearTargetAlmostExactlyInItsOwnUnits() {
        Random rng = new Random(7);
        float[][] x = new float[300][3];
        float[] y = new float[300];
        for (int i = 0; i < 300; i++) {
            x[i][0] = (float) (rng.nextGaussian() * 10 + 50);
            x[i][1] = (float) rng.nextGaussian();
            x[i][2] = 4;   // constant: left out, not a division by zero
            y[i] = 2 * x[i][0] - 300 * x[i][1] + 1000 + (float) rng.nextGaussian() * 0.1f;
        }
        LinearReference.Result r = LinearReference.regression(x, y, TRAIN, VALIDATION, TEST);
        EvaluationResult.Regression g = (EvaluationResult.Regression) r.test();
        assertThat(g.rows()).isEqualTo(50);
        assertThat(g.r2()).isGreaterThan(0.9999);
        assertThat(g.rmse()).isLessThan(1.0);
        assertThat(r.kind()).isEqualTo("ridge");
        assertThat(r.description()).startsWith("ridge regression (L2 ").endsWith("chosen on the validation split)");
    }

    @Test
    void logisticRegressionSeparatesThreeClustersAndGivesProbabilities() {
        Random rng = new Random(3);
        float[][] x = new float[300][2];
        int[] classes = new int[300];
        for (int i = 0; i < 300; i++) {
            classes[i] = i % 3;
            x[i][0] = (float) (classes[i] * 4 + rng.nextGaussian());
            x[i][1] = (float) (rng.nextGaussian() + (classes[i] == 1 ? 3 : 0));
        }
        LinearReference.Result r = LinearReference.classification(x, classes, List.of("a", "b", "c"), TRAIN, VALIDATION, TEST);
        EvaluationResult.Classification c = (EvaluationResult.Classification) r.test();
        assertThat(c.accuracy()).isGreaterThanOrEqualTo(0.94);
        assertThat(c.aucMacro()).isGreaterThan(0.97);
        assertThat(r.kind()).isEqualTo("logistic");
        // deterministic: the same data gives the same figures
        LinearReference.Result again = LinearReference.classification(x, classes, List.of("a", "b", "c"), TRAIN, VALIDATION, TEST);
        assertThat(((EvaluationResult.Classification) again.test()).aucMacro()).isEqualTo(c.aucMacro());
        assertThat(again.penalty()).isEqualTo(r.penalty());
    }

    @Test
    void withoutAValidationSplitThePenaltyIsTheDefaultAndSaidSo() {
        float[][] x = {{0}, {1}, {2}, {3}, {4}, {5}};
        float[] y = {0, 2, 4, 6, 8, 10};
        LinearReference.Result r = LinearReference.regression(x, y, new int[] {0, 1, 2, 3}, new int[0], new int[] {4, 5});
        assertThat(r.penalty()).isEqualTo(0.01);
        assertThat(r.description()).isEqualTo("ridge regression (L2 0.01)");
        assertThat(((EvaluationResult.Regression) r.test()).rmse()).isCloseTo(0, within(0.2));
    }

    @Test
    void aLargeTableIsFittedOnAnEvenlySpreadSubsetAndSaysSo() {
        int n = 25_000;
        float[][] x = new float[n + 100][1];
        float[] y = new float[n + 100];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i % 97;
            y[i] = 3 * x[i][0] + 1;
        }
        int[] train = IntStream.range(0, n).toArray();
        int[] test = IntStream.range(n, n + 100).toArray();
        LinearReference.Result r = LinearReference.regression(x, y, train, new int[0], test);
        assertThat(r.description()).isEqualTo("ridge regression (L2 0.01), fitted on 20,000 of the 25,000 training rows");
        assertThat(((EvaluationResult.Regression) r.test()).r2()).isGreaterThan(0.999);
        int[] used = LinearReference.spread(train);
        assertThat(used).hasSize(LinearReference.MAX_FIT_ROWS).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void aWideManyClassTableFitsItsLogisticRegressionOnASubsetSizedByTheWorkAndSaysSo() {
        // 784 inputs x 10 classes: 7,840 multiply-adds per row and pass, so 2,551 rows (the bench's MLP table took 7-10 s whole)
        assertThat(LinearReference.logisticRows(784, 10)).isEqualTo(2_551);
        assertThat(LinearReference.logisticRows(64, 10)).isEqualTo(LinearReference.MAX_FIT_ROWS);      // digits: whole
        assertThat(LinearReference.logisticRows(1_999, 1_000)).isEqualTo(LinearReference.MIN_FIT_ROWS); // never fewer
        int n = 3_000;
        int d = 700;
        float[][] x = new float[n + 50][d];
        int[] classes = new int[n + 50];
        java.util.Random rng = new java.util.Random(7);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) rng.nextGaussian();
            }
            classes[i] = x[i][0] > 0 ? 1 : 0;
        }
        java.util.List<String> labels = java.util.List.of("a", "b");
        LinearReference.Result r = LinearReference.classification(x, classes, labels, IntStream.range(0, n).toArray(), new int[0],
                IntStream.range(n, n + 50).toArray());
        // 700 x 2 = 1,400 per row: 14,285 rows would be allowed, so all 3,000 are used
        assertThat(r.description()).doesNotContain("fitted on");
        assertThat(((EvaluationResult.Classification) r.test()).accuracy()).isGreaterThan(0.9);
        int[] wide = LinearReference.spread(IntStream.range(0, 16_000).toArray(), LinearReference.logisticRows(784, 10));
        assertThat(wide).hasSize(2_551).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void tooManyInputsGiveNoReferenceRatherThanALongWait() {
        float[][] x = new float[4][LinearReference.MAX_INPUTS + 1];
        assertThat(LinearReference.regression(x, new float[4], new int[] {0, 1}, new int[0], new int[] {2, 3})).isNull();
    }
}
