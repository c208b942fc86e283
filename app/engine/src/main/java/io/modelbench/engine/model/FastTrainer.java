package io.modelbench.engine.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.function.BooleanSupplier;

/**
 * A trainer that moves a DL4J network exactly as its {@code fit} does, but faster, on the network's own parameters and
 * updater state ({@link DenseTrainer} for dense networks, {@link ConvTrainer} for small convolutional ones): what the
 * training session calls per epoch and per validation instead of DL4J's {@code fit} and {@code score}/{@code output}.
 */
public interface FastTrainer {

    /**
     * One epoch over the rows in {@code order}, a mini-batch per step; before each step {@code proceed} may hold (pause)
     * or end the epoch (false). Returns the steps done; increments the network's epoch count as {@code fit} does.
     */
    int fitEpoch(int[] order, BooleanSupplier proceed, DenseTrainer.BatchDone done);

    /**
     * The network's score (as {@code score(data, false)}) and outputs on these rows as it is now, or null when the arrays
     * are not rows of the network's input and output sizes (the caller asks DL4J then).
     */
    DenseTrainer.Evaluation evaluate(INDArray features, INDArray labels);
}
