package io.modelbench.engine.nativeenv;

import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.model.NetworkFactory;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oneDNN helpers reach into DL4J's layers by reflection, and compute the layers with other code than DL4J's:
 * these tests fail if a DL4J change moves the field, if a helper is set where it should not be, or if a network with
 * the helpers computes anything else (outputs, gradients, the parameters after a training step) than the same network
 * without them, beyond 1e-4. They need ND4J's oneDNN build, the default on Linux x86-64 (root pom).
 */
class OneDnnTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void oneDnnIsDetectedFromTheBuildThatLoadedAndIsTheDefaultOnLinuxX86() {
        String platform = org.bytedeco.javacpp.Loader.getPlatform();
        boolean onClassPath = getClass().getClassLoader()
                .getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + "-onednn/libjnind4jcpu.so") != null;
        assertThat(OneDnn.builtWithOneDnn()).isEqualTo(onClassPath);
        // the build the pom chose (surefire passes ${nd4j.native.extension}: -onednn by default on Linux x86-64)
        String chosen = System.getProperty("modelbench.test.nd4jExtension");
        if (chosen != null) {
            assertThat(onClassPath).as("natives build %s on the class path", chosen).isEqualTo(chosen.equals("-onednn"));
            assertThat(OneDnn.available()).isEqualTo(chosen.equals("-onednn"));
        }
    }

    @Test
    void theFastestBuildThisCpuRunsIsChosen() {
        String avx512 = "sse4_2 avx avx2 fma avx512f avx512bw avx512vl";
        String avx2 = "sse4_2 avx avx2 fma";
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of("-onednn"), avx2)).isEqualTo("-onednn");
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of("-onednn"), null)).isEqualTo("-onednn");
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of("", "-onednn"), "sse4_2")).isEqualTo("-onednn");
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of("-onednn", "-onednn-avx512"), avx512)).isEqualTo("-onednn-avx512");
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of("-onednn", "-onednn-avx512"), avx2)).isEqualTo("-onednn");
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of("-onednn-avx512"), avx2)).isNull();
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of(""), "sse4_2")).isEmpty();
        assertThat(NativeEnvironment.chooseBuild(java.util.List.of(), avx2)).isEmpty();
    }

    @Test
    void helpersAreSetOnConvolutionPoolingAndBatchNormalizationLayersOnce() {
        assumeTrue(OneDnn.available());
        MultiLayerNetwork net = NetworkFactory.build(ModelSpec.cnn(), InputShape.image(8, 8, 1), 10, TaskType.CLASSIFICATION,
                TrainingSettings.defaults(), null);
        assertThat(OneDnn.install(net)).isEqualTo(4); // two convolutions, two max pools
        assertThat(net.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(net.getLayer(1).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
        assertThat(OneDnn.install(net)).isZero(); // already set

        MultiLayerNetwork bn = bnNet();
        assertThat(OneDnn.install(bn)).isEqualTo(3); // convolution, batch normalization, pooling
        assertThat(bn.getLayer(1).getHelper()).isInstanceOf(MKLDNNBatchNormHelper.class);
    }

    @Test
    void aFieldThatIsNotThereLeavesTheNetworkAsItWasAndWorking() {
        MultiLayerNetwork net = leNet();
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
        INDArray before = net.output(x, false);
        assertThat(OneDnn.install(net, "helperMovedInALaterRelease")).isZero();
        assertThat(net.getLayer(0).getHelper()).isNull();
        assertThat(net.output(x, false).equalsWithEps(before, 0)).isTrue();
    }

    @Test
    void aLeNetComputesWithTheHelpersWhatItComputesWithout() {
        assumeTrue(OneDnn.available());
        assertSameWithAndWithoutHelpers(leNet(), Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28), labels(16), 4);
    }

    @Test
    void aBatchNormalizationNetworkComputesWithTheHelpersWhatItComputesWithout() {
        assumeTrue(OneDnn.available());
        assertSameWithAndWithoutHelpers(bnNet(), Nd4j.rand(DataType.FLOAT, 16, 1, 12, 12), labels(16), 3);
    }

    @Test
    void anLstmGetsNoHelperAndTrainsAsBefore() {
        assumeTrue(OneDnn.available());
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1))
                .dataType(DataType.FLOAT).list()
                .layer(new LSTM.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(4, 6)).build());
        net.init();
        // DL4J M2.1 has no oneDNN LSTM helper: nothing is set, and the layer runs DL4J's own code
        assertThat(OneDnn.install(net)).isZero();
        assertThat(net.getLayer(0).getHelper()).isNull();
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3, 6);
        for (int i = 0; i < 5; i++) {
            for (int t = 0; t < 6; t++) {
                y.putScalar(i, i % 3, t, 1);
            }
        }
        assertSameWithAndWithoutHelpers(net, Nd4j.rand(DataType.FLOAT, 5, 4, 6), y, 0);
    }

    /**
     * The same parameters in two networks, one with the helpers: outputs, the loss's gradient and the parameters after
     * one SGD step agree within 1e-4, and the helpers really were set ({@code helpers} of them).
     */
    private static void assertSameWithAndWithoutHelpers(MultiLayerNetwork plain, INDArray x, INDArray y, int helpers) {
        MultiLayerNetwork fast = plain.clone();
        assertThat(OneDnn.install(fast)).isEqualTo(helpers);
        assertThat(fast.params().equalsWithEps(plain.params(), 0)).isTrue();

        assertClose(fast.output(x, false), plain.output(x, false), "outputs (inference)");
        assertClose(fast.output(x, true), plain.output(x, true), "outputs (training mode)");

        fast.setInput(x);
        fast.setLabels(y);
        plain.setInput(x);
        plain.setLabels(y);
        fast.computeGradientAndScore();
        plain.computeGradientAndScore();
        assertThat(fast.score()).isCloseTo(plain.score(), org.assertj.core.data.Offset.offset(TOLERANCE));
        assertClose(fast.gradient().gradient(), plain.gradient().gradient(), "gradients");

        fast.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        plain.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        assertClose(fast.params(), plain.params(), "parameters after one step");
        assertClose(fast.output(x, false), plain.output(x, false), "outputs after one step");
    }

    private static void assertClose(INDArray a, INDArray b, String what) {
        double diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(diff).as("largest difference of the %s with and without oneDNN helpers", what).isLessThanOrEqualTo(TOLERANCE);
    }

    private static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7) % 10, 1);
        }
        return y;
    }

    /** DL4J's LeNet example (valid padding, identity convolutions), SGD so that a step is linear in the gradient. */
    static MultiLayerNetwork leNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.05)).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(100).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork bnNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).updater(new Sgd(0.05)).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
