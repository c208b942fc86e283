package io.modelbench.engine.sweep;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AshaTest {

    @Test
    void rungsAreTheEpochsDividedByPowersOfThree() {
        assertThat(new Asha(27).rungs()).isEqualTo(List.of(1, 3, 9));
        assertThat(new Asha(30).rungs()).isEqualTo(List.of(1, 3, 10));
        assertThat(new Asha(2).rungs()).isEmpty();
    }

    @Test
    void aTrialBehindTheBestThirdAtARungIsStoppedThereAndTheFirstAlwaysGoesOn() {
        Asha asha = new Asha(27);
        assertThat(asha.keepGoing(1, 2, "accuracy", 0.5, 1.0)).as("not a rung").isTrue();
        assertThat(asha.keepGoing(1, 3, "accuracy", 0.5, 1.0)).as("first at the rung").isTrue();
        assertThat(asha.keepGoing(2, 3, "accuracy", 0.9, 0.3)).as("better than the one before").isTrue();
        assertThat(asha.keepGoing(3, 3, "accuracy", 0.6, 0.8)).as("behind the best of three").isFalse();
        assertThat(asha.keepGoing(4, 3, "accuracy", 0.9, 0.2)).as("ties on accuracy, lower loss").isTrue();
        assertThat(asha.keepGoing(5, 3, "rmse", 99, 99)).isFalse();
        // a restarted sweep restores what the rungs recorded
        Asha again = new Asha(27);
        again.restore(asha.recorded());
        assertThat(again.keepGoing(6, 3, "accuracy", 0.7, 0.5)).isFalse();
        assertThat(again.recorded().get(3)).hasSize(6);
    }

    @Test
    void forRmseLowerIsBetter() {
        Asha asha = new Asha(9);
        assertThat(asha.keepGoing(1, 1, "rmse", 10, 100)).isTrue();
        assertThat(asha.keepGoing(2, 1, "rmse", 20, 400)).isFalse();
        assertThat(asha.keepGoing(3, 1, "rmse", 5, 25)).isTrue();
    }
}
