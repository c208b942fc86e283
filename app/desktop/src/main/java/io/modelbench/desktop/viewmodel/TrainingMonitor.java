package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.app.RunEvent;
import io.modelbench.engine.project.RunInfo;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

/**
 * The Train page's live figures, fed by a run's events in batches on the UI thread (a few a second, through the
 * {@link TaskRunner}): loss per epoch and per mini-batch, learning rate and speed per epoch, progress, time left, the
 * status line and the session's log. Part of {@link TrainViewModel}; UI thread only.
 */
final class TrainingMonitor {

    static final int LOG_LIMIT = 1_000;

    final ObservableList<EpochPoint> points = FXCollections.observableArrayList();
    final LiveSeries iterations = new LiveSeries();
    final ObservableList<TrainViewModel.RatePoint> rates = FXCollections.observableArrayList();
    final ObservableList<String> log = FXCollections.observableArrayList();
    final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    final ReadOnlyStringWrapper timeLeft = new ReadOnlyStringWrapper(this, "timeLeft", "");
    /** True while the status line belongs to the user's command (paused, stopping), not to the latest epoch. */
    private final BooleanSupplier holdStatus;
    /** True while a session runs (a batch's loss goes to the status line only then). */
    private final BooleanSupplier running;
    private int firstEpochThisSession;
    private String metricName = "accuracy";

    TrainingMonitor(BooleanSupplier holdStatus, BooleanSupplier running) {
        this.holdStatus = holdStatus;
        this.running = running;
    }

    /** Clears the figures for a new session; a resumed run's recorded epochs are shown again. */
    void start(RunInfo resumed, String statusLine) {
        points.clear();
        iterations.clear();
        rates.clear();
        timeLeft.set("");
        firstEpochThisSession = 0;
        if (resumed != null) {
            resumed.epochs().forEach(e -> points.add(new EpochPoint(e.epoch(), e.trainingLoss(), e.validationLoss(), e.validationMetric())));
        }
        progress.set(0);
        status.set(statusLine);
    }

    void addLog(String line) {
        addLogs(List.of(line));
    }

    /**
     * Appends lines to the log in one change (and drops the oldest past the limit in one more): with the dense trainer
     * a small table ends thousands of epochs a second, and one add and one remove per epoch, each redoing the log
     * pane's layout and scroll, kept the JavaFX thread so busy that a Pause click took seconds (issue 17).
     */
    private void addLogs(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        String now = java.time.LocalTime.now().withNano(0) + "  ";
        List<String> stamped = new ArrayList<>(Math.min(lines.size(), LOG_LIMIT));
        for (String line : lines.subList(Math.max(0, lines.size() - LOG_LIMIT), lines.size())) {
            stamped.add(now + line);
        }
        int drop = log.size() + stamped.size() - LOG_LIMIT;
        if (drop > 0) {
            log.remove(0, Math.min(drop, log.size()));
        }
        log.addAll(stamped);
    }

    /** A batch of a run's events: the threads it uses to the log, its training events to the figures. */
    void applyRun(List<RunEvent> batch) {
        List<TrainingEvent> training = new ArrayList<>();
        for (RunEvent e : batch) {
            if (e instanceof RunEvent.Started s) {
                addLog("Using " + s.threads() + " CPU thread" + (s.threads() == 1 ? "" : "s") + ".");
            } else if (e instanceof RunEvent.Training t) {
                training.add(t.event());
            } else if (e instanceof RunEvent.AutoCandidate c) {
                String line = String.format("Tried %s: validation %s %.4g (%.1f s).", c.settings(), c.metricName(), c.validationMetric(), c.seconds());
                addLog(line);
                status.set("Trying settings on the validation split… " + line);
            }
        }
        if (!training.isEmpty()) {
            apply(training);
        }
    }

