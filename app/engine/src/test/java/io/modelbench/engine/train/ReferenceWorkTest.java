package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.eval.LinearReference;
import io.modelbench.engine.eval.TrustNotes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference and shared-row count a session gets from {@link ReferenceWork} (prepared on a thread of their own,
 * the logistic regression fitted after the epochs) are the ones computed directly, for a classification table (the
 * prepared path) and a regression table (ridge, computed at the end as before).
 */
class ReferenceWorkTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iris", "digits", "diabetes"})
    void preparedAheadTheReferenceAndTheSharedRowsAreThoseComputedDirectly(String id) {
        Samples.Sample sample = Samples.find(id);
        TableDataset data = Datasets.table(Samples.open(sample));
        PreparedData p = new Trainer().prepare(data, TrainingRequest.of(sample.target(),
                TrainingSettings.defaults().withSeed(7)));
        LinearReference.Result direct = TestReport.reference(p);
        int shared = TrustNotes.sharedRows(p.x(), p.classes(), p.y(), p.split().train(), p.split().test());

        ReferenceWork.Result ahead;
        try (ReferenceWork work = ReferenceWork.start(p)) {
            ahead = work.finish();
        }
        assertThat(ahead.sharedRows()).isEqualTo(shared);
        assertThat(ahead.linear().description()).isEqualTo(direct.description());
        assertThat(ahead.linear().penalty()).isEqualTo(direct.penalty());
        if (direct.test() instanceof EvaluationResult.Classification c) {
            EvaluationResult.Classification a = (EvaluationResult.Classification) ahead.linear().test();
            assertThat(a.accuracy()).isEqualTo(c.accuracy());
            assertThat(a.aucPerClass()).isEqualTo(c.aucPerClass());
        } else {
            assertThat(((EvaluationResult.Regression) ahead.linear().test()).rmse())
                    .isEqualTo(((EvaluationResult.Regression) direct.test()).rmse());
        }
    }
}
