package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.TableDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's bar for the defaults: on each bundled table the median test score over five seeds (each its own split,
 * weights and shuffle) is at least the linear reference's median minus 0.02 accuracy / 0.03 R², and the spread across
 * seeds is bounded; also on a titanic-like table with missing values and categories. Iris runs always (three seeds); the
 * rest (minutes on a busy 2-core machine) with {@code -Dmodelbench.longTests=true}; the table with the numbers:
 * {@code modelbench-bench.jar defaults} (docs/PERFORMANCE.md, "How good are the defaults").
 * <p>
 * The spread bound follows the split: each seed is its own split, and the split alone moves the linear reference fitted
 * on it (diabetes: 0.309 … 0.485 R² over seeds 1–5, and the network's R² moves with it, correlation 0.96). So the
 * network's max − min across seeds may exceed the linear reference's max − min on the same splits by at most
 * {@code margin}: what the weights, the shuffle and early stopping may add. Measured with the shipped defaults, seeds 1–5
 * (2026-11-30, PERFORMANCE.md): iris +0.033 (0.100 vs 0.067), wine 0.000, breast cancer −0.018, digits −0.010, diabetes
 * +0.137 (0.313 vs 0.176); titanic-like survived 0.000, fare −0.022. The margins are about two test rows for
 * classification and 0.2 R² for diabetes; the old fixed defaults (diabetes −0.24 … 0.44) would fail it.
 */
class DefaultsTest {

    private static final boolean LONG = Boolean.getBoolean("modelbench.longTests");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris, 0.02, 0.067", "wine, 0.02, 0.056", "breast_cancer, 0.02, 0.018", "diabetes, 0.03, 0.20", "digits, 0.02, 0.011"})
    void theDefaultsScoreAtLeastTheLinearReferenceAndScatterLittleMoreThanIt(String id, double tolerance, double margin) {
        org.junit.jupiter.api.Assumptions.assumeTrue(id.equals("iris") || LONG, "the other tables run with -Dmodelbench.longTests=true");
        String only = System.getProperty("modelbench.tables"); // e.g. -Dmodelbench.tables=diabetes,wine: just these
        org.junit.jupiter.api.Assumptions.assumeTrue(only == null || List.of(only.split(",")).contains(id), "not in -Dmodelbench.tables");
        Samples.Sample sample = Samples.find(id);
        check(Datasets.table(Samples.open(sample)), sample.target(), List.of(), tolerance, margin);
    }

    /**
     * The issue's own check, on a table ModelBench's defaults were not measured on: a passenger-survival-like table with
     * missing ages, categories (sex, port, class) and text columns, for a class and for a number (the fare).
     */
    @ParameterizedTest(name = "titanic-like, {0}")
    @CsvSource({"survived, 0.02, 0.03", "Fare, 0.03, 0.03"})
    void onATableWithMissingValuesAndCategoriesTooTheDefaultsScoreAtLeastTheLinearReference(String target, double tolerance,
                                                                                           double margin) throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(LONG, "runs with -Dmodelbench.longTests=true");
        try (java.io.InputStream in = DefaultsTest.class.getResourceAsStream("/trust/titanic_like.csv")) {
            TableDataset data = Datasets.table(io.modelbench.engine.data.CsvTables.read("titanic_like.csv", in));
            check(data, target, List.of("PassengerId", "alive", target.equals("Fare") ? "survived" : "Fare"), tolerance, margin);
        }
    }

    /**
     * Median over {@link #SEEDS} seeds (each its own split, weights and shuffle) at least the linear reference's median
     * minus {@code tolerance}, and max − min of the network's scores at most the linear reference's max − min on the same
     * splits plus {@code margin}.
     */
    private static void check(TableDataset data, String target, List<String> ignore, double tolerance, double margin) {
        int seeds = LONG ? 5 : 3;
        double[] net = new double[seeds];
        double[] linear = new double[seeds];
        for (int seed = 1; seed <= seeds; seed++) {
            SplitSettings split = SplitSettings.defaults(seed);
            TrainingSettings settings = Defaults.adapt(TrainingSettings.defaults().withSeed(seed), data.table().rowCount(), split, Set.of());
            TrainingRequest request = new TrainingRequest(target, null, ignore, split, settings);
            TrainingOutcome out = new Trainer().train(data, request, TrainingListener.NONE, new StopSignal(), null);
            net[seed - 1] = score(out.test());
            linear[seed - 1] = score(out.reference());
        }
        String seen = "network " + Arrays.toString(net) + ", linear " + Arrays.toString(linear);
        Arrays.sort(net);
        Arrays.sort(linear);
        System.out.println(data.source() + " " + target + ": " + seen);
        assertThat(net[seeds / 2]).as(seen).isGreaterThanOrEqualTo(linear[seeds / 2] - tolerance);
        assertThat(net[seeds - 1] - net[0]).as("spread across seeds, " + seen)
                .isLessThanOrEqualTo(linear[seeds - 1] - linear[0] + margin + 1e-9);
    }

    @Test
    void smallTablesGetMoreEpochsLargeOnesLargerBatchesAndWhatTheUserChoseStays() {
        SplitSettings split = SplitSettings.defaults(1);
        TrainingSettings small = Defaults.adapt(TrainingSettings.defaults(), 150, split, Set.of());
        TrainingSettings large = Defaults.adapt(TrainingSettings.defaults(), 100_000, split, Set.of());
        assertThat(small.batchSize()).isEqualTo(16);
        assertThat(large.batchSize()).isEqualTo(64);
        assertThat(small.epochs()).isGreaterThan(large.epochs());
        assertThat(large.epochs()).isEqualTo(Defaults.MIN_EPOCHS);
        assertThat(small.optimization().patience()).isEqualTo(Defaults.patience(small.epochs()));
        assertThat(small.optimization().weightDecay()).isEqualTo(Defaults.WEIGHT_DECAY);
        TrainingSettings mine = TrainingSettings.defaults().withEpochs(7).withLearningRate(0.05);
        TrainingSettings kept = Defaults.adapt(mine, 150, split, EnumSet.of(Defaults.Setting.EPOCHS, Defaults.Setting.LEARNING_RATE));
        assertThat(kept.epochs()).isEqualTo(7);
        assertThat(kept.learningRate()).isEqualTo(0.05);
        assertThat(kept.optimization().patience()).isEqualTo(10);
        // no validation split: nothing to stop on
        assertThat(Defaults.adapt(mine, 150, new SplitSettings(0.2, 0, 1), Set.of()).optimization().patience()).isZero();
    }

    private static double score(EvaluationResult r) {
        return r instanceof EvaluationResult.Regression g ? g.r2() : ((EvaluationResult.Classification) r).accuracy();
    }
}
