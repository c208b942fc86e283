package io.modelbench.engine.train;

import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.model.NetworkFactory;
import io.modelbench.engine.nativeenv.OneDnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationPassTest {

    private static DataSet data(int n, int inputs, int outputs, boolean classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, inputs);
        INDArray y = classes ? Nd4j.zeros(DataType.FLOAT, n, outputs) : Nd4j.randn(DataType.FLOAT, n, outputs);
        if (classes) {
            for (int i = 0; i < n; i++) {
                y.putScalar(i, (i * 7) % outputs, 1f);
            }
        }
        return new DataSet(x, y);
    }

    /** Trains a few steps so that weights, batch-norm statistics and regularization all count. */
    private static MultiLayerNetwork trained(ModelSpec spec, InputShape shape, int outputs, TaskType task, double weightDecay,
                                             double[] classWeights, DataSet train) {
        TrainingSettings s = TrainingSettings.defaults().withModel(spec)
                .withOptimization(new Optimization("adam", 0.9, "fixed", 0.5, 10, weightDecay, 0, 0));
        MultiLayerNetwork net = NetworkFactory.build(spec, shape, outputs, task, s, classWeights);
        OneDnn.install(net);   // as the session does: the oneDNN helpers when ND4J has them
        for (int i = 0; i < 3; i++) {
            net.fit(train);
        }
        return net;
    }

    /** The old two passes, as TrainingLoop.validate made them. */
    private static void assertSameAsTwoPasses(MultiLayerNetwork net, DataSet val) {
        double expectedLoss = net.score(val, false);
        INDArray expectedOut = net.output(val.getFeatures(), false, val.getFeaturesMaskArray(), null);
        assertThat(ValidationPass.applies(net, val)).isTrue();
        ValidationPass.Result r = ValidationPass.run(net, val);
        assertThat(r.loss()).isEqualTo(expectedLoss);
        assertThat(r.output()).isEqualTo(expectedOut);
        // and the network is left as it was: the two calls give the same again
        assertThat(net.score(val, false)).isEqualTo(expectedLoss);
    }

    @Test
    void aCnnWithBatchNormDropoutAndWeightDecayGetsTheTwoPassesFiguresBitForBit() {
        ModelSpec cnn = new ModelSpec("cnn", List.of(
                new LayerSpec("conv", 6, 5, 1, "valid", "relu", 0, "relu", 0),
                LayerSpec.batchNorm(),
                LayerSpec.maxPool(2),
                new LayerSpec("conv", 8, 3, 1, "same", "identity", 0, "xavier", 0.001),
                LayerSpec.maxPool(2),
                new LayerSpec("dense", 32, 0, 0, null, "relu", 0.3, "xavier", 0)));
        InputShape shape = InputShape.image(16, 16, 1);
        MultiLayerNetwork net = trained(cnn, shape, 4, TaskType.CLASSIFICATION, 1e-4, null, data(32, 256, 4, true, 1));
        assertSameAsTwoPasses(net, data(40, 256, 4, true, 2));
    }

    @Test
    void anMlpClassifierWithClassWeightsAndARegressorGetTheTwoPassesFiguresBitForBit() {
        ModelSpec mlp = ModelSpec.mlp(List.of(16, 8));
        MultiLayerNetwork cls = trained(mlp, InputShape.vector(5), 3, TaskType.CLASSIFICATION, 0, new double[]{0.5, 1, 2},
                data(20, 5, 3, true, 3));
        assertSameAsTwoPasses(cls, data(25, 5, 3, true, 4));
        MultiLayerNetwork reg = trained(mlp, InputShape.vector(5), 2, TaskType.REGRESSION, 1e-3, null, data(20, 5, 2, false, 5));
        assertSameAsTwoPasses(reg, data(25, 5, 2, false, 6));
    }

    @Test
    void aNetworkOfOneHiddenLayerKeepsTheTwoCalls() {
        // DL4J's activateSelectedLayers(0, 0, …) throws "FROM is out of layer space": the one pass would fail its validation
        MultiLayerNetwork one = trained(ModelSpec.mlp(List.of(4)), InputShape.vector(3), 2, TaskType.CLASSIFICATION, 0, null,
                data(8, 3, 2, true, 9));
        assertThat(one.getLayers()).hasSize(2);
        assertThat(ValidationPass.applies(one, data(8, 3, 2, true, 10))).isFalse();
    }

    @Test
    void sequencesAndMaskedDataKeepTheTwoCalls() {
        MultiLayerNetwork mlp = trained(ModelSpec.mlp(List.of(4)), InputShape.vector(3), 2, TaskType.CLASSIFICATION, 0, null,
                data(8, 3, 2, true, 7));
        DataSet masked = data(8, 3, 2, true, 8);
        masked.setLabelsMaskArray(Nd4j.ones(DataType.FLOAT, 8, 1));
        assertThat(ValidationPass.applies(mlp, masked)).isFalse();
        DataSet sequence = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3, 6), Nd4j.zeros(DataType.FLOAT, 4, 2));
        assertThat(ValidationPass.applies(mlp, sequence)).isFalse();
    }
}
