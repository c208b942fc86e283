package io.modelbench.engine.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * When the next checkpoint is due: once the time since the last is the last write's time ÷ the share. The checkpoint
 * that ends a run is written on a thread of its own ({@link #saveInBackground}) while the session computes its test
 * report, and waited for ({@link #await}) before the network changes, before Finished is sent and before the run's
 * folder is unlocked.
 */
final class CheckpointBudget {
    private final double share;
    private long lastEnd = System.nanoTime();
    private long lastCostNanos;
    private FutureTask<Void> pending;

    /** What a session closes last: it waits for the checkpoint being written, if any (see {@link #await}). */
    interface Pending extends AutoCloseable {
        @Override
        void close();
    }

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
        await();
        write(checkpoints, net, state, best);
    }

    /**
     * As {@link #save}, on a thread of its own: the network and its updater state must not change until {@link #await}
     * returns. Why: LeNet's final checkpoint (5.2 MB: the configuration's JSON, the floats turned big-endian, the writes)
     * took 16–38 ms after the last epoch, and the test report (128 images through ND4J, 13–25 ms) can run meanwhile on
     * the other core (issue 17).
     */
    void saveInBackground(Checkpoints checkpoints, MultiLayerNetwork net, Checkpoints.State state, boolean best) {
        await();
        FutureTask<Void> task = new FutureTask<>(() -> write(checkpoints, net, state, best), null);
        Thread t = new Thread(task, "modelbench-checkpoint");
        t.setDaemon(true);
        pending = task;
        t.start();
    }

    /** True while a checkpoint started by {@link #saveInBackground} has not been awaited. */
    boolean writing() {
        return pending != null;
    }

    /**
     * Waits for the checkpoint being written in the background, if any, and throws what its write threw (the same
     * exception {@link #save} would have). An interrupt does not cut the wait short (the file is complete or removed
     * before this returns, so a run never ends with a checkpoint still being written); it is kept for the caller.
     */
    void await() {
        FutureTask<Void> task = pending;
        if (task == null) {
            return;
        }
        pending = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #await}, then the moment the last checkpoint's write ended ({@link System#nanoTime()}). */
    long awaitEnd() {
        await();
        return lastEnd;
    }

    private void write(Checkpoints checkpoints, MultiLayerNetwork net, Checkpoints.State state, boolean best) {
        long t0 = System.nanoTime();
        checkpoints.save(net, state, best);
        lastEnd = System.nanoTime();
        lastCostNanos = lastEnd - t0;
    }
}
