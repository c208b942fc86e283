package io.modelbench.engine.train;

import io.modelbench.engine.api.StopSignal;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;

/**
 * Feeds pre-made mini-batches to {@code MultiLayerNetwork.fit(DataSetIterator)} (one call per epoch is ~1.7x
 * faster than fitting batch by batch). Ends early when the stop signal is raised, so a stop takes effect
 * after the current mini-batch; waits between mini-batches while paused. No asynchronous prefetch: the data
 * is already in memory.
 */
final class BatchIterator implements DataSetIterator {

    private final List<DataSet> batches;
    private final StopSignal stop;
    private final int batchSize;
    private int cursor;

    BatchIterator(List<DataSet> batches, int batchSize, StopSignal stop) {
        this.batches = batches;
        this.batchSize = batchSize;
        this.stop = stop;
    }

    @Override
    public boolean hasNext() {
        if (cursor >= batches.size()) {
            return false;
        }
        stop.awaitWhilePaused();
        return !stop.isRequested();
    }

    @Override
    public DataSet next() {
        return batches.get(cursor++);
    }

    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public int inputColumns() {
        return (int) batches.get(0).getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) batches.get(0).getLabels().size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("batches are normalized before training");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