    private void apply(List<TrainingEvent> batch) {
        List<String> epochLines = new ArrayList<>();
        TrainingEvent.IterationDone lastIteration = null;
        List<EpochPoint> newPoints = new ArrayList<>();
        List<long[]> its = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<TrainViewModel.RatePoint> newRates = new ArrayList<>();
        for (TrainingEvent e : batch) {
            if (e instanceof TrainingEvent.Started s) {
                metricName = s.task() == TaskType.CLASSIFICATION ? "accuracy" : "RMSE";
                status.set(String.format("Training on %,d rows, validating on %,d…", s.trainingRows(), s.validationRows()));
                addLog(String.format("Started: %d epochs of %d batches, %,d training rows, %,d validation rows.",
                        s.totalEpochs(), s.iterationsPerEpoch(), s.trainingRows(), s.validationRows()));
            } else if (e instanceof TrainingEvent.IterationDone it) {
                lastIteration = it;
                its.add(new long[] {it.iteration()});
                losses.add(it.loss());
            } else if (e instanceof TrainingEvent.EpochDone d) {
                newPoints.add(new EpochPoint(d.epoch(), d.trainingLoss(), d.validationLoss(), d.validationMetric()));
                newRates.add(new TrainViewModel.RatePoint(d.epoch(), d.learningRate(), d.samplesPerSecond()));
                epochLines.add(epochDone(d));
            } else if (e instanceof TrainingEvent.Finished f) {
                addLogs(epochLines);
                epochLines.clear();
                timeLeft.set("");
                addLog(f.note() + String.format(" (%d epochs, %.1f s).", f.epochsCompleted(), f.elapsedMillis() / 1000.0));
                progress.set(f.stoppedEarly() ? progress.get() : 1.0);
                status.set(String.format("%s after %d epochs in %.1f s (%,.0f samples/s): %s.",
                        f.stoppedEarly() ? "Stopped" : "Finished", f.epochsCompleted(), f.elapsedMillis() / 1000.0,
                        f.samplesPerSecond(), f.note()));
            }
        }
        addLogs(epochLines);
        iterations.addAll(its, losses);
        if (!newRates.isEmpty()) {
            replaceFrom(rates, newRates, TrainViewModel.RatePoint::epoch);
        }
        if (!newPoints.isEmpty()) {
            replaceFrom(points, newPoints, EpochPoint::epoch);
        }
        if (lastIteration != null && newPoints.isEmpty() && running.getAsBoolean() && !holdStatus.getAsBoolean()) {
            status.set(String.format("Epoch %d · batch loss %.4f", lastIteration.epoch(), lastIteration.loss()));
        }
    }

    /** The epoch's progress, time left and status; returns its log line. */
    private String epochDone(TrainingEvent.EpochDone d) {
        progress.set((double) d.epoch() / d.totalEpochs());
        if (firstEpochThisSession == 0) {
            firstEpochThisSession = d.epoch();
        }
        int done = d.epoch() - firstEpochThisSession + 1;
        double perEpoch = d.elapsedMillis() / 1000.0 / Math.max(1, done);
        int left = d.totalEpochs() - d.epoch();
        timeLeft.set(left <= 0 ? "" : "about " + duration(perEpoch * left) + " left");
        String line = String.format("Epoch %d/%d: loss %.4f, validation loss %.4f, validation %s %s, lr %.3g, %,.0f samples/s",
                d.epoch(), d.totalEpochs(), d.trainingLoss(), d.validationLoss(), metricName, format(d.validationMetric()),
                d.learningRate(), d.samplesPerSecond());
        if (!holdStatus.getAsBoolean()) {
            status.set(String.format("Epoch %d of %d · loss %.4f · validation loss %.4f · validation %s %s · lr %.3g · %,.0f samples/s",
                    d.epoch(), d.totalEpochs(), d.trainingLoss(), d.validationLoss(), metricName,
                    format(d.validationMetric()), d.learningRate(), d.samplesPerSecond())
                    + (timeLeft.get().isEmpty() ? "" : " · " + timeLeft.get()));
        }
        return line;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /**
     * Appends the new epochs; epochs already listed from the first new one on are replaced, as RunInfo.withEpoch does:
     * a run resumed from a checkpoint older than its last recorded epoch (a crash between checkpoints) trains those
     * again.
     */
    static <T> void replaceFrom(ObservableList<T> list, List<T> added, ToIntFunction<T> epoch) {
        int from = epoch.applyAsInt(added.get(0));
        if (list.isEmpty() || epoch.applyAsInt(list.get(list.size() - 1)) < from) {
            list.addAll(added);
            return;
        }
        List<T> kept = new ArrayList<>(list.stream().filter(x -> epoch.applyAsInt(x) < from).toList());
        kept.addAll(added);
        list.setAll(kept);
    }

    private String format(double metric) {
        if (Double.isNaN(metric)) {
            return "–";
        }
        return metricName.equals("accuracy") ? String.format("%.1f %%", metric * 100) : String.format("%.4g", metric);
    }
}
