package io.modelbench.engine.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What the fast trainers' tests (dense and convolutional) check alike against DL4J. */
final class TrainerChecks {

    private TrainerChecks() {
    }

    /** 0 … n − 1 shuffled with the seed: one epoch's order of rows. */
    static int[] order(int n, long seed) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        java.util.Collections.shuffle(l, new Random(seed));
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every element within tol of the expected one (relative above 1); the message names the worst. */
    static void assertClose(String what, INDArray actual, INDArray expected, double tol) {
        float[] a = actual.dup('c').data().asFloat();
        float[] e = expected.dup('c').data().asFloat();
        assertThat(a).as(what).hasSameSizeAs(e);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - e[i]) / Math.max(1.0, Math.abs(e[i]));
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertThat(worst).as("%s: worst difference at %d: %s vs %s", what, at, at < 0 ? "" : a[at], at < 0 ? "" : e[at]).isLessThanOrEqualTo(tol);
    }

    /**
     * Trains the network with its fast trainer and a copy of it (reference) with DL4J's {@code fit} over the same
     * epochs' orders (dl4jEpoch fits one), then holds the held-out loss below belowStart × the start and within 15 % of
     * DL4J's (dropout with random numbers of their own: compared by what they learn), and the fast trainer's outputs in
     * inference to the network's own without dropout (1e-5). Returns its evaluation of the held-out rows.
     */
    static DenseTrainer.Evaluation assertLearnsAsDl4j(FastTrainer t, MultiLayerNetwork net, MultiLayerNetwork reference,
                                                      DataSet data, DataSet heldOut, int epochs, long orderSeed, double belowStart,
                                                      BiConsumer<MultiLayerNetwork, int[]> dl4jEpoch) {
        double start = net.score(heldOut, false);
        int rows = data.numExamples();
        for (int e = 0; e < epochs; e++) {
            int[] order = order(rows, orderSeed + e);
            dl4jEpoch.accept(reference, order);
            t.fitEpoch(order, () -> true, (sc, n) -> { });
        }
        double ours = net.score(heldOut, false);
        double dl4j = reference.score(heldOut, false);
        assertThat(ours).as("held-out loss after " + epochs + " epochs (DL4J's: " + dl4j + ", at the start: " + start + ")")
                .isLessThan(start * belowStart).isCloseTo(dl4j, org.assertj.core.data.Percentage.withPercentage(15));
        DenseTrainer.Evaluation v = t.evaluate(heldOut.getFeatures(), heldOut.getLabels());
        assertClose("outputs without dropout in inference", v.output(), net.output(heldOut.getFeatures(), false), 1e-5);
        return v;
    }

    /**
     * After one step on one row with dropout on a dense layer's outputs (outputs: that layer's activations [1, units]
     * before the step; W [in, units] and b before and after): of the units that were active (ReLU > 0), those dropped
     * got no gradient, so Adam left their weights and bias exactly as they were, and the kept ones moved; about half
     * of them for a keep probability of 0.5.
     */
    static void assertDroppedUnitsStill(INDArray outputs, INDArray w0, INDArray b0, INDArray w1, INDArray b1) {
        int active = 0;
        int still = 0;
        for (int j = 0; j < b0.length(); j++) {
            if (outputs.getFloat(0, j) <= 0) {
                continue;
            }
            active++;
            boolean unchanged = b1.getFloat(j) == b0.getFloat(j);
            assertThat(w1.getColumn(j).equals(w0.getColumn(j))).as("unit " + j + ": its weights move with its bias").isEqualTo(unchanged);
            still += unchanged ? 1 : 0;
        }
        assertThat(active).isGreaterThan(16);
        assertThat(still / (double) active).as(still + " of " + active + " active units dropped").isBetween(0.2, 0.8);
    }
}
