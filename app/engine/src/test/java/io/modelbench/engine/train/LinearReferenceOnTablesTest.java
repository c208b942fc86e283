package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.eval.LinearReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The linear reference on the bundled tables, over three seeds' splits, against what scikit-learn's LogisticRegression
 * and Ridge score on such splits (issue 19's table: wine 0.97, breast cancer 0.98, digits 0.97, diabetes R² 0.44). How
 * long a fit takes is not asserted here (a timed unit test fails on a busy shared machine: 13 s under load 17 against
 * 0.5 s alone); the time is what the bench's defaults part reports.
 */
class LinearReferenceOnTablesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris, 0.90", "wine, 0.94", "breast_cancer, 0.95", "diabetes, 0.38", "digits, 0.94"})
    void theReferenceScoresAsALinearModelShould(String id, double atLeast) {
        Samples.Sample sample = Samples.find(id);
        TableDataset data = Datasets.table(Samples.open(sample));
        double[] scores = new double[3];
        for (int seed = 1; seed <= 3; seed++) {
            PreparedData p = new Trainer().prepare(data, TrainingRequest.of(sample.target(), TrainingSettings.defaults().withSeed(seed)));
            LinearReference.Result r = TestReport.reference(p);
            assertThat(r.test().rows()).isEqualTo(p.split().test().length);
            scores[seed - 1] = r.test() instanceof EvaluationResult.Regression g ? g.r2()
                    : ((EvaluationResult.Classification) r.test()).accuracy();
        }
        Arrays.sort(scores);
        assertThat(scores[1]).as("median of " + Arrays.toString(scores)).isGreaterThanOrEqualTo(atLeast);
    }
}
