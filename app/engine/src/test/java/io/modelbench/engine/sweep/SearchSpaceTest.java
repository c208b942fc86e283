package io.modelbench.engine.sweep;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchSpaceTest {

    private static final String SPACE = """
            {"learning_rate": {"min": 0.0001, "max": 0.1, "scale": "log"}, "batch_size": [16, 32],
             "optimizer": ["adam", "Nesterov"], "epochs": 30, "hidden": [[32, 16], [64]], "dropout": {"min": 0, "max": 0.5, "grid": 2},
             "weight_decay": {"min": 0.00001, "max": 0.01, "scale": "log"}, "filters": [20, 50]}""";

    @Test
    void aSpaceReadsRangesListsSingleValuesAndLayerSizes() {
        SearchSpace s = SpaceJson.parse(SPACE, "space.json");
        assertThat(s.get("learning_rate")).isEqualTo(new SearchSpace.Range("learning_rate", 0.0001, 0.1, true, false, 3));
        assertThat(s.get("batch_size")).isEqualTo(new SearchSpace.Choice("batch_size", List.of(16, 32)));
        assertThat(s.get("optimizer")).isEqualTo(new SearchSpace.Choice("optimizer", List.of("adam", "nesterov")));
        assertThat(s.get("epochs")).isEqualTo(new SearchSpace.Choice("epochs", List.of(30)));
        assertThat(s.get("hidden")).isEqualTo(new SearchSpace.Choice("hidden", List.of(List.of(32, 16), List.of(64))));
        assertThat(s.get("filters")).as("one list of sizes is one value").isEqualTo(new SearchSpace.Choice("filters", List.of(List.of(20, 50))));
        assertThat(((SearchSpace.Range) s.get("dropout")).gridPoints()).isEqualTo(2);
        // what sweep.json records reads back as the same space
        assertThat(SpaceJson.parse(SpaceJson.write(s), "sweep.json")).isEqualTo(s);
    }

    @Test
    void badSpacesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SpaceJson.parse("{\"learning_rate\": [0.1,", "s.json")).isInstanceOf(InputException.class)
                .hasMessageContaining("s.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SpaceJson.parse("{\"lr\": [0.1]}", "s.json")).hasMessageContaining("'lr'").hasMessageContaining("learning_rate");
        assertThatThrownBy(() -> SpaceJson.parse("{\"dropout\": {\"min\": 0.5, \"max\": 0.1}}", "s.json"))
                .hasMessageContaining("dropout").hasMessageContaining("min is at most its max");
        assertThatThrownBy(() -> SpaceJson.parse("{\"batch_size\": []}", "s.json")).hasMessageContaining("batch_size")
                .hasMessageContaining("at least one value");
        assertThatThrownBy(() -> SpaceJson.parse("{\"learning_rate\": {\"min\": 0, \"max\": 0.1, \"scale\": \"log\"}}", "s.json"))
                .hasMessageContaining("log scale needs a min above 0");
        assertThatThrownBy(() -> SpaceJson.parse("{\"optimizer\": [\"adamw\"]}", "s.json")).hasMessageContaining("optimizer")
                .hasMessageContaining("sgd");
        assertThatThrownBy(() -> SpaceJson.parse("{\"batch_size\": [16.5]}", "s.json")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> SpaceJson.parse("{\"dropout\": [1.5]}", "s.json")).hasMessageContaining("dropout");
        assertThatThrownBy(() -> SpaceJson.parse("{}", "s.json")).hasMessageContaining("search space is empty");
    }

    @Test
    void aTrialsValuesGoIntoTheSettingsAndTheLayers() {
        TrainingSettings base = TrainingSettings.defaults();
        TrainingSettings t = TrialSettings.apply(base, Map.of("learning_rate", 0.02, "batch_size", 64, "optimizer", "sgd",
                "hidden", List.of(64, 8), "dropout", 0.25, "weight_decay", 0.001, "epochs", 7));
        assertThat(t.learningRate()).isEqualTo(0.02);
        assertThat(t.batchSize()).isEqualTo(64);
        assertThat(t.epochs()).isEqualTo(7);
        assertThat(t.optimization().optimizer()).isEqualTo("sgd");
        assertThat(t.optimization().weightDecay()).isEqualTo(0.001);
        assertThat(t.spec().layers()).extracting(LayerSpec::units).containsExactly(64, 8);
        assertThat(t.spec().layers()).extracting(LayerSpec::dropout).containsExactly(0.25, 0.25);

        TrainingSettings cnn = TrialSettings.apply(base.withModel(ModelSpec.cnn()), Map.of("filters", List.of(8, 16), "dropout", 0.3,
                "hidden", List.of(32)));
        assertThat(cnn.spec().layers().stream().filter(l -> l.type().equals("conv"))).extracting(LayerSpec::units).containsExactly(8, 16);
        assertThat(cnn.spec().layers().stream().filter(l -> l.type().equals("dense"))).extracting(LayerSpec::units).containsExactly(32);
        assertThat(cnn.spec().layers().stream().filter(l -> l.type().equals("dropout"))).extracting(LayerSpec::dropout).containsExactly(0.3);

        assertThatThrownBy(() -> TrialSettings.apply(base, Map.of("filters", List.of(8, 16)))).hasMessageContaining("Filters are for a CNN");
        assertThatThrownBy(() -> TrialSettings.apply(base.withModel(ModelSpec.cnn()), Map.of("filters", List.of(8))))
                .hasMessageContaining("2 conv layer(s)");
    }
}
