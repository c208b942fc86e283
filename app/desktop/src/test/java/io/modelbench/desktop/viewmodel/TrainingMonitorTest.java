package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.app.RunEvent;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingMonitorTest {

    @Test
    void aBatchOfThousandsOfEpochsReachesTheLogAsOneChangeKeepingTheLastLinesUpToTheLimit() {
        TrainingMonitor m = new TrainingMonitor(() -> false, () -> true);
        int[] changes = {0};
        m.log.addListener((ListChangeListener<String>) c -> changes[0]++);
        List<RunEvent> batch = new ArrayList<>();
        batch.add(new RunEvent.Training(new TrainingEvent.Started(5_000, 8, 120, 30, TaskType.CLASSIFICATION)));
        for (int e = 1; e <= 2_500; e++) {
            batch.add(new RunEvent.Training(new TrainingEvent.EpochDone(e, 5_000, 0.5, 0.4, "accuracy", 0.9, 50_000, e, 1e-3)));
        }
        m.applyRun(batch);
        assertThat(m.log).hasSize(TrainingMonitor.LOG_LIMIT);
        assertThat(m.log.get(m.log.size() - 1)).contains("Epoch 2500/5000");
        assertThat(m.log.get(0)).contains("Epoch " + (2_500 - TrainingMonitor.LOG_LIMIT + 1) + "/5000");
        // the Started line, then the epochs: a removal and an addition at most each, not two changes per epoch
        assertThat(changes[0]).isLessThanOrEqualTo(3);
        assertThat(m.points).hasSize(2_500);

        batch.clear();
        batch.add(new RunEvent.Training(new TrainingEvent.EpochDone(2_501, 5_000, 0.5, 0.4, "accuracy", 0.9, 50_000, 2_501, 1e-3)));
        m.applyRun(batch);
        assertThat(m.log).hasSize(TrainingMonitor.LOG_LIMIT);
        assertThat(m.log.get(m.log.size() - 1)).contains("Epoch 2501/5000");
    }
}
