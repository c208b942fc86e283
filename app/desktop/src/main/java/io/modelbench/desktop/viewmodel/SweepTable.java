package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.SweepRecords;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Experiments page's trials as they stand: one {@link TrialRow} per planned trial (waiting, then running, then
 * ended), each ended trial's {@link TrialResult} (for "Use this trial"), each trial's validation curve, and the
 * parallel-coordinates chart of them all. Fed by the sweep's events in batches on the UI thread, or by a sweep read back
 * from the project. Part of {@link ExperimentsViewModel}; UI thread only.
 */
final class SweepTable {

    final ObservableList<TrialRow> rows = FXCollections.observableArrayList();
    final ObservableList<TrialCurve> curves = FXCollections.observableArrayList();
    final ObjectProperty<ParallelCoordinates> parallel = new SimpleObjectProperty<>(this, "parallel", ParallelCoordinates.EMPTY);
    private final Map<Integer, TrialResult> results = new LinkedHashMap<>();
    private final Map<Integer, List<EpochPoint>> points = new LinkedHashMap<>();
    private SearchSpace space;
    private int best = -1;

    /** A new sweep's plan (or a continued one's: the rows of ended trials come back through their events). */
    void plan(SearchSpace s, List<Trial> trials) {
        space = s;
        results.clear();
        points.clear();
        best = -1;
        List<TrialRow> planned = new ArrayList<>();
        for (Trial t : trials) {
            planned.add(new TrialRow(t.number(), t.params(), TrialRow.describe(t.params()), "", Double.NaN, 0, 0, TrialRow.WAITING,
                    0, "", false, false));
        }
        rows.setAll(planned);
        curves.clear();
        parallel.set(ParallelCoordinates.of(space, rows));
    }

    /** A sweep read back from the project: its plan, its ended trials and their curves. */
    void restore(SweepRecords.Saved saved, List<Trial> plan) {
        plan(saved.spec().space(), plan);
        saved.curves().forEach((n, epochs) -> points.put(n, epochs.stream()
                .map(e -> new EpochPoint(e.epoch(), e.trainingLoss(), e.validationLoss(), e.validationMetric())).toList()));
        saved.results().forEach(this::ended);
        if (saved.best() != null) {
            markBest(saved.best().trial());
        }
        refresh();
    }

    /** Forgets the sweep (another project, or none). */
    void clear() {
        space = null;
        results.clear();
        points.clear();
        best = -1;
        rows.clear();
        curves.clear();
        parallel.set(ParallelCoordinates.EMPTY);
    }

    /** A batch of the sweep's events. */
    void apply(List<SweepEvent> batch) {
        for (SweepEvent e : batch) {
            if (e instanceof SweepEvent.TrialStarted s) {
                points.put(s.trial().number(), new ArrayList<>());
                update(s.trial().number(), r -> r.with(TrialRow.RUNNING, Double.NaN, r.metricName(), 0, r.totalEpochs(), 0));
            } else if (e instanceof SweepEvent.TrialEpoch d) {
                points.computeIfAbsent(d.trial(), k -> new ArrayList<>())
                        .add(new EpochPoint(d.epoch(), d.trainingLoss(), d.validationLoss(), d.validationMetric()));
                update(d.trial(), r -> r.with(TrialRow.RUNNING, d.validationMetric(), d.metricName(), d.epoch(), d.totalEpochs(), r.seconds()));
            } else if (e instanceof SweepEvent.TrialFinished f) {
                ended(f.result());
            } else if (e instanceof SweepEvent.SweepFinished f) {
                finished(f.result());
            }
        }
        refresh();
    }

    /** The sweep's result: every trial's final row, and the best marked. */
    void finished(SweepResult result) {
        result.trials().forEach(this::ended);
        if (result.best() != null) {
            markBest(result.best().trial());
        }
        refresh();
    }

    private void ended(TrialResult r) {
        results.put(r.number(), r);
        String metricName = r.validation().containsKey("accuracy") ? "accuracy" : r.validation().containsKey("rmse") ? "rmse" : "";
        Object m = metricName.isEmpty() ? null : r.validation().get(metricName);
        double metric = m instanceof Number n ? n.doubleValue() : Double.NaN;
        TrialRow row = new TrialRow(r.number(), r.params(), TrialRow.describe(r.params()), metricName, metric, r.epochs(),
                totalOf(r.number()), r.status(), r.seconds(), r.message(), r.hasModel(), r.number() == best);
        int i = indexOf(r.number());
        if (i >= 0) {
            rows.set(i, row);
        } else {
            rows.add(row);
        }
    }

    private int totalOf(int trial) {
        int i = indexOf(trial);
        return i < 0 ? 0 : rows.get(i).totalEpochs();
    }

    private void markBest(int trial) {
        best = trial;
        for (int i = 0; i < rows.size(); i++) {
            rows.set(i, rows.get(i).withBest(rows.get(i).number() == trial));
        }
    }

    private void update(int trial, java.util.function.UnaryOperator<TrialRow> change) {
        int i = indexOf(trial);
        if (i >= 0) {
            rows.set(i, change.apply(rows.get(i)));
        }
    }

    private int indexOf(int trial) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).number() == trial) {
                return i;
            }
        }
        return -1;
    }

    private void refresh() {
        List<TrialCurve> c = new ArrayList<>();
        points.forEach((n, p) -> {
            if (!p.isEmpty()) {
                c.add(new TrialCurve(n, p));
            }
        });
        curves.setAll(c);
        parallel.set(ParallelCoordinates.of(space, rows));
    }

    /** The ended trial's result, or null while it has none. */
    TrialResult result(int trial) {
        return results.get(trial);
    }

    /** The best trial's number, or -1. */
    int best() {
        return best;
    }

    /** How many planned trials ended. */
    long ended() {
        return rows.stream().filter(TrialRow::ended).count();
    }
}
