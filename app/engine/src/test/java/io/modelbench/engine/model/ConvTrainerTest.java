package io.modelbench.engine.model;

import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.modelbench.engine.model.TrainerChecks.assertClose;
import static io.modelbench.engine.model.TrainerChecks.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast convolutional trainer moves a network exactly as DL4J's {@code fit} does (to float rounding): the bench's
 * LeNet, a small LeNet-like network, and one with Same padding (asymmetric), stride 2, ReLU, average pooling, L2 and mean
 * squared error reach the same parameters, Adam moments, scores, iteration and epoch counts over several epochs with a
 * short last mini-batch; the app's own image template as {@code NetworkFactory} builds it does too; validation scores and
 * outputs are DL4J's; and it declines what it does not train. Weights and Adam moments are held to 1e-5 (relative above
 * 1): measured worst after the runs here 1.3e-6 (LeNet), 2.7e-7 (small LeNet), 3.3e-6 (the template), under 1e-6 (Same
 * mode): float sums over a mini-batch's pixels in another order than libnd4j's/oneDNN's, moved on by Adam's 1/√v.
 * Mutations that fail it: a conv layer's bias gradient left out, Same mode's padding put at the bottom only. These run
 * the trainer's own im2col path; {@link NativeConv} (oneDNN, another order of sums) is held to DL4J's gradients after one
 * step (Adam's moments, 1e-6) and to 5e-4 over epochs. Mutations that fail those: its bias gradient left out, its input
 * copied in the trainer's order instead of [n, c, h, w].
 */
class ConvTrainerTest {

    @Test
    void theBenchLeNetTrainsAsDl4jFitDoes() {
        // 150 images at batch 64: two full mini-batches and one of 22
        compare("lenet", benchLeNet(), 150, 64, 2, false, 1e-5);
    }

    private static MultiLayerNetwork benchLeNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(12345).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nIn(1).stride(1, 1).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().activation(Activation.RELU).nOut(500).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build());
        net.init();
        return net;
    }

    /** The app's image template ({@code NetworkFactory}) on 12×12 images, its dropout layer keeping every input. */
    private static MultiLayerNetwork template() {
        ModelSpec cnn = ModelSpec.cnn();
        List<LayerSpec> layers = new ArrayList<>(cnn.layers().subList(0, cnn.layers().size() - 1));
        layers.add(LayerSpec.dropoutLayer(0));
        ModelSpec keepAll = new ModelSpec("cnn", layers);
        TrainingSettings s = new TrainingSettings(1, 16, 0.005, List.of(8), 5).withModel(keepAll);
        return NetworkFactory.build(keepAll, InputShape.image(12, 12, 1), 3, TaskType.CLASSIFICATION, s, null);
    }

    /** 11×11×2 images: conv 4×4 ×3 tanh, padding 1 (→ 10) – max 2 (→ 5) – dense 6 relu – softmax 3. */
    private static MultiLayerNetwork paddedTanhFirst() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(4, 4).stride(1, 1).padding(1, 1).nOut(3).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().activation(Activation.RELU).nOut(6).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(11, 11, 2)).build());
        net.init();
        return net;
    }

    @Test
    void aSmallLeNetTrainsAsDl4jFitDoes() {
        compare("small lenet", smallLeNet(b -> { }), 90, 16, 3, false, 1e-5);
    }

    @Test
    void chunksOfOneImageTrainAsOneChunkDoes() {
        // the bench's LeNet at its own chunk size has 8 chunks for conv2 and 3 for conv1; here every chunk is one image,
        // with a short last mini-batch, on a network with two channels in and Same padding
        compare("small lenet, chunks of one image", smallLeNet(b -> { }), 45, 16, 2, false, 1e-5, 1);
        compare("same+relu+avg+l2+mse, chunks of one image", sameStrideAvgL2Mse(), 45, 16, 2, true, 1e-5, 1);
    }

    @Test
    void theNativeConvolutionsComputeDl4jsGradients() {
        // one step of one full mini-batch: Adam's moments after it are 0.1·g and 0.001·g², so the updater state holds
        // the gradients as DL4J computed them, to float rounding
        compare("native: lenet-like", smallLeNet(b -> { }), 16, 16, 1, false, 1e-6, 1, true, 1e-6);
        compare("native: same+relu+avg+l2+mse", sameStrideAvgL2Mse(), 16, 16, 1, true, 1e-6, 1, true, 1e-6);
        compare("native: dropout between image layers", dropoutBetweenImageLayers(), 16, 16, 1, false, 1e-6, 1, true, 1e-6);
        compare("native: dropout on layers' inputs", dropoutOnLayersInputs(), 16, 16, 1, false, 1e-6, 1, true, 1e-6);
        // the second convolution with stride 2 and explicit padding, and with stride 2 in Same mode
        compare("native: stride 2, padding 1", smallLeNet(b -> b.stride(2, 2).padding(1, 1)), 16, 16, 1, false, 1e-6, 1, true, 1e-6);
        compare("native: Same, stride 2", smallLeNet(b -> b.stride(2, 2).convolutionMode(ConvolutionMode.Same)), 16, 16, 1, false,
                1e-6, 1, true, 1e-6);
    }

    @Test
    void theNativeConvolutionsTrainAsDl4jFitDoes() {
        // over epochs with a short last mini-batch: oneDNN sums in another order than DL4J's im2col, and Adam's 1/√v
        // moves a weight whose gradient is near 0 by up to its learning rate whichever way the last bit went; measured
        // worst 2e-5–1.2e-4 (the dropout network's second convolution, lr 0.01), under 1e-5 on the other two
        double tol = 5e-4;
        compare("native: lenet-like, 3 epochs", smallLeNet(b -> { }), 90, 16, 3, false, tol, 1, true, 1e-4);
        compare("native: same+relu+avg+l2+mse, 3 epochs", sameStrideAvgL2Mse(), 90, 16, 3, true, tol, 1, true, 1e-4);
        compare("native: dropout between image layers, 2 epochs", dropoutBetweenImageLayers(), 45, 16, 2, false, tol, 1, true, 1e-4);
        compare("native: dropout on layers' inputs, 2 epochs", dropoutOnLayersInputs(), 45, 16, 2, false, tol, 1, true, 1e-4);
        // a last mini-batch of 3 images through the native layers (their arrays as views of the first 3 images)
        compare("native: a last mini-batch of 3, 2 epochs", smallLeNet(b -> { }), 35, 16, 2, false, tol, 1, true, 1e-4);
    }

    @Test
    void theFusedFirstConvolutionAndPoolingComputeDl4jsGradients() {
        // one step: Adam's moments after it are 0.1·g and 0.001·g², so the updater state holds the gradients as DL4J
        // computed them (1e-6). Every first layer here is followed by 2×2 max pooling: identity (the bench's LeNet and a
        // small one), ReLU with Same padding (the app's template), tanh with explicit padding, dropout on the first layer's
        // inputs; with the later convolutions native (the app's default) and not. The weights after the step to 1e-4: a
        // weight whose gradient is near Adam's ε moves by lr · g / (|g| + ε), which follows g's last bits (measured worst
        // 3.9e-6 in the bench's LeNet, 1.35e-5 in the template at lr 0.005)
        int chunk = ConvTrainer.CHUNK_FLOATS;
        compare("fused: bench lenet", benchLeNet(), 16, 16, 1, false, 1e-4, 1e-6, chunk, false, true, 1e-6);
        compare("fused: lenet-like", smallLeNet(b -> { }), 16, 16, 1, false, 1e-4, 1e-6, chunk, false, true, 1e-6);
        compare("fused: lenet-like, native", smallLeNet(b -> { }), 16, 16, 1, false, 1e-4, 1e-6, chunk, true, true, 1e-6);
        compare("fused: app template", template(), 16, 16, 1, false, 1e-4, 1e-6, chunk, true, true, 1e-6);
        compare("fused: tanh, padding 1", paddedTanhFirst(), 16, 16, 1, false, 1e-4, 1e-6, chunk, false, true, 1e-6);
        compare("fused: dropout on layers' inputs", dropoutOnLayersInputs(), 16, 16, 1, false, 1e-4, 1e-6, chunk, true, true, 1e-6);
    }

    @Test
    void theFusedFirstConvolutionAndPoolingTrainAsDl4jFitDoes() {
        // over epochs with a short last mini-batch: its sums run in another order (as the native path's), and Adam's 1/√v
        // moves a weight whose gradient is near 0 by up to its learning rate whichever way the last bit went
        double tol = 5e-4;
        int chunk = ConvTrainer.CHUNK_FLOATS;
        compare("fused: lenet-like, 3 epochs", smallLeNet(b -> { }), 90, 16, 3, false, tol, tol, chunk, false, true, 1e-4);
        compare("fused: app template, 2 epochs", template(), 45, 16, 2, false, tol, tol, chunk, true, true, 1e-4);
        compare("fused: tanh, padding 1, 2 epochs", paddedTanhFirst(), 45, 16, 2, false, tol, tol, chunk, true, true, 1e-4);
    }

    @Test
    void samePaddingStrideReluAveragePoolingL2AndMeanSquaredErrorTrainAsDl4jFitDoes() {
        compare("same+relu+avg+l2+mse", sameStrideAvgL2Mse(), 90, 16, 3, true, 1e-5);
    }

    private static MultiLayerNetwork sameStrideAvgL2Mse() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.RELU).l2(1e-3).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(5).activation(Activation.RELU).build())     // 11 → 6
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build()) // 3
                .layer(new ConvolutionLayer.Builder(2, 2).stride(1, 1).nOut(4).activation(Activation.TANH).build())     // pad 0/1
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(1, 1).build())
                .layer(new DenseLayer.Builder().activation(Activation.ELU).nOut(7).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutionalFlat(11, 11, 2)).build());
        net.init();
        return net;
    }

    @Test
    void theAppsImageTemplateWithAKeepProbabilityOfOneTrainsAsDl4jFitDoes() {
        // its dropout layer keeping every input: the layer in the chain (dense → dropout → output) exactly as DL4J's
        ModelSpec cnn = ModelSpec.cnn();
        assertThat(cnn.layers().get(cnn.layers().size() - 1).type()).isEqualTo("dropout");
        List<LayerSpec> layers = new ArrayList<>(cnn.layers().subList(0, cnn.layers().size() - 1));
        layers.add(LayerSpec.dropoutLayer(0));
        ModelSpec keepAll = new ModelSpec("cnn", layers);
        assertThat(keepAll.layers().get(0).padding()).isEqualTo("same");
        assertThat(keepAll.layers().get(0).activation()).isEqualTo("relu");
        TrainingSettings s = new TrainingSettings(1, 16, 0.005, List.of(8), 5).withModel(keepAll);
        MultiLayerNetwork net = NetworkFactory.build(keepAll, InputShape.image(12, 12, 1), 3, TaskType.CLASSIFICATION, s, null);
        compare("app template", net, 40, 16, 2, false, 1e-5);
    }

    @Test
    void dropoutLayersBetweenImageLayersKeepingEveryInputTrainAsDl4jFitDoes() {
        // after a pooling layer (into a convolution) and after the last one (into the flattening dense layer): the layers'
        // shapes and the flattening after a dropout layer exactly as DL4J's
        compare("dropout between image layers", dropoutBetweenImageLayers(), 45, 16, 2, false, 1e-5);
    }

    private static MultiLayerNetwork dropoutBetweenImageLayers() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(1.0).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(1.0).build())
                .layer(new DenseLayer.Builder().activation(Activation.TANH).nOut(10).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(12, 12, 2)).build());
        net.init();
        return net;
    }

    @Test
    void dropoutOnLayersInputsKeepingEveryInputTrainsAsDl4jFitDoes() {
        // on the images (the first convolution), a convolution after pooling, the flattening dense layer and the output
        compare("dropout on layers' inputs", dropoutOnLayersInputs(), 45, 16, 2, false, 1e-5);
    }

    private static MultiLayerNetwork dropoutOnLayersInputs() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).dropOut(new Dropout(1.0)).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).dropOut(new Dropout(1.0)).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().activation(Activation.TANH).nOut(10).dropOut(new Dropout(1.0)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .dropOut(new Dropout(1.0)).build())
                .setInputType(InputType.convolutionalFlat(12, 12, 2)).build());
        net.init();
        return net;
    }

    @Test
    void dropoutOnAConvolutionsAndADenseLayersInputsLearnsAsDl4jDoes() {
        // the app's template with a layer's "dropout" set on its first convolution and its dense layer, as NetworkFactory
        // builds them (dropOut on those layers' inputs)
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec l : ModelSpec.cnn().layers()) {
            boolean drop = l.type().equals("dense") || (l.type().equals("conv") && layers.isEmpty());
            layers.add(drop ? new LayerSpec(l.type(), l.units(), l.kernel(), l.stride(), l.padding(), l.activation(), 0.2,
                    l.weightInit(), l.l2()) : l);
        }
        ModelSpec spec = new ModelSpec("cnn", layers);
        TrainingSettings s = new TrainingSettings(1, 16, 0.005, List.of(8), 5).withModel(spec);
        MultiLayerNetwork net = NetworkFactory.build(spec, InputShape.image(12, 12, 1), 3, TaskType.CLASSIFICATION, s, null);
        assertThat(((org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer())
                .getIDropout()).as("the first convolution's dropout").isNotNull();
        MultiLayerNetwork reference = net.clone();
        DataSet data = images(new Random(21), 240, 144, 3, false);
        DataSet heldOut = images(new Random(22), 120, 144, 3, false);
        ConvTrainer t = ConvTrainer.of(net, data.getFeatures(), data.getLabels(), 16, true);
        assertThat(t).as("dropout on a convolution's and a dense layer's inputs").isNotNull();
        TrainerChecks.assertLearnsAsDl4j(t, net, reference, data, heldOut, 8, 500, 0.9, (r, order) -> fitDl4j(r, data, order, 16));
    }

    @Test
    void theAppsImageTemplateWithDropoutLearnsAsDl4jDoesAndPredictsAsIt() {
        // inverted dropout with random numbers of its own: not DL4J's dropped inputs, so the runs are compared by what
        // they learn (held-out loss after the same epochs, from the same start) and by the outputs of the same weights
        ModelSpec cnn = ModelSpec.cnn();
        TrainingSettings s = new TrainingSettings(1, 16, 0.005, List.of(8), 5).withModel(cnn);
        MultiLayerNetwork net = NetworkFactory.build(cnn, InputShape.image(12, 12, 1), 3, TaskType.CLASSIFICATION, s, null);
        MultiLayerNetwork reference = net.clone();
        DataSet data = images(new Random(21), 240, 144, 3, false);
        DataSet heldOut = images(new Random(22), 120, 144, 3, false);
        ConvTrainer t = ConvTrainer.of(net, data.getFeatures(), data.getLabels(), 16, true);
        assertThat(t).as("the template with its dropout layer").isNotNull();
        DenseTrainer.Evaluation v = TrainerChecks.assertLearnsAsDl4j(t, net, reference, data, heldOut, 8, 300, 0.9,
                (r, order) -> fitDl4j(r, data, order, 16));
        assertThat(v.score()).isCloseTo(net.score(heldOut, false), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aDroppedInputOfTheTemplatesDropoutLayerPassesNoGradientBack() {
        // one step on one image: of the dense layer's active units (ReLU > 0), those the dropout layer dropped get no
        // gradient, so Adam leaves their weights and bias as they were; the kept ones move
        ModelSpec cnn = ModelSpec.cnn();
        TrainingSettings s = new TrainingSettings(1, 1, 0.005, List.of(8), 5).withModel(cnn);
        MultiLayerNetwork net = NetworkFactory.build(cnn, InputShape.image(12, 12, 1), 3, TaskType.CLASSIFICATION, s, null);
        int dense = net.getnLayers() - 3;   // dense, dropout, output
        assertThat(net.getLayer(dense + 1).conf().getLayer()).isInstanceOf(DropoutLayer.class);
        oneStepKeepsDroppedUnits(net, dense);
    }

    @Test
    void aDroppedInputOfALayersOwnDropoutPassesNoGradientBack() {
        // the same with the template's dropout layer left out and dropout 0.5 on the output layer's inputs instead
        ModelSpec cnn = ModelSpec.cnn();
        ModelSpec noLayer = new ModelSpec("cnn", cnn.layers().subList(0, cnn.layers().size() - 1));
        TrainingSettings s = new TrainingSettings(1, 1, 0.005, List.of(8), 5).withModel(noLayer);
        MultiLayerNetwork net = NetworkFactory.build(noLayer, InputShape.image(12, 12, 1), 3, TaskType.CLASSIFICATION, s, null);
        int dense = net.getnLayers() - 2;   // dense, output
        ((org.deeplearning4j.nn.conf.layers.BaseLayer) net.getLayerWiseConfigurations().getConf(dense + 1).getLayer())
                .setIDropout(new Dropout(0.5));
        oneStepKeepsDroppedUnits(net, dense);
    }

    /** One step on one image: the dense layer's dropped active units keep their weights ({@link TrainerChecks}). */
    private static void oneStepKeepsDroppedUnits(MultiLayerNetwork net, int dense) {
        DataSet one = images(new Random(6), 1, 144, 3, false);
        INDArray w0 = net.getLayer(dense).getParam("W").dup();
        INDArray b0 = net.getLayer(dense).getParam("b").dup();
        INDArray out = net.feedForwardToLayer(dense, one.getFeatures(), false).get(dense + 1);
        ConvTrainer t = ConvTrainer.of(net, one.getFeatures(), one.getLabels(), 1, true);
        assertThat(t).isNotNull();
        t.fitEpoch(new int[] {0}, () -> true, (sc, n) -> { });
        TrainerChecks.assertDroppedUnitsStill(out, w0, b0, net.getLayer(dense).getParam("W"), net.getLayer(dense).getParam("b"));
    }

    @Test
    void theValidationScoreAndOutputsAreDl4jsAlsoAfterTheWeightsAreReplaced() {
        MultiLayerNetwork net = smallLeNet(b -> b.l2(0.01));
        DataSet data = images(new Random(8), 50, 2 * 12 * 12, 3, false);
        DataSet validation = images(new Random(9), 37, 2 * 12 * 12, 3, false);
        ConvTrainer t = ConvTrainer.of(net, data.getFeatures(), data.getLabels(), 16, true);
        assertThat(t).isNotNull();
        INDArray before = net.params().dup();
        for (int e = 0; e < 2; e++) {
            t.fitEpoch(order(50, e), () -> true, (s, n) -> { });
            DenseTrainer.Evaluation v = t.evaluate(validation.getFeatures(), validation.getLabels());
            assertThat(v.score()).isCloseTo(net.score(validation, false), org.assertj.core.data.Offset.offset(1e-5));
            assertClose("validation outputs", v.output(), net.output(validation.getFeatures(), false), 1e-5);
        }
        net.setParams(before);
        DenseTrainer.Evaluation v = t.evaluate(validation.getFeatures(), validation.getLabels());
        assertThat(v.score()).isCloseTo(net.score(validation, false), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(t.evaluate(validation.getFeatures(), Nd4j.zeros(DataType.FLOAT, 37, 4))).as("labels of another width").isNull();
    }

    @Test
    void networksItDoesNotTrainExactlyStayOnDl4j() {
        DataSet data = images(new Random(1), 30, 2 * 12 * 12, 3, false);
        MultiLayerNetwork dropoutLayer = new MultiLayerNetwork(conv().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new DropoutLayer.Builder().dropOut(new org.deeplearning4j.nn.conf.dropout.GaussianDropout(0.2)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(12, 12, 2)).build());
        MultiLayerNetwork batchNorm = new MultiLayerNetwork(conv().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(12, 12, 2)).build());
        MultiLayerNetwork lstm = new MultiLayerNetwork(conv().list()
                .layer(new LSTM.Builder().nOut(4).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(2, 144)).build());
        MultiLayerNetwork softmaxConv = new MultiLayerNetwork(conv().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.SOFTMAX).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(12, 12, 2)).build());
        for (MultiLayerNetwork n : List.of(dropoutLayer, batchNorm, lstm, softmaxConv)) {
            n.init();
        }
        assertThat(ConvTrainer.of(dropoutLayer, data.getFeatures(), data.getLabels(), 16, true)).as("Gaussian dropout layer").isNull();
        assertThat(ConvTrainer.of(smallLeNet(b -> b.dropOut(new org.deeplearning4j.nn.conf.dropout.AlphaDropout(0.8))),
                data.getFeatures(), data.getLabels(), 16, true)).as("alpha dropout").isNull();
        assertThat(ConvTrainer.of(batchNorm, data.getFeatures(), data.getLabels(), 16, true)).as("batch norm").isNull();
        assertThat(ConvTrainer.of(lstm, data.getFeatures(), data.getLabels(), 16, true)).as("lstm").isNull();
        assertThat(ConvTrainer.whyNot(softmaxConv, data.getFeatures(), data.getLabels(), 16)).as("softmax on a convolution")
                .contains("softmax");
        assertThat(ConvTrainer.of(smallLeNet(b -> { }), data.getFeatures().reshape(30, 2, 12, 12), data.getLabels(), 16, true))
                .as("images not as flat rows").isNull();
        MultiLayerNetwork ok = smallLeNet(b -> { });
        assertThat(ConvTrainer.of(ok, data.getFeatures(), data.getLabels(), 16, true)).isNotNull();
        System.setProperty(DenseTrainer.SWITCH, "false");
        try {
            assertThat(ConvTrainer.of(ok, data.getFeatures(), data.getLabels(), 16, true)).as("switched off").isNull();
        } finally {
            System.clearProperty(DenseTrainer.SWITCH);
        }
    }

    private static NeuralNetConfiguration.Builder conv() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Adam(0.01));
    }

    /** 12×12×2 images: conv 3×3 ×4 (identity) – max 2 – conv 3×3 ×6 (ReLU) – max 2 (floor: 5 → 2) – dense 10 tanh – softmax 3. */
    private static MultiLayerNetwork smallLeNet(java.util.function.Consumer<ConvolutionLayer.Builder> second) {
        ConvolutionLayer.Builder c2 = new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(6).activation(Activation.RELU);
        second.accept(c2);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(4).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(c2.build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().activation(Activation.TANH).nOut(10).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(12, 12, 2)).build());
        net.init();
        return net;
    }

    /** Trains a copy with DL4J's fit and the network with the fast trainer over the same batches; compares everything. */
    private static void compare(String what, MultiLayerNetwork net, int rows, int batch, int epochs, boolean regression, double tol) {
        compare(what, net, rows, batch, epochs, regression, tol, ConvTrainer.CHUNK_FLOATS);
    }

    /** The im2col path (no {@link NativeConv}): DL4J's own convolution sums in the same order, so 1e-5 holds throughout. */
    private static void compare(String what, MultiLayerNetwork net, int rows, int batch, int epochs, boolean regression, double tol,
                                int chunkFloats) {
        compare(what, net, rows, batch, epochs, regression, tol, chunkFloats, false, 1e-4);
    }

    private static void compare(String what, MultiLayerNetwork net, int rows, int batch, int epochs, boolean regression, double tol,
                                int chunkFloats, boolean nativeConvs, double scoreTol) {
        compare(what, net, rows, batch, epochs, regression, tol, tol, chunkFloats, nativeConvs, false, scoreTol);
    }

    /**
     * fused: the first convolution and its pooling through {@link FirstConvPool}, which must then apply; weights to tol,
     * Adam's state to stateTol.
     */
    private static void compare(String what, MultiLayerNetwork net, int rows, int batch, int epochs, boolean regression, double tol,
                                double stateTol, int chunkFloats, boolean nativeConvs, boolean fused, double scoreTol) {
        var images = (org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor) net.getLayerWiseConfigurations()
                .getInputPreProcess(0);
        int inputs = (int) (images.getNumChannels() * images.getInputHeight() * images.getInputWidth());
        int outputs = (int) net.getLayer(net.getnLayers() - 1).getParam("W").size(1);
        DataSet data = images(new Random(what.hashCode()), rows, inputs, outputs, regression);
        MultiLayerNetwork reference = net.clone();
        List<Double> dl4jScores = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        assertThat(ConvTrainer.whyNot(net, data.getFeatures(), data.getLabels(), batch)).as(what).isNull();
        ConvTrainer t = ConvTrainer.of(net, data.getFeatures(), data.getLabels(), batch, chunkFloats, nativeConvs, fused);
        assertThat(t).as(what).isNotNull();
        assertThat(t.fusesFirstLayers()).as(what + ": the fused first layers").isEqualTo(fused);
        int steps = (rows + batch - 1) / batch;
        for (int e = 0; e < epochs; e++) {
            int[] order = order(rows, 100 + e);
            dl4jScores.addAll(fitDl4j(reference, data, order, batch));
            assertThat(t.fitEpoch(order, () -> true, (s, n) -> scores.add(s))).isEqualTo(steps);
        }
        assertClose(what + " params", net.params(), reference.params(), tol);
        assertClose(what + " Adam state", net.getUpdater().getStateViewArray(), reference.getUpdater().getStateViewArray(), stateTol);
        assertThat(net.getIterationCount()).as(what).isEqualTo(reference.getIterationCount()).isEqualTo(steps * epochs);
        assertThat(net.getEpochCount()).as(what).isEqualTo(reference.getEpochCount()).isEqualTo(epochs);
        assertThat(scores).hasSameSizeAs(dl4jScores);
        for (int i = 0; i < scores.size(); i++) {
            assertThat(scores.get(i)).as(what + " score " + i).isCloseTo(dl4jScores.get(i), org.assertj.core.data.Offset.offset(scoreTol));
        }
        assertClose(what + " output", net.output(data.getFeatures()), reference.output(data.getFeatures()), scoreTol);
    }

    /** DL4J's fit over the same mini-batches, one epoch; the score after each step. */
    private static List<Double> fitDl4j(MultiLayerNetwork net, DataSet data, int[] order, int batch) {
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batch) {
            int n = Math.min(batch, order.length - from);
            int[] idx = java.util.Arrays.copyOfRange(order, from, from + n);
            batches.add(new DataSet(Nd4j.pullRows(data.getFeatures(), 1, idx), Nd4j.pullRows(data.getLabels(), 1, idx)));
        }
        List<Double> scores = new ArrayList<>();
        net.setListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
                scores.add(model.score());
            }
        });
        net.fit(new ExistingDataSetIterator(batches));
        net.setListeners();
        return scores;
    }

    /** Images with a class (or targets) that depend on their pixels, so that training moves. */
    private static DataSet images(Random rnd, int rows, int inputs, int outputs, boolean regression) {
        float[][] x = new float[rows][inputs];
        float[][] y = new float[rows][outputs];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < inputs; i++) {
                x[r][i] = rnd.nextFloat();
                s += x[r][i] * ((i * 7) % 3 - 1);
            }
            if (regression) {
                for (int j = 0; j < outputs; j++) {
                    y[r][j] = (float) (s * 0.1 * (j + 1) + 0.1 * rnd.nextGaussian());
                }
            } else {
                y[r][(int) Math.floorMod(Math.round(s), outputs)] = 1f;
            }
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }
}
