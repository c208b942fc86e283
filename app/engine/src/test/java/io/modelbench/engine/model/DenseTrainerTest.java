package io.modelbench.engine.model;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static io.modelbench.engine.model.TrainerChecks.assertClose;
import static io.modelbench.engine.model.TrainerChecks.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast dense trainer moves a network exactly as DL4J's {@code fit} does (to float rounding): the same parameters,
 * Adam moments, scores, iteration and epoch counts after several epochs, for every activation it takes, both losses,
 * class weights, L2, a learning-rate schedule and a last mini-batch shorter than the others; and it declines what it
 * does not train.
 */
class DenseTrainerTest {

    private static final int ROWS = 90;   // batch 16: five full mini-batches and one of 10 rows

    @Test
    void everyHiddenActivationTrainsAsDl4jFitDoes() {
        for (Activation hidden : new Activation[] {Activation.RELU, Activation.LEAKYRELU, Activation.ELU, Activation.TANH,
            Activation.SIGMOID, Activation.SWISH, Activation.IDENTITY}) {
            compare(hidden.name(), classifier(hidden, new Adam(0.01), b -> { }, null), false, 3);
        }
    }

    @Test
    void classWeightsL2AndALearningRateScheduleTrainAsDl4jFitDoes() {
        compare("weights+l2+schedule", classifier(Activation.RELU,
                new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.02, 0.97)), b -> b.l2(1e-3),
                new double[] {0.5, 2.0, 1.0}), false, 4);
    }

    @Test
    void regressionWithMeanSquaredErrorTrainsAsDl4jFitDoes() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT)
                .updater(new Adam(0.005)).weightInit(WeightInit.RELU).list()
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.feedForward(7)).build());
        net.init();
        compare("regression", net, true, 3);
    }

    @Test
    void theMnistShapedMlpStaysWithinRoundingOfDl4jOverManySteps() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.RELU).list()
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.feedForward(784)).build());
        net.init();
        Random rnd = new Random(5);
        DataSet data = data(rnd, 512, 784, 10, false);
        MultiLayerNetwork reference = net.clone();
        int[] order = order(512, 11);
        fitDl4j(reference, data, order, 128, 2);
        DenseTrainer t = DenseTrainer.of(net, data.getFeatures(), data.getLabels(), 128);
        assertThat(t).isNotNull();
        for (int e = 0; e < 2; e++) {
            t.fitEpoch(order, () -> true, (s, n) -> { });
        }
        assertClose("mnist-shaped params", net.params(), reference.params(), 2e-4);
        assertThat(net.score()).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void aStopBeforeAMiniBatchEndsTheEpochThereAndTheStateIsWrittenBack() {
        MultiLayerNetwork net = classifier(Activation.RELU, new Adam(0.01), b -> { }, null);
        DataSet data = data(new Random(2), ROWS, 6, 3, false);
        MultiLayerNetwork reference = net.clone();
        int[] order = order(ROWS, 3);
        DataSet first = new DataSet(pick(data.getFeatures(), order, 0, 16), pick(data.getLabels(), order, 0, 16));
        reference.fit(new ExistingDataSetIterator(List.of(first)));
        DenseTrainer t = DenseTrainer.of(net, data.getFeatures(), data.getLabels(), 16);
        int[] calls = {0};
        int steps = t.fitEpoch(order, () -> calls[0]++ < 1, (s, n) -> { });
        assertThat(steps).isEqualTo(1);
        assertThat(net.getIterationCount()).isEqualTo(reference.getIterationCount()).isEqualTo(1);
        assertThat(net.getEpochCount()).isEqualTo(reference.getEpochCount()).isEqualTo(1);
        assertClose("params after one step", net.params(), reference.params(), 1e-5);
        assertClose("Adam state after one step", net.getUpdater().getStateViewArray(), reference.getUpdater().getStateViewArray(), 1e-5);
    }

    @Test
    void theValidationScoreAndOutputsAreDl4jsInOnePassAlsoAfterTheWeightsAreReplaced() {
        MultiLayerNetwork net = classifier(Activation.TANH, new Adam(0.02), b -> b.l2(0.01), new double[] {1.0, 3.0, 0.5});
        DataSet data = data(new Random(8), ROWS, 6, 3, false);
        DataSet validation = data(new Random(9), 37, 6, 3, false);   // 37 rows: two full batches of 16 and one of 5
        DenseTrainer t = DenseTrainer.of(net, data.getFeatures(), data.getLabels(), 16);
        INDArray before = net.params().dup();
        for (int e = 0; e < 2; e++) {
            t.fitEpoch(order(ROWS, e), () -> true, (s, n) -> { });
            DenseTrainer.Evaluation v = t.evaluate(validation.getFeatures(), validation.getLabels());
            assertThat(v.score()).isCloseTo(net.score(validation, false), org.assertj.core.data.Offset.offset(1e-5));
            assertClose("validation outputs", v.output(), net.output(validation.getFeatures(), false), 1e-5);
        }
        net.setParams(before);   // as the session does when it keeps an earlier epoch's weights
        DenseTrainer.Evaluation v = t.evaluate(validation.getFeatures(), validation.getLabels());
        assertThat(v.score()).isCloseTo(net.score(validation, false), org.assertj.core.data.Offset.offset(1e-5));
        assertClose("outputs after setParams", v.output(), net.output(validation.getFeatures(), false), 1e-5);
        assertThat(t.evaluate(validation.getFeatures(), Nd4j.zeros(DataType.FLOAT, 37, 4))).as("labels of another width").isNull();
    }

    @Test
    void dropoutKeepingEveryInputTrainsAsDl4jFitDoes() {
        // on the first layer (the features) and the second: the mask in the forward pass, dW and dX exactly as DL4J's
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.RELU).list()
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).dropOut(new Dropout(1.0)).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).dropOut(new Dropout(1.0)).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.feedForward(6)).build());
        net.init();
        compare("dropout keeping all", net, false, 3);
    }

    @Test
    void dropoutLearnsAsDl4jsAndNoneIsAppliedInInference() {
        // inverted dropout with random numbers of its own: compared by what it learns (held-out loss after the same
        // epochs from the same start) and by the outputs of the same weights, without dropout
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.RELU).list()
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(32).activation(Activation.RELU).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER).dropOut(0.8).build())
                .setInputType(InputType.feedForward(6)).build());
        net.init();
        MultiLayerNetwork reference = net.clone();
        DataSet data = data(new Random(31), 600, 6, 3, false);
        DataSet heldOut = data(new Random(32), 300, 6, 3, false);
        DenseTrainer t = DenseTrainer.of(net, data.getFeatures(), data.getLabels(), 32);
        assertThat(t).isNotNull();
        DenseTrainer.Evaluation v = TrainerChecks.assertLearnsAsDl4j(t, net, reference, data, heldOut, 15, 400, 0.8,
                (r, order) -> fitDl4j(r, data, order, 32, 1));
        assertThat(v.score()).isCloseTo(net.score(heldOut, false), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aDroppedInputPassesNoGradientBack() {
        // one step on one row: of the first layer's active units (ReLU > 0), those whose output the second layer's dropout
        // dropped get no gradient, so Adam leaves their weights and bias exactly as they were; the kept ones move
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).weightInit(WeightInit.RELU).list()
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(6)).build());
        net.init();
        DataSet one = data(new Random(5), 1, 6, 3, false);
        INDArray w0 = net.getLayer(0).getParam("W").dup();
        INDArray b0 = net.getLayer(0).getParam("b").dup();
        INDArray z0 = one.getFeatures().mmul(w0).addRowVector(b0);
        DenseTrainer t = DenseTrainer.of(net, one.getFeatures(), one.getLabels(), 1);
        assertThat(t).isNotNull();
        t.fitEpoch(new int[] {0}, () -> true, (sc, n) -> { });
        INDArray w1 = net.getLayer(0).getParam("W");
        INDArray b1 = net.getLayer(0).getParam("b");
        TrainerChecks.assertDroppedUnitsStill(z0, w0, b0, w1, b1);   // ReLU(z) > 0 exactly when z > 0
    }

    @Test
    void networksItDoesNotTrainExactlyStayOnDl4j() {
        DataSet data = data(new Random(1), ROWS, 6, 3, false);
        assertThat(DenseTrainer.of(classifier(Activation.RELU, new Sgd(0.1), b -> { }, null), data.getFeatures(), data.getLabels(), 16))
                .as("sgd").isNull();
        assertThat(DenseTrainer.of(classifier(Activation.RELU, new Adam(0.01),
                b -> b.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(1), null),
                data.getFeatures(), data.getLabels(), 16)).as("clipping").isNull();
        assertThat(DenseTrainer.of(classifier(Activation.RELU, new Adam(0.01), b -> b.dropOut(new GaussianDropout(0.2)), null),
                data.getFeatures(), data.getLabels(), 16)).as("Gaussian dropout").isNull();
        assertThat(DenseTrainer.of(classifier(Activation.RELU, new Adam(0.01), b -> b.dropOut(0.8), null),
                data.getFeatures(), data.getLabels(), 16)).as("plain dropout").isNotNull();
        assertThat(DenseTrainer.of(classifier(Activation.HARDTANH, new Adam(0.01), b -> { }, null),
                data.getFeatures(), data.getLabels(), 16)).as("hard tanh").isNull();
        MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(0.01)).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(3, 2, 1)).build());
        cnn.init();
        assertThat(DenseTrainer.of(cnn, data.getFeatures(), data.getLabels(), 16)).as("convolution").isNull();
        MultiLayerNetwork ok = classifier(Activation.RELU, new Adam(0.01), b -> { }, null);
        assertThat(DenseTrainer.of(ok, data.getFeatures(), data.getLabels(), 16)).isNotNull();
        System.setProperty(DenseTrainer.SWITCH, "false");
        try {
            assertThat(DenseTrainer.of(ok, data.getFeatures(), data.getLabels(), 16)).as("switched off").isNull();
        } finally {
            System.clearProperty(DenseTrainer.SWITCH);
        }
    }

    /** Trains a copy with DL4J's fit and the network with the fast trainer over the same batches; compares everything. */
    private static void compare(String what, MultiLayerNetwork net, boolean regression, int epochs) {
        int inputs = (int) net.getLayer(0).getParam("W").size(0);
        int outputs = (int) net.getLayer(net.getnLayers() - 1).getParam("W").size(1);
        DataSet data = data(new Random(what.hashCode()), ROWS, inputs, outputs, regression);
        MultiLayerNetwork reference = net.clone();
        List<Double> dl4jScores = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        DenseTrainer t = DenseTrainer.of(net, data.getFeatures(), data.getLabels(), 16);
        assertThat(DenseTrainer.whyNot(net, data.getFeatures(), data.getLabels(), 16)).as(what).isNull();
        assertThat(t).as(what).isNotNull();
        for (int e = 0; e < epochs; e++) {
            int[] order = order(ROWS, 100 + e);
            dl4jScores.addAll(fitDl4j(reference, data, order, 16, 1));
            assertThat(t.fitEpoch(order, () -> true, (s, n) -> scores.add(s))).isEqualTo(6);
        }
        assertClose(what + " params", net.params(), reference.params(), 2e-5);
        assertClose(what + " Adam state", net.getUpdater().getStateViewArray(), reference.getUpdater().getStateViewArray(), 2e-5);
        assertThat(net.getIterationCount()).as(what).isEqualTo(reference.getIterationCount()).isEqualTo(6 * epochs);
        assertThat(net.getEpochCount()).as(what).isEqualTo(reference.getEpochCount()).isEqualTo(epochs);
        assertThat(scores).hasSameSizeAs(dl4jScores);
        for (int i = 0; i < scores.size(); i++) {
            assertThat(scores.get(i)).as(what + " score " + i).isCloseTo(dl4jScores.get(i), org.assertj.core.data.Offset.offset(1e-4));
        }
        assertClose(what + " output", net.output(data.getFeatures()), reference.output(data.getFeatures()), 1e-4);
    }

    private static List<Double> fitDl4j(MultiLayerNetwork net, DataSet data, int[] order, int batch, int epochs) {
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batch) {
            int n = Math.min(batch, order.length - from);
            batches.add(new DataSet(pick(data.getFeatures(), order, from, n), pick(data.getLabels(), order, from, n)));
        }
        List<Double> scores = new ArrayList<>();
        net.setListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void iterationDone(org.deeplearning4j.nn.api.Model model, int iteration, int epoch) {
                scores.add(model.score());
            }
        });
        for (int e = 0; e < epochs; e++) {
            net.fit(new ExistingDataSetIterator(batches));
        }
        net.setListeners();
        return scores;
    }

    private static INDArray pick(INDArray a, int[] order, int from, int n) {
        return Nd4j.pullRows(a, 1, java.util.Arrays.copyOfRange(order, from, from + n));
    }

    private static MultiLayerNetwork classifier(Activation hidden, IUpdater updater, Consumer<DenseLayer.Builder> layer,
                                                double[] classWeights) {
        DenseLayer.Builder first = new DenseLayer.Builder().nOut(10).activation(hidden);
        layer.accept(first);
        OutputLayer.Builder out = classWeights == null ? new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                : new OutputLayer.Builder().lossFunction(new LossMCXENT(Nd4j.create(classWeights).castTo(DataType.FLOAT)));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(updater).weightInit(WeightInit.RELU).list()
                .layer(first.build())
                .layer(new DenseLayer.Builder().nOut(8).activation(hidden).build())
                .layer(out.nOut(3).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.feedForward(6)).build());
        net.init();
        return net;
    }

    private static DataSet data(Random rnd, int rows, int inputs, int outputs, boolean regression) {
        float[][] x = new float[rows][inputs];
        float[][] y = new float[rows][outputs];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < inputs; i++) {
                x[r][i] = (float) rnd.nextGaussian();
                s += x[r][i] * (i % 3 - 1);
            }
            if (regression) {
                for (int j = 0; j < outputs; j++) {
                    y[r][j] = (float) (s * (j + 1) + 0.1 * rnd.nextGaussian());
                }
            } else {
                y[r][(int) Math.floorMod(Math.round(s * 2), outputs)] = 1f;
            }
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }
}
