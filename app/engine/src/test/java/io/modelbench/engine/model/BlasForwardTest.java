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
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The BLAS forward pass for more than 32 rows gives what ND4J's {@code net.output()} gives, or is not used at all. */
class BlasForwardTest {

    private static final Activation[] SUPPORTED = {Activation.IDENTITY, Activation.RELU, Activation.RELU6, Activation.LEAKYRELU,
        Activation.ELU, Activation.SELU, Activation.TANH, Activation.SIGMOID, Activation.HARDTANH, Activation.HARDSIGMOID,
        Activation.SOFTSIGN, Activation.SOFTPLUS, Activation.SWISH, Activation.SOFTMAX};

    /** 33: one row over DenseForward's threshold; 5,000: nine full chunks of 512 and a partial one. */
    private static final int[] SIZES = {DenseForward.MAX_ROWS + 1, 5_000};

    @Test
    void everySupportedActivationMatchesNd4jAtThirtyThreeAndFiveThousandRows() {
        Random rnd = new Random(23);
        for (Activation hidden : SUPPORTED) {
            for (Activation out : new Activation[] {Activation.SOFTMAX, Activation.IDENTITY, hidden}) {
                MultiLayerNetwork net = dense(rnd.nextInt(1000), 13, new int[] {16, 9}, hidden, out, 3);
                scramble(net, rnd);
                BlasForward f = BlasForward.of(DenseForward.of(net, null));
                assertThat(f).as("%s/%s", hidden, out).isNotNull();
                for (int n : SIZES) {
                    float[][] x = rows(rnd, n, 13, 2.0);
                    assertClose(f.output(x), net.output(Nd4j.create(x), false), hidden + "/" + out + ", " + n + " rows");
                }
            }
        }
    }

    @Test
    void theMnistSizedMlpWithEachNormalizerMatchesNd4j() {
        Random rnd = new Random(5);
        MultiLayerNetwork net = dense(6, 784, new int[] {256, 256}, Activation.RELU, Activation.SOFTMAX, 10);
        scramble(net, rnd);
        for (DataNormalization norm : new DataNormalization[] {null, new NormalizerStandardize(), new NormalizerMinMaxScaler(),
            new NormalizerMinMaxScaler(-1, 1)}) {
            if (norm != null) {
                norm.fit(new DataSet(Nd4j.create(rows(rnd, 200, 784, 50.0)), Nd4j.zeros(DataType.FLOAT, 200, 10)));
            }
            BlasForward f = BlasForward.of(DenseForward.of(net, norm));
            for (int n : SIZES) {
                float[][] x = rows(rnd, n, 784, norm == null ? 1.0 : 50.0);
                INDArray in = Nd4j.create(x);
                if (norm != null) {
                    norm.transform(in);
                }
                assertClose(f.output(x), net.output(in, false), norm + ", " + n + " rows");
            }
        }
    }

    /** What the 1e-5 comparison is worth: the same pass without one layer's bias is caught by it. */
    @Test
    void theComparisonCatchesAMissingBias() {
        Random rnd = new Random(31);
        MultiLayerNetwork net = dense(3, 20, new int[] {12}, Activation.TANH, Activation.SOFTMAX, 4);
        scramble(net, rnd);
        float[][] x = rows(rnd, 100, 20, 1.0);
        float[] fast = BlasForward.of(DenseForward.of(net, null)).output(x);
        MultiLayerNetwork mutant = net.clone();
        mutant.getLayer(0).getParam("b").assign(0);
        INDArray wrong = mutant.output(Nd4j.create(x), false);
        assertThat(catchThrowable(() -> assertClose(fast, wrong, "without the first bias"))).isInstanceOf(AssertionError.class);
        assertClose(fast, net.output(Nd4j.create(x), false), "with it");
    }

