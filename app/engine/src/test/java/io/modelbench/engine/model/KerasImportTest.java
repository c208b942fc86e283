package io.modelbench.engine.model;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.TaskType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keras 2 .h5 files (written by src/test/resources/keras/make_models.py) become editable layer lists. */
class KerasImportTest {

    private static Path resource(String name) throws Exception {
        return Path.of(KerasImportTest.class.getResource("/keras/" + name).toURI());
    }

    @Test
    void aDenseModelKeepsItsLayersAndTheOutputFollowsTheData() throws Exception {
        KerasImport.Result r = KerasImport.read(resource("mlp.h5"));
        assertThat(r.input()).isEqualTo(InputShape.vector(4));
        assertThat(r.outputs()).isEqualTo(3);
        assertThat(r.spec().name()).isEqualTo("keras:mlp");
        assertThat(r.spec().layers()).containsExactly(
                new LayerSpec("dense", 16, 0, 0, null, "relu", 0, "xavier", 0.001),
                LayerSpec.dropoutLayer(0.2),
                new LayerSpec("dense", 8, 0, 0, null, "tanh", 0, "xavier", 0));
        assertThat(r.notImported()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("'dense_2'") && n.contains("output layer"))
                .anyMatch(n -> n.contains("weights are not imported"));
        // and it builds for the data it was made for
        assertThat(NetworkFactory.summary(r.spec(), r.input(), 3, TaskType.CLASSIFICATION, 16, "adam").totalParameters())
                .isEqualTo(4 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3);
    }

    @Test
    void aCnnListsWhatCouldNotBeImported() throws Exception {
        KerasImport.Result r = KerasImport.read(resource("cnn.h5"));
        assertThat(r.input()).isEqualTo(InputShape.image(8, 8, 1));
        assertThat(r.spec().layers()).extracting(LayerSpec::describe)
                .containsExactly("conv 3×3 ×6, relu", "batch norm", "max pool 2×2", "dense 32, relu");
        assertThat(r.spec().layers().get(0).weightInit()).isEqualTo("relu"); // HeNormal
        assertThat(r.notImported()).containsExactly("layer 4 'gaussian_noise' (GaussianNoise): ModelBench has no such layer; it was left out");
        assertThat(NetworkFactory.summary(r.spec(), r.input(), 10, TaskType.CLASSIFICATION, 16, "adam").layers()
                .get(2).outputShape()).isEqualTo("6×4×4");
    }

    @Test
    void filesThatAreNotKerasModelsGetAMessage(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.h5"), "not hdf5");
        assertThatThrownBy(() -> KerasImport.read(text)).isInstanceOf(InputException.class)
                .hasMessageContaining("notes.h5").hasMessageContaining("Keras");
        assertThatThrownBy(() -> KerasImport.read(dir.resolve("missing.h5"))).isInstanceOf(InputException.class)
                .hasMessageContaining("does not exist");
    }
}
