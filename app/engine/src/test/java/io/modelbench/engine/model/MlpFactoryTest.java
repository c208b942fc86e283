package io.modelbench.engine.model;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MlpFactoryTest {

    @Test
    void theSummaryCountsTheSameParametersAsDl4j() {
        for (TaskType task : TaskType.values()) {
            DataSchema s = new DataSchema(List.of("a", "b", "c", "d", "e"), "y", task,
                    task == TaskType.CLASSIFICATION ? List.of("p", "q", "r") : List.of());
            TrainingSettings settings = TrainingSettings.defaults().withHiddenLayers(List.of(7, 5, 3));
            MultiLayerNetwork net = MlpFactory.build(s, settings);
            assertThat(MlpFactory.summary(s, settings).totalParameters()).isEqualTo(net.numParams());
            assertThat(MlpFactory.summary(s, settings).layers()).hasSize(net.getnLayers());
        }
    }
}
