package io.modelbench.bench;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the end-of-session test report, {@code predict} and {@code evaluate} pay for many rows: the time of
 * {@code TrainedModel.predict(float[][])} on ROWS × 784 rows of the MLP 784-256-256-10 (as {@code infer} trains it),
 * through ModelBench's path (above 32 rows {@code BlasForward}, direct {@code cblas_sgemm}) and the same model with
 * {@code -Dmodelbench.fastDense=false} (ND4J: {@code Nd4j.create}, the normalizer, {@code net.output}), and bare
 * {@code net.output()} on the normalized rows, interleaved round by round after a warm-up; the median and the range of
 * each, and the largest difference between the two paths' probabilities.
 * {@code java -cp modelbench-bench.jar io.modelbench.bench.PredictProbe [ROWS [ROUNDS [WARMUPS]]]}.
 */
final class PredictProbe {

    private PredictProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 4_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("predict-probe");
        TrainedModel fast = new InferBench(null, null, work, 0).mlp().model;   // mlp() writes its rows for PyTorch there
        try (var files = java.nio.file.Files.list(work)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        java.nio.file.Files.delete(work);
        String was = System.getProperty("modelbench.fastDense");
        System.setProperty("modelbench.fastDense", "false");
        TrainedModel nd4j = new TrainedModel(fast.network(), fast.normalizer(), fast.card());
        if (was == null) {
            System.clearProperty("modelbench.fastDense");
        } else {
            System.setProperty("modelbench.fastDense", was);
        }
        float[][] x = SyntheticData.generate(rows, TrainingBench.MLP_INPUTS, TrainingBench.CLASSES, TrainingBench.SEED + 99).features;
        var normalized = Nd4j.create(x);
        fast.normalizer().transform(normalized);
        double[][] times = new double[3][rounds];
        double maxDiff = 0;
        for (int round = -warmups; round < rounds; round++) {
            long t0 = System.nanoTime();
            Predictions a = fast.predict(x);
            long t1 = System.nanoTime();
            Predictions b = nd4j.predict(x);
            long t2 = System.nanoTime();
            fast.network().output(normalized, false);
            long t3 = System.nanoTime();
            if (round == -warmups) {   // the first call of each path on 4,000 rows (the session's test report has run BlasForward once on 400)
                System.out.printf(Locale.ROOT, "first round: ModelBench %.2f ms, ND4J path %.2f ms, bare %.2f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                        (t3 - t2) / 1e6);
            }
            if (round >= 0) {
                times[0][round] = (t1 - t0) / 1e6;
                times[1][round] = (t2 - t1) / 1e6;
                times[2][round] = (t3 - t2) / 1e6;
            }
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < TrainingBench.CLASSES; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a.probabilities()[r][j] - b.probabilities()[r][j]));
                }
            }
        }
        System.out.printf(Locale.ROOT, "TrainedModel.predict, %d x %d rows, MLP 784-256-256-10, median [min-max] of %d rounds after %d warm-up%n",
                rows, TrainingBench.MLP_INPUTS, rounds, warmups);
        String[] names = {"ModelBench (BlasForward)", "ModelBench, -Dmodelbench.fastDense=false (ND4J)", "bare net.output() on normalized rows"};
        for (int k = 0; k < names.length; k++) {
            double[] t = times[k].clone();
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "  %-50s %7.2f ms [%.2f-%.2f]%n", names[k], t[t.length / 2], t[0], t[t.length - 1]);
        }
        System.out.printf(Locale.ROOT, "  largest difference between the two paths' probabilities: %.2e%n", maxDiff);
        System.out.printf(Locale.ROOT, "  load average %.2f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
