package io.modelbench.engine.model;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.train.Trainer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-Java forward pass gives what ND4J's {@code net.output()} gives, or is not used at all. */
class DenseForwardTest {

    private static final Activation[] SUPPORTED = {Activation.IDENTITY, Activation.RELU, Activation.RELU6, Activation.LEAKYRELU,
        Activation.ELU, Activation.SELU, Activation.TANH, Activation.SIGMOID, Activation.HARDTANH, Activation.HARDSIGMOID,
        Activation.SOFTSIGN, Activation.SOFTPLUS, Activation.SWISH, Activation.SOFTMAX};

    @Test
    void everySupportedActivationMatchesNd4jForEveryBatchSizeUpToTheThreshold() {
        Random rnd = new Random(17);
        for (Activation hidden : SUPPORTED) {
            for (Activation out : new Activation[] {Activation.SOFTMAX, Activation.IDENTITY, hidden}) {
                MultiLayerNetwork net = dense(rnd.nextInt(1000), 13, new int[] {16, 9}, hidden, out, 3);
                scramble(net, rnd);
                DenseForward f = DenseForward.of(net, null);
                assertThat(f).as("%s/%s", hidden, out).isNotNull();
                for (int n = 1; n <= DenseForward.MAX_ROWS; n++) {
                    float[][] x = rows(rnd, n, 13, 2.0);
                    assertClose(f.output(x), net.output(Nd4j.create(x), false), hidden + "/" + out + " batch " + n);
                }
            }
        }
    }

    @Test
    void theMnistSizedMlpWithSparseInputsAndEachNormalizerMatchesNd4j() {
        Random rnd = new Random(3);
        MultiLayerNetwork net = dense(5, 784, new int[] {256, 256}, Activation.RELU, Activation.SOFTMAX, 10);
        scramble(net, rnd);
        for (DataNormalization norm : new DataNormalization[] {null, new NormalizerStandardize(), new NormalizerMinMaxScaler(),
            new NormalizerMinMaxScaler(-1, 1)}) {
            if (norm != null) {
                norm.fit(new DataSet(Nd4j.create(rows(rnd, 200, 784, 50.0)), Nd4j.zeros(DataType.FLOAT, 200, 10)));
            }
            DenseForward f = DenseForward.of(net, norm);
            assertThat(f).isNotNull();
            for (int n : new int[] {1, 2, 7, 8, DenseForward.MAX_ROWS}) {
                float[][] x = rows(rnd, n, 784, norm == null ? 1.0 : 50.0);
                for (float[] r : x) {
                    for (int i = 0; i < r.length; i += 2) {
                        r[i] = 0f;   // half the pixels black: the skipped zeros
                    }
                }
                INDArray in = Nd4j.create(x);
                if (norm != null) {
                    norm.transform(in);
                }
                assertClose(f.output(x), net.output(in, false), norm + " batch " + n);
            }
        }
    }

    /** The server batches requests only while rows come out exactly as alone (HostedModel.sameAsAlone): here always. */
    @Test
    void eachRowComesOutBitForBitTheSameInAnyBatchUpToTheThreshold() {
        Random rnd = new Random(11);
        MultiLayerNetwork net = dense(8, 37, new int[] {33, 17}, Activation.TANH, Activation.SOFTMAX, 5);
        scramble(net, rnd);
        NormalizerStandardize norm = new NormalizerStandardize();
        norm.fit(new DataSet(Nd4j.create(rows(rnd, 50, 37, 3.0)), Nd4j.zeros(DataType.FLOAT, 50, 5)));
        DenseForward f = DenseForward.of(net, norm);
        float[][] x = rows(rnd, DenseForward.MAX_ROWS, 37, 3.0);
        x[3] = new float[37];   // an all-zero row, every group skipped
        for (int n = 1; n <= DenseForward.MAX_ROWS; n++) {
            float[] batch = f.output(Arrays.copyOf(x, n));
            for (int r = 0; r < n; r++) {
                assertThat(Arrays.copyOfRange(batch, r * 5, r * 5 + 5)).as("row %d of %d", r, n).containsExactly(f.output(new float[][] {x[r]}));
            }
        }
    }

