package io.modelbench.engine.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The arithmetic {@link DenseTrainer} and {@link ConvTrainer} share, each piece as DL4J does it: the output layer's loss
 * and its gradient (softmax + cross-entropy with optional class weights, identity + mean squared error), the L2 term of
 * the score, the L2 + Adam step over a range of the flattened parameters, and the epoch loop around the steps.
 */
final class TrainerMath {

    private TrainerMath() {
    }

    /** Adam's constants for one iteration, as libnd4j's adamUpdater computes them. */
    record AdamStep(float b1, float b2, float eps, float at) {
    }

    static AdamStep adamStep(Adam adam, int iteration, int epoch) {
        float lr = (float) adam.getLearningRate(iteration, epoch);
        float b1 = (float) adam.getBeta1();
        float b2 = (float) adam.getBeta2();
        float eps = (float) adam.getEpsilon();
        float b1t = (float) Math.pow(b1, iteration + 1);
        float b2t = (float) Math.pow(b2, iteration + 1);
        float at = lr * (float) Math.sqrt(1f - b2t) / (1f - b1t);
        if (Float.isNaN(at) || at == 0f || Float.isInfinite(at)) {
            at = eps;
        }
        return new AdamStep(b1, b2, eps, at);
    }

    /** The parameters' L2 score term 0.5·λ·Σp² over p[from, from + n); 0 without L2. */
    static double squares(ISchedule l2, float[] p, int from, int n, int iteration, int epoch) {
        if (l2 == null) {
            return 0;
        }
        double sq = 0;
        for (int k = from; k < from + n; k++) {
            sq += (double) p[k] * p[k];
        }
        return 0.5 * (float) l2.valueAt(iteration, epoch) * sq;
    }

    /**
     * Parameters [from, from + n): g = g / batch + λ·p (L2, when set), then DL4J's Adam (m, v, p -= m·αₜ / (√v + ε)).
     * Returns the L2 score term 0.5·λ·Σp² of the parameters before the step.
     */
    static double update(AdamStep a, float[] p, float[] g, float[] m, float[] v, int from, int n, float inv, ISchedule l2,
                         int iteration, int epoch) {
        float c = l2 == null ? 0f : (float) l2.valueAt(iteration, epoch);
        double score = squares(l2, p, from, n, iteration, epoch);
        float b1 = a.b1();
        float b2 = a.b2();
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        float at = a.at();
        float eps = a.eps();
        for (int k = from; k < from + n; k++) {
            float gk = g[k] * inv + c * p[k];
            float mk = b1 * m[k] + gk * c1;
            float vk = b2 * v[k] + gk * gk * c2;
            m[k] = mk;
            v[k] = vk;
            p[k] -= mk * at / ((float) Math.sqrt(vk) + eps);
        }
        return score;
    }

    /** The output layer's loss settings, from the network's output layer. */
    record Loss(boolean crossEntropy, float[] classWeights, float clipEps) {
    }

    /**
     * The loss summed over n rows of {@code out} outputs o (after the output activation) against labels y; dz = dL/dz of
     * the output layer per row (not yet divided by n).
     */
    static double lossAndOutputGradient(Loss loss, float[] o, float[] y, float[] dz, int n, int out) {
        double sum = 0;
        float[] classWeights = loss.classWeights();
        if (loss.crossEntropy()) {
            float clipEps = loss.clipEps();
            for (int r = 0; r < n; r++) {
                int k = r * out;
                float weightOfRow = 0f;
                for (int j = 0; j < out; j++) {
                    float w = classWeights == null ? 1f : classWeights[j];
                    float lab = y[k + j] * w;
                    float pr = Math.min(Math.max(o[k + j], clipEps), 1f - clipEps);
                    sum -= lab * Math.log(pr);
                    weightOfRow += lab;
                }
                for (int j = 0; j < out; j++) {   // DL4J: softmax + MCXENT: output · Σ(labels·w) − labels·w
                    float w = classWeights == null ? 1f : classWeights[j];
                    dz[k + j] = classWeights == null ? o[k + j] - y[k + j] : o[k + j] * weightOfRow - y[k + j] * w;
                }
            }
        } else {
            for (int r = 0; r < n; r++) {
                int k = r * out;
                double rowSum = 0;
                for (int j = 0; j < out; j++) {
                    float d = o[k + j] - y[k + j];
                    rowSum += (double) d * d;
                    dz[k + j] = 2f * d / out;   // MSE: 2 (output − label) / outputs; identity activation
                }
                sum += rowSum / out;
            }
        }
        return sum;
    }

    /** One forward pass, backward pass and Adam step over rows order[from .. from + n); returns the score. */
    @FunctionalInterface
    interface Step {
        double step(int[] order, int from, int n);
    }

    /**
     * One epoch as DL4J's {@code fit(iterator)} runs it: Adam's moments read from the updater state, one step per
     * {@code batch} rows of {@code order} while {@code proceed} allows, the score set after each, the moments written back
     * and the epoch count incremented at the end (also when a Stop ended it early). Returns the steps done.
     */
    static int epoch(MultiLayerNetwork net, List<UpdaterBlock> blocks, float[] m, float[] v, int[] order, int batch,
                     BooleanSupplier proceed, DenseTrainer.BatchDone done, Step step) {
        DenseTrainerParts.readMoments(blocks, m, v);
        int steps = 0;
        try {
            for (int from = 0; from < order.length; from += batch) {
                if (!proceed.getAsBoolean()) {
                    break;
                }
                int n = Math.min(batch, order.length - from);
                double score = step.step(order, from, n);
                net.setScore(score);
                steps++;
                done.done(score, n);
            }
        } finally {
            DenseTrainerParts.writeMoments(blocks, m, v);
            net.setEpochCount(net.getEpochCount() + 1);
        }
        return steps;
    }

    /**
     * A fast trainer built from what {@code inspect} finds, or null when it declines (it throws naming why), the switch
     * ({@link DenseTrainer#SWITCH}) is off, or OpenBLAS cannot be loaded: DL4J's {@code fit} trains the network then.
     */
    static <P, T> T build(java.util.function.Supplier<P> inspect, java.util.function.Function<P, T> trainer) {
        if (!DenseTrainer.enabled()) {
            return null;
        }
        try {
            P parts = inspect.get();
            OpenBlas.require();
            return trainer.apply(parts);
        } catch (RuntimeException | LinkageError e) {
            return null;   // declined, an unexpected layout or a missing library
        }
    }

    /** Why {@code inspect} declines (its message), or null when it does not. */
    static String whyNot(Runnable inspect) {
        try {
            inspect.run();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /**
     * The sum of a[from, from + n) in four running sums (one sum waits on each addition's latency: ~1.5 ms a LeNet step for
     * its convolutions' bias gradients; libnd4j sums in yet another order, so neither is DL4J's to the last bit).
     */
    static float sum(float[] a, int from, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int k = from;
        for (int end = from + (n & ~3); k < end; k += 4) {
            s0 += a[k];
            s1 += a[k + 1];
            s2 += a[k + 2];
            s3 += a[k + 3];
        }
        for (; k < from + n; k++) {
            s0 += a[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The random numbers of one layer's dropout in one iteration: from the network's seed, the iteration and the layer, so
     * that the same run drops the same inputs (ND4J's generator is not DL4J's per-layer stream, so not DL4J's inputs).
     */
    static java.util.SplittableRandom dropoutRandom(long seed, int iteration, int layer) {
        return new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + (long) iteration * 31 + layer);
    }

    /** A direct, native-order float buffer (what JavaCPP hands OpenBLAS without a copy). */
    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.max(1, floats) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
