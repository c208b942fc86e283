package io.modelbench.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SmallBenchTest {

    @Test
    void eachPhaseLastsFromThePreviousMarkAndTheExitFromTheLastMarkToTheEnd() {
        List<String> stderr = List.of(
                "modelbench-phase 1000050 JVM started, main class loaded",
                "settings: 50 epochs at most",
                "modelbench-phase 1000650 table read",
                "modelbench-phase 1002650 epochs done; epochs 50; fit 1.500 s; validation 0.125 s",
                "modelbench-phase 1002950 model zip written");

        Map<String, Double> phases = SmallBench.phases(stderr, 1_000_000, 1_003_000);

        assertThat(phases.keySet()).containsExactly("phase: JVM started, main class loaded", "phase: table read", "phase: epochs done",
                "phase:   of which fit", "phase:   of which validation", "phase: model zip written", "phase: JVM exit, as the parent saw it");
        assertThat(phases.get("phase: JVM started, main class loaded")).isCloseTo(0.05, within(1e-9));
        assertThat(phases.get("phase: table read")).isCloseTo(0.6, within(1e-9));
        assertThat(phases.get("phase: epochs done")).isCloseTo(2.0, within(1e-9));
        assertThat(phases.get("phase:   of which fit")).isCloseTo(1.5, within(1e-9));
        assertThat(phases.get("phase:   of which validation")).isCloseTo(0.125, within(1e-9));
        assertThat(phases.get("phase: JVM exit, as the parent saw it")).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void aRunWithoutMarksHasNoPhases() {
        assertThat(SmallBench.phases(List.of("error: something"), 0, 10)).isEmpty();
    }
}
