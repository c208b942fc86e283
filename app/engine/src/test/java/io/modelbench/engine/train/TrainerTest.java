package io.modelbench.engine.train;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerTest {

    private final Trainer trainer = new Trainer();

    @Test
    void irisReachesNinetyPercentOnTheHeldOutTestSplit() {
        Table iris = TestTables.iris();
        List<TrainingEvent> events = new ArrayList<>();
        TrainingOutcome out = trainer.train(iris, TrainingRequest.of("species", TrainingSettings.defaults()),
                events::add, new StopSignal());

        EvaluationResult.Classification test = (EvaluationResult.Classification) out.test();
        assertThat(test.rows()).isEqualTo(30);
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.90);
        assertThat(out.epochsCompleted()).isEqualTo(TrainingSettings.DEFAULT_EPOCHS);
        assertThat(events.get(0)).isInstanceOf(TrainingEvent.Started.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        List<TrainingEvent.EpochDone> epochs = events.stream()
                .filter(TrainingEvent.EpochDone.class::isInstance).map(TrainingEvent.EpochDone.class::cast).toList();
        assertThat(epochs).hasSize(TrainingSettings.DEFAULT_EPOCHS);
        assertThat(epochs.get(epochs.size() - 1).trainingLoss()).isLessThan(epochs.get(0).trainingLoss());
        assertThat(epochs.get(epochs.size() - 1).validationLoss()).isFinite();
        assertThat(out.samplesPerSecond()).isPositive();
    }
}
