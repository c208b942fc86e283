package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.data.Samples;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.onnx.OnnxCheck;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The Export page's ONNX export, driven with no UI toolkit (every executor runs on the calling thread). */
class ExportOnnxPageTest {

    private final Executor direct = Runnable::run;
    private MainViewModel vm;

    @BeforeEach
    void trainIris() {
        vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("10");
        vm.train().start();
    }

    @Test
    void exportOnnxWritesACheckedFileAndSaysWhatItsInputIs(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("iris-model.onnx");
        vm.export().exportOnnx(out);
        assertThat(vm.export().errorProperty().get()).isEmpty();
        assertThat(vm.export().busyProperty().get()).isFalse();
        assertThat(vm.export().messageProperty().get()).startsWith("Saved " + out).contains("ONNX operator set 13")
                .contains("Input 'encoded_inputs' [batch, 4]").contains("Output 'probabilities' [batch, 3]");
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(out));
        assertThat(OnnxCheck.check(model)).containsOnlyKeys("probabilities");
        assertThat(model.getMetadataPropsList()).anySatisfy(p -> assertThat(p.getKey()).isEqualTo("modelbench.model_card"));
    }

    @Test
    void aTargetThatCannotBeWrittenGivesTheOneLineErrorAndNoMessage(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("taken.onnx"));
        vm.export().exportOnnx(folder);
        assertThat(vm.export().errorProperty().get()).contains("taken.onnx").contains("is a folder");
        assertThat(vm.export().messageProperty().get()).isEmpty();
        assertThat(vm.export().canExportBinding().get()).as("the page is ready for another try").isTrue();
    }
}
