package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Training end to end on tables that are not all numbers, and the settings of the preparation. */
class PreparedTrainingTest {

    /**
     * 400 rows from a known rule, so the model can be checked: label is "high" when
     * 2*x + (colour == red ? 3 : 0) + (flag ? 1 : -1) > 4, with 10 % of x missing, an id and a free-text
     * column the model must leave out.
     */
    static Table ruleTable(long seed) throws IOException {
        Random rnd = new Random(seed);
        String[] colours = {"red", "green", "blue"};
        StringBuilder sb = new StringBuilder("row_id,x,colour,flag,remark,label\n");
        for (int i = 0; i < 400; i++) {
            double x = rnd.nextDouble() * 4;
            String c = colours[rnd.nextInt(3)];
            boolean f = rnd.nextBoolean();
            double score = 2 * x + (c.equals("red") ? 3 : 0) + (f ? 1 : -1);
            sb.append(1000 + i).append(',').append(rnd.nextInt(10) == 0 ? "" : String.format("%.3f", x)).append(',')
                    .append(c).append(',').append(f ? "yes" : "no").append(",note ").append(i).append(' ').append(rnd.nextInt())
                    .append(',').append(score > 4 ? "high" : "low").append('\n');
        }
        return CsvTables.read("rule.csv", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void learnsFromNumbersCategoriesAndBooleansAndTheSavedModelPredictsTheSame(@TempDir Path dir) throws IOException {
        Table t = ruleTable(1);
        TrainingOutcome out = new Trainer().train(t, TrainingRequest.of("label", TrainingSettings.defaults().withEpochs(60)),
                TrainingListener.NONE, new StopSignal());
        EvaluationResult.Classification r = (EvaluationResult.Classification) out.test();
        assertThat(r.accuracy()).isGreaterThan(0.85);
        assertThat(out.model().card().modelInputs()).hasSize(5).startsWith("x").endsWith("flag")
                .containsOnlyOnce("colour=red", "colour=green", "colour=blue");
        assertThat(out.model().card().ignoredColumns()).containsKeys("row_id", "remark");

        Path zip = dir.resolve("rule.zip");
        ModelFiles.save(out.model(), zip);
        TrainedModel loaded = ModelFiles.load(zip);
        Predictions a = out.model().predict(t);
        Predictions b = loaded.predict(t);
        assertThat(b.probabilities()).isDeepEqualTo(a.probabilities());

        // a colour never seen in training does not stop prediction
        Table fresh = CsvTables.read("new.csv", new ByteArrayInputStream("x,colour,flag\n1.5,purple,yes\n,red,no\n"
                .getBytes(StandardCharsets.UTF_8)));
        Predictions p = loaded.predict(fresh);
        assertThat(p.rows()).isEqualTo(2);
        assertThat(loaded.unseenCategories()).isEqualTo(1);
    }

    @Test
    void dropRowLeavesOutRowsWithMissingValuesAndRecordsHowMany() throws IOException {
        Table t = ruleTable(2);
        long missing = java.util.stream.IntStream.range(0, t.rowCount()).filter(r -> t.value(r, 1).isEmpty()).count();
        TrainingRequest req = TrainingRequest.of("label", TrainingSettings.defaults().withEpochs(3))
                .withPreparation(PreparationSettings.defaults().withMissing(MissingStrategy.DROP_ROW, null));
        TrainingOutcome out = new Trainer().train(t, req, TrainingListener.NONE, new StopSignal());
        assertThat(missing).isPositive();
        assertThat(out.model().card().dataset().droppedRows()).isEqualTo((int) missing);
        assertThat(out.model().card().dataset().trainRows() + out.model().card().dataset().validationRows()
                + out.model().card().dataset().testRows()).isEqualTo(400 - (int) missing);
    }

    @Test
    void minMaxAndNoNormalizationTrainAndRoundTrip(@TempDir Path dir) {
        Table iris = Samples.open(Samples.find("iris"));
        for (Normalization n : new Normalization[] {Normalization.MIN_MAX, Normalization.NONE}) {
            TrainingRequest req = TrainingRequest.of("species", TrainingSettings.defaults())
                    .withPreparation(PreparationSettings.defaults().withNormalization(n));
            TrainingOutcome out = new Trainer().train(iris, req, TrainingListener.NONE, new StopSignal());
            assertThat(((EvaluationResult.Classification) out.test()).accuracy()).as(n.id()).isGreaterThanOrEqualTo(0.8);
            assertThat(out.model().card().preprocessing().normalization()).isEqualTo(n.id());
            Path zip = dir.resolve(n.id() + ".zip");
            ModelFiles.save(out.model(), zip);
            assertThat(ModelFiles.load(zip).predict(iris).probabilities()).isDeepEqualTo(out.model().predict(iris).probabilities());
        }
    }

    @Test
    void classWeightsBalanceTheLossOverClasses() {
        int[] classes = {0, 0, 0, 0, 0, 0, 1, 1, 2, 0};
        int[] train = {0, 1, 2, 3, 4, 5, 6, 7};   // six of class 0, two of class 1, none of class 2
        double[] w = Trainer.classWeights(classes, train, 3);
        assertThat(w[0]).isEqualTo(8.0 / (3 * 6));
        assertThat(w[1]).isEqualTo(8.0 / (3 * 2));
        assertThat(w[2]).isZero();
    }

    @Test
    void weightedTrainingRunsOnAnImbalancedTable() {
        Table bc = Samples.open(Samples.find("breast_cancer"));
        TrainingRequest req = TrainingRequest.of("diagnosis", TrainingSettings.defaults().withEpochs(20))
                .withPreparation(PreparationSettings.defaults().withWeightClasses(true));
        TrainingOutcome out = new Trainer().train(bc, req, TrainingListener.NONE, new StopSignal());
        assertThat(((EvaluationResult.Classification) out.test()).accuracy()).isGreaterThan(0.9);
        assertThat(out.model().card().dataset().classWeights()).isTrue();
    }
}