    @Test
    void aTrainedClassifierPredictsManyRowsAsTheSwitchedOffModelDoes() {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(3)),
                TrainingListener.NONE, new StopSignal()).model();
        TrainedModel slow = switchedOff(() -> new TrainedModel(model.network(), model.normalizer(), model.card()));
        float[][] all = jittered(model.encode(iris), 5_000, new Random(4));
        for (int n : SIZES) {
            float[][] x = Arrays.copyOf(all, n);
            Predictions a = model.predict(x);
            Predictions b = slow.predict(x);
            for (int r = 0; r < n; r++) {
                double[] p = b.probabilities()[r];
                for (int j = 0; j < p.length; j++) {
                    assertThat(Math.abs(a.probabilities()[r][j] - p[j])).as("row %d of %d, class %d", r, n, j)
                            .isLessThanOrEqualTo(1e-5 + 1e-5 * Math.abs(p[j]));
                }
                if (margin(p) > 1e-4) {
                    assertThat(a.predicted()[r]).as("row %d of %d", r, n).isEqualTo(b.predicted()[r]);
                }
            }
        }
        assertThat(model.blasForward()).as("computed through BLAS").isNotNull();
        assertThat(slow.blasForward()).as("switched off: ND4J").isNull();
        assertThat(slow.denseForward()).isNull();
    }

    @Test
    void aTrainedRegressionRevertsTheLabelNormalizationAsNd4jsPathDoes() {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("petal_width_cm", TrainingSettings.defaults().withEpochs(3)),
                TrainingListener.NONE, new StopSignal()).model();
        assertThat(model.normalizer().isFitLabel()).as("the labels were standardized in training").isTrue();
        TrainedModel slow = switchedOff(() -> new TrainedModel(model.network(), model.normalizer(), model.card()));
        float[][] all = jittered(model.encode(iris), 5_000, new Random(8));
        for (int n : SIZES) {
            float[][] x = Arrays.copyOf(all, n);
            double[] a = model.predict(x).values();
            double[] b = slow.predict(x).values();
            for (int r = 0; r < n; r++) {
                assertThat(Math.abs(a[r] - b[r])).as("row %d of %d", r, n).isLessThanOrEqualTo(1e-5 + 1e-5 * Math.abs(b[r]));
            }
        }
        assertThat(model.blasForward()).isNotNull();
    }

    /** As the server runs it: one model per worker thread on a copy of the network, the normalizer shared. */
    @Test
    void replicasPredictingManyRowsAtOnceEachGetNd4jsAnswer() throws Exception {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(2)),
                TrainingListener.NONE, new StopSignal()).model();
        float[][] x = jittered(model.encode(iris), 700, new Random(13));
        double[][] want = switchedOff(() -> new TrainedModel(model.network(), model.normalizer(), model.card())).predict(x).probabilities();
        int workers = 3;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            java.util.List<java.util.concurrent.Future<Double>> worst = new java.util.ArrayList<>();
            for (int w = 0; w < workers; w++) {
                TrainedModel replica = new TrainedModel(model.network().clone(), model.normalizer(), model.card());
                worst.add(pool.submit(() -> {
                    double d = 0;
                    for (int call = 0; call < 10; call++) {
                        double[][] p = replica.predict(x).probabilities();
                        for (int r = 0; r < x.length; r++) {
                            for (int j = 0; j < p[r].length; j++) {
                                d = Math.max(d, Math.abs(p[r][j] - want[r][j]));
                            }
                        }
                    }
                    return d;
                }));
            }
            for (java.util.concurrent.Future<Double> f : worst) {
                assertThat(f.get(2, java.util.concurrent.TimeUnit.MINUTES)).isLessThanOrEqualTo(1e-5);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void newParametersAreUsedOnTheNextCall() {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(2)),
                TrainingListener.NONE, new StopSignal()).model();
        float[][] x = jittered(model.encode(iris), 300, new Random(6));
        model.predict(x);
        BlasForward before = model.blasForward();
        Nd4j.getRandom().setSeed(12);
        model.network().setParams(Nd4j.rand(DataType.FLOAT, 1, model.network().numParams()).subi(0.5));
        Predictions after = model.predict(x);
        assertThat(model.blasForward()).as("rebuilt").isNotSameAs(before);
        Predictions nd4j = switchedOff(() -> new TrainedModel(model.network(), model.normalizer(), model.card())).predict(x);
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < 3; j++) {
                assertThat(after.probabilities()[r][j]).isCloseTo(nd4j.probabilities()[r][j], org.assertj.core.data.Offset.offset(2e-5));
            }
        }
    }

    @Test
    void upToThirtyTwoRowsStayOnThePlainJavaPassBitForBit() {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(2)),
                TrainingListener.NONE, new StopSignal()).model();
        float[][] x = Arrays.copyOf(model.encode(iris), DenseForward.MAX_ROWS);
        Predictions p = model.predict(x);
        assertThat(model.blasForward()).as("not built for 32 rows").isNull();
        for (int r = 0; r < x.length; r++) {
            assertThat(p.probabilities()[r]).containsExactly(model.predict(new float[][] {x[r]}).probabilities()[0]);
        }
    }

    @Test
    void otherNetworksAndRowsOfTheWrongWidthStayOnNd4j() {
        Table iris = TestTables.iris();
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(2)),
                TrainingListener.NONE, new StopSignal()).model();
        float[][] x = jittered(model.encode(iris), 100, new Random(2));
        // a convolution over the 4 inputs as a 2×2 image: ND4J's
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(2, 2, 1)).build();
        MultiLayerNetwork conv = new MultiLayerNetwork(conf);
        conv.init();
        TrainedModel convModel = new TrainedModel(conv, null, model.card());
        double[][] p = convModel.predict(x).probabilities();
        assertThat(convModel.blasForward()).isNull();
        assertThat(p).isDeepEqualTo(TrainedModel.rows(conv.output(Nd4j.create(x), false)));
        // rows one value short: ND4J's message, as with the switch off
        float[][] narrow = new float[40][3];
        Throwable fast = catchThrowable(() -> model.predict(narrow));
        Throwable slow = catchThrowable(() -> switchedOff(() -> new TrainedModel(model.network(), model.normalizer(), model.card())).predict(narrow));
        assertThat(fast).isNotNull().hasMessage(slow.getMessage()).isInstanceOf(slow.getClass());
    }

    private static TrainedModel switchedOff(Supplier<TrainedModel> make) {
        System.setProperty(DenseForward.SWITCH, "false");
        try {
            return make.get();
        } finally {
            System.clearProperty(DenseForward.SWITCH);
        }
    }

    /** n rows drawn from {@code rows}, each value moved by up to ±5 %. */
    private static float[][] jittered(float[][] rows, int n, Random rnd) {
        float[][] x = new float[n][];
        for (int r = 0; r < n; r++) {
            float[] from = rows[rnd.nextInt(rows.length)];
            x[r] = new float[from.length];
            for (int i = 0; i < from.length; i++) {
                x[r][i] = from[i] * (float) (1 + 0.1 * (rnd.nextDouble() - 0.5));
            }
        }
        return x;
    }

    /** The gap between the two largest probabilities. */
    private static double margin(double[] p) {
        double[] s = p.clone();
        Arrays.sort(s);
        return s[s.length - 1] - s[s.length - 2];
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
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /** Random weights scaled by fan-in (as a trained network's are) and non-zero biases, as in {@code DenseForwardTest}. */
    private static void scramble(MultiLayerNetwork net, Random rnd) {
        for (int l = 0; l < net.getnLayers(); l++) {
            INDArray w = net.getLayer(l).getParam("W");
            w.assign(Nd4j.create(gaussian(rnd, (int) w.length(), 1.5 / Math.sqrt(w.size(0))), w.shape(), 'c'));
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
