package io.modelbench.bench;

import io.modelbench.engine.model.ConvTrainer;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.nativeenv.OneDnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * {@code ConvTrainer} on the bench's LeNet without a session around it: the milliseconds of one training step (batch
 * 64, epochs of 640 random images, the first epochs left out) with the later convolutions through oneDNN's ops
 * ({@code NativeConv}) and through im2col, alternated epoch by epoch in one JVM, and the milliseconds of predicting one
 * image and 4 ({@code ConvTrainer.forInference}, what {@code predict} uses for up to 8) against {@code net.output} with
 * oneDNN's helpers. Medians and ranges. The environment ModelBench sets applies (OpenBLAS's idle threads: set
 * {@code OPENBLAS_THREAD_TIMEOUT} in the shell to compare; docs/PERFORMANCE.md "The third pass").
 * {@code java -cp modelbench-bench.jar io.modelbench.bench.ConvStepProbe [EPOCHS [CALLS]]}.
 */
final class ConvStepProbe {

    private ConvStepProbe() {
    }

    public static void main(String[] args) {
        NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rows = 640;
        Random r = new Random(1);
        float[][] x = new float[rows][784];
        float[][] y = new float[rows][TrainingBench.CLASSES];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = r.nextFloat();
            }
            y[i][r.nextInt(TrainingBench.CLASSES)] = 1;
        }
        INDArray features = Nd4j.create(x);
        INDArray labels = Nd4j.create(y);
        int[] order = new int[rows];
        Arrays.setAll(order, i -> i);
        boolean oneDnn = OneDnn.available();
        ConvTrainer[] trainers = new ConvTrainer[2];
        for (int k = 0; k < 2; k++) {
            MultiLayerNetwork net = new MultiLayerNetwork(TrainingBench.lenet());
            net.init();
            System.setProperty("modelbench.nativeConv", k == 0 ? "true" : "false");
            trainers[k] = ConvTrainer.of(net, features, labels, 64, oneDnn);
        }
        System.clearProperty("modelbench.nativeConv");
        double[][] ms = new double[2][epochs];
        int steps = (rows + 63) / 64;
        for (int e = 0; e < epochs; e++) {
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                trainers[k].fitEpoch(order, () -> true, (score, n) -> { });
                ms[k][e] = (System.nanoTime() - t0) / 1e6 / steps;
            }
        }
        int skip = Math.min(5, epochs - 1);
        System.out.println("ms per LeNet step (batch 64), epochs " + (skip + 1) + "-" + epochs + (oneDnn ? "" : " (ND4J without oneDNN)") + ":");
        System.out.println("  later convolutions through oneDNN's ops: " + range(Arrays.copyOfRange(ms[0], skip, epochs)));
        System.out.println("  every convolution through im2col:        " + range(Arrays.copyOfRange(ms[1], skip, epochs)));

        MultiLayerNetwork net = new MultiLayerNetwork(TrainingBench.lenet());
        net.init();
        OneDnn.install(net);
        ConvTrainer inference = ConvTrainer.forInference(net, 8);
        for (int n : new int[] {1, 4}) {
            INDArray some = features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .dup('c').castTo(DataType.FLOAT);
            double[] trainer = new double[5];
            double[] dl4j = new double[5];
            for (int round = 0; round < 7; round++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    inference.predict(some);
                }
                long t1 = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    net.output(some, false);
                }
                long t2 = System.nanoTime();
                if (round >= 2) {   // two warm-up rounds
                    trainer[round - 2] = (t1 - t0) / 1e6 / calls;
                    dl4j[round - 2] = (t2 - t1) / 1e6 / calls;
                }
            }
            System.out.printf(Locale.ROOT, "ms to predict %d image%s: ConvTrainer.forInference %s; net.output with oneDNN %s%n", n,
                    n == 1 ? "" : "s", range(trainer), range(dl4j));
        }
    }

    private static String range(double[] v) {
        Stats s = Stats.of(v);
        return String.format(Locale.ROOT, "median %.3f [%.3f–%.3f]", s.median(), s.min(), s.max());
    }
}
