package io.modelbench.engine.data;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.eval.TrustNotes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Columns that predict the target alone are left out (a leak?), unless kept; near-perfect scores and shared rows are told. */
class LeakCheckTest {

    /** 891 rows shaped like Titanic, with {@code alive}: {@code survived} spelled yes/no. */
    static Table titanicLike() throws IOException {
        try (InputStream in = LeakCheckTest.class.getResourceAsStream("/trust/titanic_like.csv")) {
            return CsvTables.read("titanic_like.csv", in);
        }
    }

    private static DataSchema checked(Table t, String target, List<String> keep) {
        DataSchema schema = TableEncoder.inferSchema(t, target, null, List.of());
        int[] classes = schema.task() == TaskType.CLASSIFICATION ? TableEncoder.classIndices(t, schema) : null;
        float[] targets = classes == null ? TableEncoder.targets(t, schema) : null;
        DataSplit split = DataSplit.of(t.rowCount(), classes, SplitSettings.defaults(42));
        return LeakCheck.apply(t, schema, split.train(), classes, targets, keep);
    }

    @Test
    void theTargetSpelledDifferentlyIsLeftOutWithTheReasonAndOnlyIt() throws IOException {
        Table t = titanicLike();
        DataSchema before = TableEncoder.inferSchema(t, "survived", null, List.of());
        assertThat(before.featureColumns()).contains("alive", "Sex", "Pclass", "Fare");

        DataSchema s = checked(t, "survived", List.of());
        assertThat(s.featureColumns()).doesNotContain("alive").contains("Sex", "Pclass", "Age", "SibSp", "Fare", "Embarked");
        assertThat(s.ignoredColumns()).containsEntry("alive", LeakCheck.REASON);
        assertThat(s.ignoredColumns()).containsEntry("Name", "identifier");
    }

    @Test
    void aKeptColumnStaysAnInput() throws IOException {
        DataSchema s = checked(titanicLike(), "survived", List.of("alive"));
        assertThat(s.featureColumns()).contains("alive");
        assertThat(s.ignoredColumns()).doesNotContainKey("alive");
    }

    @Test
    void aNumberThatIsTheTargetScaledLeaksInRegressionAndAThresholdLeaksInClassification() throws IOException {
        Random r = new Random(3);
        StringBuilder sb = new StringBuilder("x1,x2,price_eur,price,expensive\n");
        for (int i = 0; i < 200; i++) {
            double x1 = r.nextGaussian();
            double y = 2 * x1 + r.nextGaussian();
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%s%n", x1, r.nextGaussian(), y * 0.9 + 5, y,
                    y > 0.5 ? "yes" : "no"));
        }
        Table t = CsvTables.read("prices.csv", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));

        DataSchema regression = checked(t, "price", List.of("expensive"));
        assertThat(regression.ignoredColumns()).containsEntry("price_eur", LeakCheck.REASON);
        assertThat(regression.featureColumns()).containsExactly("x1", "x2", "expensive");

        DataSchema classification = checked(t, "expensive", List.of());
        assertThat(classification.ignoredColumns()).containsEntry("price_eur", LeakCheck.REASON).containsEntry("price", LeakCheck.REASON);
        assertThat(classification.featureColumns()).containsExactly("x1", "x2");
    }

    @Test
    void noBundledSampleHasAColumnLeftOutAsALeak() {
        for (Samples.Sample sample : Samples.list()) {
            if (sample.target() == null || sample.file() == null || !sample.file().endsWith(".csv")
                    || sample.title().contains("forecasting")) {
                continue; // images, and the series samples (read through their time column, not as tables)
            }
            DataSchema s = checked(Samples.open(sample), sample.target(), List.of());
            assertThat(s.ignoredColumns()).as(sample.id()).doesNotContainValue(LeakCheck.REASON);
        }
    }

    @Test
    void whenEveryInputLeaksTheMessageNamesThemAndHowToKeepThem() throws IOException {
        StringBuilder sb = new StringBuilder("code,label\n");
        for (int i = 0; i < 60; i++) {
            sb.append(i % 3).append(',').append("abc".charAt(i % 3)).append('\n');
        }
        Table t = CsvTables.read("coded.csv", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> checked(t, "label", List.of()))
                .hasMessageContaining("coded.csv").hasMessageContaining("code").hasMessageContaining("--keep code");
        assertThat(checked(t, "label", List.of("code")).featureColumns()).containsExactly("code");
    }

    @Test
    void testRowsThatAreTrainingRowsAreCountedAndANearPerfectScoreIsTold() {
        float[][] x = {{1, 2}, {3, 4}, {1, 2}, {5, 6}, {3, 4}};
        int[] classes = {0, 1, 0, 1, 0};
        // row 2 repeats row 0 (same class); row 4 repeats row 1's inputs with another class: not the same row
        assertThat(TrustNotes.sharedRows(x, classes, null, new int[] {0, 1}, new int[] {2, 3, 4})).isEqualTo(1);

        EvaluationResult perfect = Metrics.classification(new int[] {0, 1, 1}, new int[] {0, 1, 1}, List.of("a", "b"));
        assertThat(TrustNotes.warnings(perfect, 0)).singleElement().asString()
                .contains("test accuracy 1.000 is at or near perfect").contains("leak");
        EvaluationResult fair = Metrics.classification(new int[] {0, 1, 1}, new int[] {0, 1, 0}, List.of("a", "b"));
        assertThat(TrustNotes.warnings(fair, 0)).isEmpty();
        assertThat(TrustNotes.warnings(fair, 1)).singleElement().asString().startsWith("1 of 3 test rows also appear among the training rows");
    }

    @Test
    void aClassWithNoTestRowsIsToldAndTheSplitOfTwoRowClassesBlamesRowsPerClass() {
        // a class of one image is all training: support 0 in the test figures
        EvaluationResult oneMissing = Metrics.classification(new int[] {0, 1, 0, 1}, new int[] {0, 1, 1, 1}, List.of("a", "b", "c"));
        assertThat(TrustNotes.warnings(oneMissing, 0)).singleElement().asString()
                .startsWith("class 'c' has no test rows: nothing tells how well it is predicted");
        EvaluationResult twoMissing = Metrics.classification(new int[] {0, 0}, new int[] {0, 0}, List.of("a", "b", "c"));
        assertThat(TrustNotes.warnings(twoMissing, 0)).anySatisfy(w -> assertThat(w).startsWith("2 classes ('b', 'c') have no test rows"));

        int[] classes = new int[4000];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = i / 2; // 2,000 classes of 2 rows
        }
        assertThatThrownBy(() -> DataSplit.of(classes.length, classes, SplitSettings.defaults(42)))
                .hasMessageContaining("Each of the 2,000 classes has at most 2 rows: too few rows per class (or too many classes)")
                .hasMessageNotContaining("too few rows (4000)");
        assertThatThrownBy(() -> DataSplit.of(2, null, SplitSettings.defaults(42)))
                .hasMessageContaining("too few rows (2)");
    }

    @Test
    void oneDataRowIsTooFewRowsNotEveryColumnConstant() throws IOException {
        Table t = CsvTables.read("one.csv", new ByteArrayInputStream("a,b,label\n1,2,x\n".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> checked(t, "label", List.of()))
                .hasMessageContaining("one.csv: has only 1 data row: too few rows to train on").hasMessageNotContaining("constant");
    }
}
