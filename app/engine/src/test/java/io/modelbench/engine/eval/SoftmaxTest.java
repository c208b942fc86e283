package io.modelbench.engine.eval;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.data.DataSplit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SoftmaxTest {

    @Test
    void theObjectiveAndGradientByOpenBlasEqualThePlainJavaOnesOnRandomData() {
        Random rng = new Random(11);
        int n = 300;
        int d = 23;
        int k = 4;
        float[][] x = new float[n][d];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = rng.nextInt(k);
            for (int j = 0; j < d; j++) {
                x[i][j] = j % 7 == 3 ? 0 : (float) (rng.nextGaussian() * (j + 1) + j);   // a constant column, then spread ones
            }
        }
        int[] train = IntStream.range(0, 250).toArray();
        LinearReference.Standardized z = LinearReference.Standardized.of(x, train);
        double[] theta = new double[(d + 1) * k];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextGaussian();
        }
        double penalty = 0.03;
        double[] g = new double[theta.length];
        double f;
        try (Softmax.Problem problem = new Softmax.Problem(z, classes, k, train)) {
            f = problem.value(theta, penalty, g);
        }
        double[] expectedG = new double[theta.length];
        double expected = plainValue(z, classes, train, k, theta, penalty, expectedG);
        assertThat(f).isCloseTo(expected, within(1e-9));
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).as("gradient component %d", i).isCloseTo(expectedG[i], within(1e-9));
        }
    }

    @Test
    void onTheDigitsTableThePenaltyChosenAndTheTestFiguresAreThoseOfThePlainJavaFit() throws IOException {
        Table t = read("digits_8x8.csv");
        DataSplit split = DataSplit.of(t.x.length, t.classes, new SplitSettings(0.2, 0.1, 42));
        LinearReference.Result r = LinearReference.classification(t.x, t.classes, t.labels, split.train(), split.validation(), split.test());
        EvaluationResult.Classification c = (EvaluationResult.Classification) r.test();
        // the plain-Java fit of before (1e-6 gradient, 1e-10 decrease) chose 1e-3 and scored 0.966574 (347 of 359 rows)
        assertThat(r.penalty()).isEqualTo(1e-3);
        assertThat(c.rows()).isEqualTo(359);
        assertThat(c.accuracy()).isCloseTo(347.0 / 359, within(1.5 / 359));
        assertThat(c.aucMacro()).isCloseTo(0.99889207, within(1e-4));
        LinearReference.Result again = LinearReference.classification(t.x, t.classes, t.labels, split.train(), split.validation(), split.test());
        assertThat(((EvaluationResult.Classification) again.test()).aucPerClass()).isEqualTo(c.aucPerClass());
        assertThat(again.description()).isEqualTo(r.description());
    }

    @Test
    void onTheBreastCancerTableAValidationSplitStillChoosesTheWeakerPenaltyItChoseBefore() throws IOException {
        Table t = read("breast_cancer.csv");
        DataSplit split = DataSplit.of(t.x.length, t.classes, new SplitSettings(0.2, 0.1, 42));
        LinearReference.Result r = LinearReference.classification(t.x, t.classes, t.labels, split.train(), split.validation(), split.test());
        EvaluationResult.Classification c = (EvaluationResult.Classification) r.test();
        assertThat(r.penalty()).isEqualTo(1e-3);
        assertThat(c.accuracy()).isCloseTo(0.973451, within(1e-6));
    }

    /** The objective and gradient as computed before OpenBLAS: row by row in plain Java, the reference for the test. */
    private static double plainValue(LinearReference.Standardized z, int[] classes, int[] train, int k, double[] theta, double penalty,
                                     double[] g) {
        int d = z.width();
        double[] p = new double[k];
        double loss = 0;
        for (int r : train) {
            double[] row = z.row(r);
            System.arraycopy(theta, d * k, p, 0, k);
            for (int j = 0; j < d; j++) {
                for (int c = 0; c < k; c++) {
                    p[c] += row[j] * theta[j * k + c];
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : p) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                p[c] = Math.exp(p[c] - max);
                sum += p[c];
            }
            loss -= Math.log(Math.max(p[classes[r]] / sum, 1e-300));
            for (int c = 0; c < k; c++) {
                p[c] = p[c] / sum - (c == classes[r] ? 1 : 0);
            }
            for (int j = 0; j < d; j++) {
                for (int c = 0; c < k; c++) {
                    g[j * k + c] += row[j] * p[c];
                }
            }
            for (int c = 0; c < k; c++) {
                g[d * k + c] += p[c];
            }
        }
        int n = train.length;
        double reg = 0;
        for (int i = 0; i < g.length; i++) {
            g[i] /= n;
            if (i < d * k) {
                reg += theta[i] * theta[i];
                g[i] += penalty * theta[i];
            }
        }
        return loss / n + 0.5 * penalty * reg;
    }

    private record Table(float[][] x, int[] classes, List<String> labels) {
    }

    /** A bundled sample table whose columns are numbers and whose last column is the class. */
    private static Table read(String name) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("sample-data"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the sample-data folder above " + Path.of("").toAbsolutePath()).isNotNull();
        List<String> lines = Files.readAllLines(dir.resolve("sample-data").resolve(name));
        int n = lines.size() - 1;
        float[][] x = new float[n][];
        int[] classes = new int[n];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            x[i] = new float[cells.length - 1];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = Float.parseFloat(cells[j]);
            }
            String label = cells[cells.length - 1];
            if (!labels.contains(label)) {
                labels.add(label);
            }
            classes[i] = labels.indexOf(label);
        }
        return new Table(x, classes, labels);
    }
}