    @Test
    void dropoutIsTheIdentityAtInferenceAsInDl4j() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(8).activation(Activation.TANH).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        float[][] x = rows(new Random(2), 5, 6, 1.0);
        assertClose(DenseForward.of(net, null).output(x), net.output(Nd4j.create(x), false), "dropout");
    }

    @Test
    void networksItDoesNotComputeExactlyStayOnNd4j() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list();
        MultiLayerNetwork conv = init(b.layer(new ConvolutionLayer.Builder(3, 3).nOut(2).build())
                .layer(new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(6, 6, 1)).build());
        MultiLayerNetwork bn = init(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).build()).layer(new BatchNormalization.Builder().nOut(5).build())
                .layer(new OutputLayer.Builder().nIn(5).nOut(3).activation(Activation.SOFTMAX).build()).build());
        MultiLayerNetwork lstm = init(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new LSTM.Builder().nIn(4).nOut(5).build())
                .layer(new RnnOutputLayer.Builder().nIn(5).nOut(3).activation(Activation.SOFTMAX).build()).build());
        MultiLayerNetwork capped = init(one(new DenseLayer.Builder().nIn(4).nOut(5).activation(new ActivationReLU(6.0, 0.0, 0.0)).build()));
        MultiLayerNetwork layerNorm = init(one(new DenseLayer.Builder().nIn(4).nOut(5).hasLayerNorm(true).build()));
        MultiLayerNetwork noise = init(one(new DenseLayer.Builder().nIn(4).nOut(5).weightNoise(new DropConnect(0.5)).build()));
        MultiLayerNetwork rrelu = init(one(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.RRELU).build()));
        // x³ triples the relative rounding error of every layer: two such layers put float sums in another order
        // ~2e-5 apart, so cube stays on ND4J
        MultiLayerNetwork cube = init(one(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.CUBE).build()));
        MultiLayerNetwork doubles = dense(1, 4, new int[] {5}, Activation.RELU, Activation.SOFTMAX, 3).convertDataType(DataType.DOUBLE);
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {conv, bn, lstm, capped, layerNorm, noise, rrelu, cube, doubles}) {
            assertThat(DenseForward.of(net, null)).as(net.getLayerWiseConfigurations().toJson()).isNull();
        }
        MultiLayerNetwork plain = dense(1, 4, new int[] {5}, Activation.RELU, Activation.SOFTMAX, 3);
        assertThat(DenseForward.of(plain, null)).isNotNull();
        ImagePreProcessingScaler images = new ImagePreProcessingScaler(0, 1);
        assertThat(DenseForward.of(plain, images)).isNull();
        NormalizerStandardize constant = new NormalizerStandardize(Nd4j.zeros(DataType.FLOAT, 1, 4), Nd4j.zeros(DataType.FLOAT, 1, 4));
        assertThat(DenseForward.of(plain, constant)).as("a zero std is ND4J's to handle").isNull();
    }

    @Test
    void theCopyGoesStaleWhenTheNetworkTrainsOrItsParametersAreSet() {
        Random rnd = new Random(9);
        MultiLayerNetwork net = dense(2, 4, new int[] {5}, Activation.RELU, Activation.SOFTMAX, 3);
        DenseForward f = DenseForward.of(net, null);
        assertThat(f.current()).isTrue();
        net.fit(new DataSet(Nd4j.create(rows(rnd, 8, 4, 1.0)), Nd4j.eye(3).getRows(0, 1, 2, 0, 1, 2, 0, 1).castTo(DataType.FLOAT)));
        assertThat(f.current()).as("after fit").isFalse();
        f = DenseForward.of(net, null);
        net.setParams(Nd4j.rand(DataType.FLOAT, 1, net.numParams()));
        assertThat(f.current()).as("after setParams").isFalse();
    }

    @Test
    void aTrainedModelPredictsTheSameWithTheFastPathAsWithNd4jAndTheSwitchTurnsItOff() {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(3)),
                TrainingListener.NONE, new StopSignal()).model();
        TrainedModel fast = new TrainedModel(model.network(), model.normalizer(), model.card());
        System.setProperty(DenseForward.SWITCH, "false");
        TrainedModel slow;
        try {
            slow = new TrainedModel(model.network(), model.normalizer(), model.card());
        } finally {
            System.clearProperty(DenseForward.SWITCH);
        }
        float[][] all = model.encode(iris);
        for (int n = 1; n <= DenseForward.MAX_ROWS; n++) {
            float[][] x = Arrays.copyOfRange(all, 3 * n, 4 * n);
            Predictions a = fast.predict(x);
            Predictions b = slow.predict(x);
            assertThat(a.predicted()).containsExactly(b.predicted());
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(Math.abs(a.probabilities()[r][j] - b.probabilities()[r][j])).isLessThanOrEqualTo(1e-5 + 1e-5 * Math.abs(b.probabilities()[r][j]));
                }
            }
        }
        // the fast model computed in Java, the switched-off one on ND4J; a batch over the threshold goes through BLAS
        // (BlasForwardTest), not through this pass
        assertThat(fast.denseForward()).isNotNull();
        assertThat(slow.denseForward()).isNull();
        assertThat(fast.blasForward()).isNull();
        fast.predict(Arrays.copyOfRange(all, 0, DenseForward.MAX_ROWS + 1));
        assertThat(fast.blasForward()).isNotNull();
    }

    @Test
    void aRegressionModelPredictsTheSameValuesWithTheFastPath() {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("petal_width_cm", TrainingSettings.defaults().withEpochs(3)),
                TrainingListener.NONE, new StopSignal()).model();
        System.setProperty(DenseForward.SWITCH, "false");
        TrainedModel slow;
        try {
            slow = new TrainedModel(model.network(), model.normalizer(), model.card());
        } finally {
            System.clearProperty(DenseForward.SWITCH);
        }
        float[][] all = model.encode(iris);
        for (int n : new int[] {1, 5, DenseForward.MAX_ROWS}) {
            float[][] x = Arrays.copyOfRange(all, 40, 40 + n);
            double[] a = model.predict(x).values();
            double[] b = slow.predict(x).values();
            for (int r = 0; r < n; r++) {
                assertThat(Math.abs(a[r] - b[r])).as("row %d of %d", r, n).isLessThanOrEqualTo(1e-5 + 1e-5 * Math.abs(b[r]));
            }
        }
        assertThat(model.denseForward()).isNotNull();
    }

    private static MultiLayerConfiguration one(DenseLayer layer) {
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list().layer(layer)
                .layer(new OutputLayer.Builder().nIn(5).nOut(3).activation(Activation.SOFTMAX).build()).build();
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork dense(long seed, int in, int[] hidden, Activation act, Activation out, int outputs) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).list();
        int prev = in;
        for (int h : hidden) {
            b.layer(new DenseLayer.Builder().nIn(prev).nOut(h).activation(act).build());
            prev = h;
        }
        LossFunctions.LossFunction loss = out == Activation.SOFTMAX ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE;
        b.layer(new OutputLayer.Builder(loss).nIn(prev).nOut(outputs).activation(out).build());
        return init(b.build());
    }

    /**
     * Random weights (scaled by fan-in, as a trained network's are, so that values stay in the range where float sums
     * in another order agree to ~1e-6) and non-zero biases, so that both sides of each activation are exercised.
     */
    private static void scramble(MultiLayerNetwork net, Random rnd) {
        for (int l = 0; l < net.getnLayers(); l++) {
            INDArray w = net.getLayer(l).getParam("W");
            double sd = 1.5 / Math.sqrt(w.size(0));
            w.assign(Nd4j.create(gaussian(rnd, (int) w.length(), sd), w.shape(), 'c'));
            INDArray b = net.getLayer(l).getParam("b");
            b.assign(Nd4j.create(gaussian(rnd, (int) b.length(), 0.5), b.shape(), 'c'));
        }
    }

    private static float[] gaussian(Random rnd, int n, double sd) {
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) (rnd.nextGaussian() * sd);
        }
        return p;
    }

    private static float[][] rows(Random rnd, int n, int width, double sd) {
        float[][] x = new float[n][width];
        for (float[] r : x) {
            for (int i = 0; i < width; i++) {
                r[i] = (float) (rnd.nextGaussian() * sd);
            }
        }
        return x;
    }

    private static void assertClose(float[] fast, INDArray nd4j, String what) {
        float[] want = nd4j.castTo(DataType.FLOAT).dup('c').data().asFloat();
        assertThat(fast).as(what).hasSize(want.length);
        for (int k = 0; k < want.length; k++) {
            double tol = 1e-5 + 1e-5 * Math.abs(want[k]);
            assertThat((double) Math.abs(fast[k] - want[k])).as("%s, value %d: %s vs ND4J %s", what, k, fast[k], want[k]).isLessThanOrEqualTo(tol);
        }
    }
}
