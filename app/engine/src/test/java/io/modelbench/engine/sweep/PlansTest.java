package io.modelbench.engine.sweep;

import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.Trial;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PlansTest {

    private final SearchSpace space = SpaceJson.parse("""
            {"learning_rate": {"min": 0.001, "max": 0.1, "scale": "log"}, "hidden": [[16], [32, 16]],
             "batch_size": {"min": 8, "max": 64, "grid": 4}, "optimizer": ["adam", "sgd"]}""", "space");

    @Test
    void theGridCoversEveryPointOnce() {
        assertThat(Plans.gridSize(space)).isEqualTo(3 * 2 * 4 * 2);
        List<Trial> grid = Plans.plan(space, SweepStrategy.GRID, 1000, 1);
        assertThat(grid).hasSize(48);
        Set<Map<String, Object>> points = new HashSet<>();
        grid.forEach(t -> points.add(t.params()));
        assertThat(points).as("no point twice").hasSize(48);
        assertThat(grid).extracting(t -> t.params().get("learning_rate")).containsOnly(0.001, 0.01, 0.1);
        assertThat(grid).extracting(t -> t.params().get("batch_size")).containsOnly(8, 27, 45, 64);
        assertThat(grid).extracting(Trial::number).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 48).boxed().toList());
    }

    @Test
    void aGridLargerThanTheTrialsIsSampledEvenlyFromItsOwnPoints() {
        List<Trial> all = Plans.grid(space, 1000);
        List<Trial> six = Plans.grid(space, 6);
        assertThat(six).hasSize(6);
        assertThat(six).allSatisfy(t -> assertThat(all).extracting(Trial::params).contains(t.params()));
        assertThat(six).extracting(t -> t.params().get("learning_rate")).contains(0.001, 0.01, 0.1);
    }

    @Test
    void randomDrawsAreReproducibleBySeedAndStayInTheSpace() {
        List<Trial> a = Plans.plan(space, SweepStrategy.RANDOM, 20, 7);
        assertThat(Plans.plan(space, SweepStrategy.RANDOM, 20, 7)).isEqualTo(a);
        assertThat(Plans.plan(space, SweepStrategy.RANDOM, 20, 8)).isNotEqualTo(a);
        assertThat(Plans.plan(space, SweepStrategy.ASHA, 20, 7)).as("ASHA draws as random does").isEqualTo(a);
        assertThat(a).allSatisfy(t -> {
            double lr = (Double) t.params().get("learning_rate");
            assertThat(lr).isBetween(0.001, 0.1);
            assertThat((Integer) t.params().get("batch_size")).isBetween(8, 64);
            assertThat(t.params().get("hidden")).isIn(List.of(16), List.of(32, 16));
        });
        // log-uniform: about as many draws below 0.01 (the geometric middle) as above it
        long below = Plans.random(space, 400, 3).stream().filter(t -> (Double) t.params().get("learning_rate") < 0.01).count();
        assertThat(below).isBetween(150L, 250L);
    }
}
