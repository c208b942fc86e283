package io.modelbench.engine.model;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.ModelSummary;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.io.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkFactoryTest {

    private static final TrainingSettings S = TrainingSettings.defaults();

    @Test
    void theCnnTemplatesShapesAndParameterCountMatchDl4j() {
        InputShape digits = InputShape.image(8, 8, 1);
        ModelSummary sum = NetworkFactory.summary(ModelSpec.cnn(), digits, 10, TaskType.CLASSIFICATION, 32, "adam");
        assertThat(sum.layers()).extracting(l -> l.type() + " " + l.outputShape()).containsExactly(
                "Conv 5×5 20×8×8", "Max pool 2×2 20×4×4", "Conv 5×5 50×4×4", "Max pool 2×2 50×2×2",
                "Dense 128", "Dropout 0.5 128", "Output (cross-entropy) 10");
        MultiLayerNetwork net = NetworkFactory.build(ModelSpec.cnn(), digits, 10, TaskType.CLASSIFICATION, S, null);
        assertThat(sum.totalParameters()).isEqualTo(net.numParams());
        assertThat(sum.trainingMemoryBytes()).isGreaterThan(4 * sum.totalParameters());
        assertThat(NetworkFactory.summary(ModelSpec.cnn(), digits, 10, TaskType.CLASSIFICATION, 256, "adam").trainingMemoryBytes())
                .isGreaterThan(sum.trainingMemoryBytes());
    }

    @Test
    void everyLayerKindBuildsWithTheCountedParameters() {
        ModelSpec spec = new ModelSpec("mixed", List.of(
                new LayerSpec("conv", 8, 3, 2, "valid", "elu", 0.1, "xavier", 1e-4),
                LayerSpec.batchNorm(),
                new LayerSpec("avgpool", 0, 2, 0, "same", null, 0, null, 0),
                LayerSpec.dense(16).withActivation("tanh").withDropout(0.2),
                LayerSpec.batchNorm(),
                LayerSpec.dropoutLayer(0.3)));
        InputShape rgb = InputShape.image(17, 15, 3);
        ModelSummary sum = NetworkFactory.summary(spec, rgb, 1, TaskType.REGRESSION, 16, "sgd");
        assertThat(sum.layers().get(0).outputShape()).isEqualTo("8×8×7");
        assertThat(sum.layers().get(2).outputShape()).isEqualTo("8×4×4");
        MultiLayerNetwork net = NetworkFactory.build(spec, rgb, 1, TaskType.REGRESSION, S, null);
        assertThat(sum.totalParameters()).isEqualTo(net.numParams());
        assertThat(net.output(org.nd4j.linalg.factory.Nd4j.rand(2, 17 * 15 * 3)).shape()).containsExactly(2, 1);
    }

    @Test
    void aLayerThatDoesNotFitIsNamed() {
        ModelSpec tooDeep = new ModelSpec("x", List.of(LayerSpec.maxPool(2), LayerSpec.maxPool(2),
                new LayerSpec("conv", 4, 5, 1, "valid", null, 0, null, 0)));
        assertThatThrownBy(() -> NetworkFactory.summary(tooDeep, InputShape.image(8, 8, 1), 10, TaskType.CLASSIFICATION, 16, "adam"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("layer 3 (conv 5×5 ×4, relu)")
                .hasMessageContaining("its input is 2×2, smaller than its 5×5 window");
        assertThatThrownBy(() -> NetworkFactory.summary(ModelSpec.cnn(), InputShape.vector(4), 3, TaskType.CLASSIFICATION, 16, "adam"))
                .isInstanceOf(InputException.class).hasMessageContaining("need image data; for a table use dense layers");
        ModelSpec convAfterDense = new ModelSpec("x", List.of(LayerSpec.dense(8), LayerSpec.conv(4, 3)));
        assertThatThrownBy(() -> NetworkFactory.summary(convAfterDense, InputShape.image(8, 8, 1), 10, TaskType.CLASSIFICATION, 16, "adam"))
                .hasMessageContaining("must come before the first dense layer");
        assertThatThrownBy(() -> new LayerSpec("conv", 4, 3, 1, "same", "softsign", 0, null, 0))
                .hasMessageContaining("'activation' = 'softsign'");
        assertThatThrownBy(() -> LayerSpec.dense(8).withDropout(1.0)).hasMessageContaining("from 0 (none) to below 1");
    }

    @Test
    void theMlpIsTheSameNetworkAsBefore() {
        // MlpFactory now builds through NetworkFactory: same layers, same parameters for the same seed
        MultiLayerNetwork a = MlpFactory.build(4, new io.modelbench.engine.api.DataSchema(List.of("a", "b", "c", "d"), "y",
                TaskType.CLASSIFICATION, List.of("p", "q", "r")), S, null);
        MultiLayerNetwork b = NetworkFactory.build(ModelSpec.mlp(List.of(32, 16)), InputShape.vector(4), 3, TaskType.CLASSIFICATION, S, null);
        assertThat(a.params()).isEqualTo(b.params());
        assertThat(a.numParams()).isEqualTo(4 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3);
    }

    @Test
    void specsRoundTripThroughJsonWithDefaultsFilledIn() throws Exception {
        String json = "{\"name\":\"tiny\",\"layers\":[{\"type\":\"conv\",\"units\":6,\"kernel\":3},{\"type\":\"maxpool\"},{\"type\":\"dense\",\"units\":32,\"dropout\":0.25}]}";
        ModelSpec spec = Json.mapper().readValue(json, ModelSpec.class);
        assertThat(spec.layers().get(1).kernel()).isEqualTo(2);
        assertThat(spec.layers().get(1).stride()).isEqualTo(2);
        assertThat(spec.layers().get(0).activation()).isEqualTo("relu");
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(spec), ModelSpec.class)).isEqualTo(spec);
    }
}
