package io.modelbench.cli;

import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr: one line at the start, then one per epoch (at most about 20 lines in all:
 * every k-th epoch for long runs, always the first and the last), e.g.
 * {@code epoch 3/50  loss 0.4123  val_loss 0.3891  val_accuracy 0.9333  1234 samples/s}.
 */
final class ProgressPrinter implements TrainingListener {

    static final int MAX_EPOCH_LINES = 20;

    private final PrintWriter err;
    private final boolean quiet;
    private int every = 1;

    ProgressPrinter(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (quiet) {
            return;
        }
        if (event instanceof TrainingEvent.Started s) {
            every = Math.max(1, (s.totalEpochs() + MAX_EPOCH_LINES - 1) / MAX_EPOCH_LINES);
            err.printf(Locale.ROOT, "training %s: %d training rows, %d validation rows, %d epochs of %d batches%n",
                    s.task().id(), s.trainingRows(), s.validationRows(), s.totalEpochs(), s.iterationsPerEpoch());
            err.flush();
        } else if (event instanceof TrainingEvent.EpochDone e) {
            if (e.epoch() == 1 || e.epoch() == e.totalEpochs() || e.epoch() % every == 0) {
                err.println(epochLine(e));
                err.flush();
            }
        } else if (event instanceof TrainingEvent.Finished f && f.stoppedEarly()) {
            err.printf(Locale.ROOT, "stopped after %d epochs: %s%n", f.epochsCompleted(), f.note());
            err.flush();
        }
    }

    static String epochLine(TrainingEvent.EpochDone e) {
        StringBuilder sb = new StringBuilder();
        int width = Integer.toString(e.totalEpochs()).length();
        sb.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.4f", e.epoch(), e.totalEpochs(), e.trainingLoss()));
        if (!Double.isNaN(e.validationLoss())) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f", e.validationLoss()));
        }
        if (!Double.isNaN(e.validationMetric())) {
            sb.append(String.format(Locale.ROOT, "  val_%s %.4f", e.metricName(), e.validationMetric()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %.0f samples/s", e.learningRate(), e.samplesPerSecond()));
        return sb.toString();
    }
}
