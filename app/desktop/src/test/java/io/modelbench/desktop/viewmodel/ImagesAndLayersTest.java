package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** Image folders through every page, and the layer editor with undo/redo, driven without a UI toolkit. */
class ImagesAndLayersTest {

    private final Executor direct = Runnable::run;
    private MainViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
    }

    @Test
    void anImageFolderTrainsWithTheCnnAndIsBrowsableTriableAndExportable(@TempDir Path dir) throws Exception {
        Path folder = Samples.unpackImages(Samples.find("digits_images"), dir.resolve("samples"));
        vm.data().openFile(folder);
        assertThat(vm.data().errorProperty().get()).isEmpty();
        assertThat(vm.data().getImageClasses()).hasSize(10);
        assertThat(vm.data().getImageClasses().get(3).count()).isEqualTo(183);
        assertThat(vm.data().getImageClasses().get(3).thumbnails()).hasSize(12).allMatch(u -> u.startsWith("file:") && u.contains("/3/"));
        assertThat(vm.data().summaryProperty().get()).contains("1,797 images in 10 classes").contains("8×8 grayscale");
        assertThat(vm.data().imageWidthProperty().get()).isEqualTo("8");

        // the Model page switched to the CNN template for images
        assertThat(vm.model().currentSpec()).isEqualTo(ModelSpec.cnn());
        assertThat(vm.model().parametersProperty().get()).contains("8×8 grayscale images").contains("→ 10 outputs");

        vm.data().augmentShiftProperty().set("1");
        assertThat(vm.data().errorProperty().get()).isEmpty();
        assertThat(vm.data().imagesProperty().get().settings().augmentation().shiftPixels()).isEqualTo(1);
        assertThat(vm.model().currentSpec()).isEqualTo(ModelSpec.cnn()); // same kind of data: the layers stay

        vm.train().epochsProperty().set("3");
        vm.train().learningRateProperty().set("0.002");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        EvaluationResult.Classification c = (EvaluationResult.Classification) vm.evaluate().resultProperty().get();
        assertThat(c.accuracy()).isGreaterThan(0.85);
        var row = vm.evaluate().getShownRows().get(0);
        assertThat(vm.evaluate().rowName(row)).matches("\\d/\\d{4}\\.png");
        assertThat(vm.evaluate().imageUri(row)).startsWith("file:");

        assertThat(vm.runs().getRuns().get(0).settings()).containsEntry("images", "8×8 grayscale, pixels 0..1")
                .containsEntry("augmentation", "shift 1 px").doesNotContainKey("scaling");
        assertThat(vm.tryIt().imageModelProperty().get()).isTrue();
        vm.tryIt().tryImage(folder.resolve("7/0007.png"));
        assertThat(vm.tryIt().predictionProperty().get()).startsWith("7 (");
        assertThat(vm.tryIt().getProbabilities()).hasSize(10);

        Path csv = dir.resolve("digits.csv");
        vm.export().exportPredictions(csv);
        assertThat(vm.export().errorProperty().get()).isEmpty();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1798);
        assertThat(lines.get(0)).startsWith("file,class,prediction,p_0");
        Path zip = dir.resolve("digits.zip");
        vm.export().export(zip);
        assertThat(vm.export().messageProperty().get()).contains("identical predictions on all 1,797 images");
        assertThat(vm.export().snippetProperty().get()).contains("ImageIO.read").contains("int w = 8, h = 8, channels = 1");

        // back to a table: the MLP again
        vm.data().openSample(Samples.find("iris"));
        assertThat(vm.model().currentSpec().hasSpatialLayers()).isFalse();
        assertThat(vm.tryIt().imageModelProperty().get()).isFalse();
    }

    @Test
    void theLayerEditorAddsMovesEditsAndUndoes() {
        vm.data().openSample(Samples.find("iris"));
        ModelViewModel m = vm.model();
        assertThat(m.getSpecLayers()).extracting(LayerSpec::units).containsExactly(32, 16);
        m.selectedIndexProperty().set(0);
        m.addLayer("dropout");
        assertThat(m.getSpecLayers()).extracting(LayerSpec::type).containsExactly("dense", "dropout", "dense");
        assertThat(m.selectedIndexProperty().get()).isEqualTo(1);
        assertThat(m.editSelected("dropout", "0.4")).isTrue();
        assertThat(m.getSpecLayers().get(1).dropout()).isEqualTo(0.4);
        assertThat(m.editSelected("dropout", "1.5")).isFalse();
        assertThat(m.problemProperty().get()).contains("dropout");
        assertThat(m.getSpecLayers().get(1).dropout()).isEqualTo(0.4);
        m.moveSelected(1);
        assertThat(m.getSpecLayers()).extracting(LayerSpec::type).containsExactly("dense", "dense", "dropout");
        m.selectedIndexProperty().set(1);
        m.editSelected("units", "8");
        m.editSelected("activation", "tanh");
        // 4 -> 32 -> 8 (tanh) -> dropout -> 3
        assertThat(m.getLayers()).hasSize(4);
        assertThat(m.parametersProperty().get()).startsWith(String.format("%,d", (4 * 32 + 32) + (32 * 8 + 8) + (8 * 3 + 3)))
                .contains("to train at batch");

        m.undo(); // the activation
        assertThat(m.getSpecLayers().get(1).activation()).isEqualTo("relu");
        m.undo(); // the units
        m.undo(); // the move
        m.undo(); // the dropout rate
        m.undo(); // the insert
        assertThat(m.getSpecLayers()).extracting(LayerSpec::units).containsExactly(32, 16);
        assertThat(m.canUndoProperty().get()).isFalse();
        m.redo();
        assertThat(m.getSpecLayers()).hasSize(3);
        assertThat(m.canRedoProperty().get()).isTrue();

        // convolution on a table is refused when training, with the reason
        m.addLayer("conv");
        assertThat(m.problemProperty().get()).contains("need image data");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).contains("need image data");

        // typing sizes replaces the layers with that MLP, undoably
        m.hiddenLayersProperty().set("10");
        assertThat(m.getSpecLayers()).extracting(LayerSpec::units).containsExactly(10);
        m.undo();
        assertThat(m.getSpecLayers()).hasSize(4);
        m.removeSelected();
        assertThat(m.getSpecLayers()).hasSize(3);

        // a Keras model's layers as the starting point (the engine's test file), undoable
        m.importKeras(Path.of("../engine/src/test/resources/keras/mlp.h5"));
        assertThat(m.currentSpec().name()).isEqualTo("keras:mlp");
        assertThat(m.getSpecLayers()).extracting(LayerSpec::units).containsExactly(16, 0, 8);
        assertThat(m.noticeProperty().get()).contains("Imported 3 layers from mlp.h5").contains("weights are not imported");
        assertThat(m.problemProperty().get()).isEmpty();
        m.undo();
        assertThat(m.getSpecLayers()).hasSize(3);
        m.importKeras(Path.of("no-such.h5"));
        assertThat(m.problemProperty().get()).contains("no-such.h5").contains("does not exist");
    }
}
