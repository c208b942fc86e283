package io.modelbench.bench;

import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.model.NetworkFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The session's LeNet (a ModelSpec) has the bare DL4J LeNet's shapes and parameters, so the two are comparable. */
class LeNetSpecTest {

    @Test
    void theSessionTrainsTheSameLeNetAsTheBareLoop() {
        var sum = NetworkFactory.summary(TrainingBench.LeNet.spec(), InputShape.image(28, 28, 1), 10, TaskType.CLASSIFICATION, 64, "adam");
        assertThat(sum.layers()).extracting(l -> l.outputShape())
                .containsExactly("20×24×24", "20×12×12", "50×8×8", "50×4×4", "500", "10");
        // conv 5·5·1·20+20, conv 5·5·20·50+50, dense 4·4·50·500+500, output 500·10+10
        assertThat(sum.totalParameters()).isEqualTo(520 + 25_050 + 400_500 + 5_010);
        // and 6 x the MACs the bench uses for GFLOP/s counts the same layers
        assertThat(TrainingBench.lenetForwardMacs()).isEqualTo(24L * 24 * 20 * 25 + 8L * 8 * 50 * 500 + 4L * 4 * 50 * 500 + 500L * 10);
    }
}
