package io.modelbench.engine.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointZipTest {

    /** A small CNN after two Adam steps: parameters and updater state both non-trivial. */
    private static MultiLayerNetwork trainedCnn() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(10, 10, 1)).build());
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 100);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        net.fit(new DataSet(x, y));
        net.fit(new DataSet(x, y));
        return net;
    }

    private static Map<String, byte[]> entries(Path zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    @Test
    void theCheckpointHoldsModelSerializersEntriesByteForByteUncompressed(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = trainedCnn();
        ModelSerializer.writeModel(net, dir.resolve("serializer.zip").toFile(), true);
        CheckpointZip.write(net, dir.resolve("fast.zip"));

        Map<String, byte[]> expected = entries(dir.resolve("serializer.zip"));
        Map<String, byte[]> actual = entries(dir.resolve("fast.zip"));
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet())
                .containsExactly("configuration.json", "coefficients.bin", "updaterState.bin");
        for (String name : expected.keySet()) {
            assertThat(actual.get(name)).as(name).isEqualTo(expected.get(name));
        }
        // not compressed: the file is at least as large as its contents
        long contents = actual.values().stream().mapToLong(b -> b.length).sum();
        assertThat(Files.size(dir.resolve("fast.zip"))).isGreaterThanOrEqualTo(contents);
    }

    @Test
    void aCheckpointRestoresTheSameNetworkAndOptimizerState(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = trainedCnn();
        CheckpointZip.write(net, dir.resolve("fast.zip"));
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("fast.zip").toFile(), true);
        assertThat(back.params()).isEqualTo(net.params());
        assertThat(back.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
        assertThat(back.getLayerWiseConfigurations().toJson()).isEqualTo(net.getLayerWiseConfigurations().toJson());
    }

    @Test
    void arraysTheBulkPathDoesNotTakeAreWrittenByNd4jItself() throws Exception {
        INDArray whole = Nd4j.linspace(DataType.FLOAT, 1, 200_000, 1).reshape(400, 500);
        INDArray view = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(10, 20), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray doubles = Nd4j.linspace(DataType.DOUBLE, 1, 1000, 1);
        for (INDArray a : new INDArray[]{whole, view, doubles, Nd4j.scalar(3f)}) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(expected)) {
                Nd4j.write(a, d);
            }
            ByteArrayOutputStream actual = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(actual)) {
                CheckpointZip.writeArray(a, d);
            }
            assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
        }
    }
}
