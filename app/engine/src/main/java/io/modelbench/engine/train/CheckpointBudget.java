package io.modelbench.engine.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** When the next checkpoint is due: once the time since the last is the last write's time ÷ the share. */
final class CheckpointBudget {
    private final double share;
    private long lastEnd = System.nanoTime();
    private long lastCostNanos;

    CheckpointBudget(double share, MultiLayerNetwork net) {
        this.share = share;
        // until the first write is timed: the network and its updater state at ~150 MB/s (CheckpointZip, uncompressed:
        // 5.2 MB of LeNet with Adam in 14-39 ms at load 6; ModelSerializer's deflate managed ~30 MB/s)
        INDArray updater = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        long bytes = 4L * (net.numParams() + (updater == null ? 0 : updater.length()));
        lastCostNanos = bytes * 1_000_000_000L / 150_000_000L;
    }

    boolean due() {
        return share >= 1 || System.nanoTime() - lastEnd >= lastCostNanos / share;
    }

    void save(Checkpoints checkpoints, MultiLayerNetwork net, Checkpoints.State state, boolean best) {
        long t0 = System.nanoTime();
        checkpoints.save(net, state, best);
        lastEnd = System.nanoTime();
        lastCostNanos = lastEnd - t0;
    }
}
