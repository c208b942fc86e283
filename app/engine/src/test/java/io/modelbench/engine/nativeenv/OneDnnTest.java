package io.modelbench.engine.nativeenv;

import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.model.NetworkFactory;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oneDNN helpers reach into DL4J's layers by reflection: this fails if a DL4J change moves the field. (The
 * helpers are only set when the oneDNN native build is in use; CI runs the plain build, so nothing is trained here.)
 */
class OneDnnTest {

    @Test
    void helpersAreSetOnConvolutionAndPoolingLayersOnlyWithTheOneDnnBuild() {
        MultiLayerNetwork net = NetworkFactory.build(ModelSpec.cnn(), InputShape.image(8, 8, 1), 10, TaskType.CLASSIFICATION,
                TrainingSettings.defaults(), null);
        assertThat(OneDnn.available()).isFalse();
        assertThat(OneDnn.install(net)).isZero();
        assertThat(((ConvolutionLayer) net.getLayer(0)).getHelper()).isNull();
        System.setProperty("org.bytedeco.javacpp.platform.extension", "-onednn-avx512");
        try {
            assertThat(OneDnn.install(net)).isEqualTo(4); // two convolutions, two max pools
            assertThat(((ConvolutionLayer) net.getLayer(0)).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
            assertThat(OneDnn.install(net)).isZero(); // already set
        } finally {
            System.clearProperty("org.bytedeco.javacpp.platform.extension");
        }
    }
}
