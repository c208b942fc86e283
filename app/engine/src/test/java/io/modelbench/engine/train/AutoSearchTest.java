package io.modelbench.engine.train;

import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --auto} (issue 19): the search never reads the test split, picks a validation score at least the run's own
 * settings', and keeps to its time budget.
 */
class AutoSearchTest {

    /** Iris with a short budget of epochs, so that a candidate takes a moment. */
    private static TrainingRequest request() {
        TrainingSettings s = TrainingSettings.defaults().withSeed(3).withEpochs(12)
                .withOptimization(Optimization.defaults().withPatience(4));
        return TrainingRequest.of(Samples.find("iris").target(), s);
    }

    private static PreparedData iris(TrainingRequest r) {
        return new Trainer().prepare(Datasets.table(Samples.open(Samples.find("iris"))), r);
    }

    private static List<AutoSearch.Candidate> seen;
    private static AutoSearch.Result searched;

    /** One search on iris, shared by the tests that read it (each search trains five candidates). */
    @org.junit.jupiter.api.BeforeAll
    static void search() {
        seen = new ArrayList<>();
        searched = new AutoSearch(new Trainer()).search(iris(request()), request(), 600, new StopSignal(), seen::add);
    }

    @Test
    void theCandidatesAreScoredOnValidationAndNeverSeeTheTestRows() {
        TrainingRequest r = request();
        PreparedData clean = iris(r);
        // the same data with every test row made unreadable: any use of them would change a score or make it NaN
        float[][] x = Arrays.stream(clean.x()).map(float[]::clone).toArray(float[][]::new);
        int[] classes = clean.classes().clone();
        for (int row : clean.split().test()) {
            Arrays.fill(x[row], Float.NaN);
            classes[row] = 0;
        }
        PreparedData poisoned = new PreparedData(clean.schema(), clean.encoder(), x, classes, null, clean.split(), clean.sourceRow(),
                clean.sourceLine(), clean.source(), clean.sha256(), clean.sourceRows(), clean.dropped(), clean.shape(), null);
        assertThat(AutoSearch.withoutTest(clean).split().test()).isEmpty();

        AutoSearch.Result a = searched;
        AutoSearch.Result b = new AutoSearch(new Trainer()).search(poisoned, r, 600, new StopSignal(), c -> { });

        assertThat(a.tried()).hasSize(AutoSearch.candidates(r.training()).size()).isEqualTo(seen);
        assertThat(a.tried()).allSatisfy(c -> {
            assertThat(c.metricName()).isEqualTo("accuracy");
            assertThat(c.validationMetric()).isBetween(0.0, 1.0);
            // a score on the validation split: a whole number of its rows
            double rows = c.validationMetric() * clean.split().validation().length;
            assertThat(Math.abs(rows - Math.rint(rows))).isLessThan(1e-6);
        });
        assertThat(b.tried()).extracting(AutoSearch.Candidate::validationMetric)
                .containsExactlyElementsOf(a.tried().stream().map(AutoSearch.Candidate::validationMetric).toList());
        assertThat(b.chosen()).isEqualTo(a.chosen());
    }

    @Test
    void theChoiceScoresAtLeastTheRunsOwnSettingsOnValidation() {
        TrainingRequest r = request();
        AutoSearch.Result result = searched;
        AutoSearch.Candidate own = result.tried().get(0);
        assertThat(own.settings()).isEqualTo(AutoSearch.describe(r.training()));
        assertThat(result.tried()).allSatisfy(c -> assertThat(AutoSearch.better(c, result.best())).isFalse());
        assertThat(result.best().validationMetric()).isGreaterThanOrEqualTo(own.validationMetric());
        assertThat(result.description()).contains("on the validation split").contains(result.best().settings());
        assertThat(AutoSearch.describe(result.chosen())).isEqualTo(result.best().settings());
    }

    @Test
    void aShortBudgetTriesOnlyWhatFitsAndStopsACandidateThatRunsOver() {
        // 3,000 epochs of Iris take ~0.7 s even with the dense trainer (300 took 0.07 s: it fitted in the budget)
        TrainingRequest r = request().withTraining(request().training().withEpochs(3_000)
                .withOptimization(Optimization.defaults().withPatience(3_000)));
        AutoSearch.Result result = new AutoSearch(new Trainer()).search(iris(r), r, 0.05, new StopSignal(), c -> { });
        // the first candidate always runs; past the budget it is stopped after the epoch in progress, and no other starts
        assertThat(result.tried()).hasSize(1);
        assertThat(result.tried().get(0).stopped()).isTrue();
        assertThat(result.tried().get(0).keptEpoch()).isLessThan(3_000);
        assertThat(result.chosen()).isEqualTo(r.training());
    }

    @Test
    void theCandidatesVaryTheRateAndTheSizesAroundTheSettings() {
        TrainingSettings base = TrainingSettings.defaults().withLearningRate(0.003);
        List<TrainingSettings> c = AutoSearch.candidates(base);
        assertThat(c.get(0)).isEqualTo(base);
        assertThat(c).extracting(TrainingSettings::learningRate).contains(0.001, 0.003, 0.009);
        assertThat(c).extracting(TrainingSettings::hiddenLayers).contains(List.of(32, 16), List.of(16, 8), List.of(64, 32));
    }
}
