package io.modelbench.engine.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A network's state at the end of an epoch that was not checkpointed: parameters, optimizer state, counters. */
record EpochEnd(INDArray params, INDArray updaterState, int iterationCount, int epochCount, Checkpoints.State state) {

    EpochEnd(MultiLayerNetwork net, Checkpoints.State state) {
        this(net.params().dup(), net.getUpdater() == null || net.getUpdater().getStateViewArray() == null ? null
                        : net.getUpdater().getStateViewArray().dup(),
                net.getLayerWiseConfigurations().getIterationCount(), net.getLayerWiseConfigurations().getEpochCount(),
                state);
    }

    /** A copy of {@code net} as it was then. */
    MultiLayerNetwork network(MultiLayerNetwork net) {
        MultiLayerNetwork copy = net.clone();
        copy.setParams(params);
        if (updaterState != null) {
            copy.getUpdater().getStateViewArray().assign(updaterState);
        }
        copy.getLayerWiseConfigurations().setIterationCount(iterationCount);
        copy.getLayerWiseConfigurations().setEpochCount(epochCount);
        return copy;
    }
}
