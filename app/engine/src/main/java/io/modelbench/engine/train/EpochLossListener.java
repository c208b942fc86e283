package io.modelbench.engine.train;

import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The DL4J listener inside the training loop: turns each mini-batch into a {@link TrainingEvent.IterationDone} for
 * the session's listener, keeps the epoch's mean loss, and notices a NaN or infinite loss.
 */
final class EpochLossListener extends BaseTrainingListener {
    private final TrainingListener listener;
    private int epoch;
    private long iteration;
    private double sum;
    int batchesThisEpoch;
    long samplesThisEpoch;
    boolean diverged;
    double lastLoss;

    EpochLossListener(TrainingListener listener) {
        this.listener = listener;
    }

    void beginEpoch(int e) {
        epoch = e;
        sum = 0;
        batchesThisEpoch = 0;
        samplesThisEpoch = 0;
    }

    double meanLoss() {
        return batchesThisEpoch == 0 ? Double.NaN : sum / batchesThisEpoch;
    }

    @Override
    public void iterationDone(Model model, int iter, int ep) {
        batchDone(model.score(), model.batchSize());
    }

    /** One mini-batch done (by DL4J's fit or by the fast dense trainer): its score and rows. */
    void batchDone(double loss, int rows) {
        lastLoss = loss;
        if (!Double.isFinite(loss)) {
            diverged = true;
        }
        sum += loss;
        batchesThisEpoch++;
        samplesThisEpoch += rows;
        iteration++;
        listener.onEvent(new TrainingEvent.IterationDone(epoch, iteration, loss));
    }
}
