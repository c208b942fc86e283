package io.modelbench.desktop.viewmodel;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-iteration loss as the Train page draws it: the raw batch losses and an exponential moving average
 * ({@code smoothing} 0 = none, 0.99 = very smooth, debiased at the start as TensorBoard does). Memory stays
 * bounded however long the run: past {@link #LIMIT} points every two neighbours are merged into their mean, so
 * the chart keeps the whole run at a coarser step.
 */
public final class LiveSeries {

    /** One drawn point: the iteration (the last one it covers), its mean loss, and the smoothed value there. */
    public record Point(long iteration, double loss, double smoothed) {
    }

    static final int LIMIT = 2_000;

    private final ObservableList<Point> points = FXCollections.observableArrayList();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0.9);
    private final List<long[]> spans = new ArrayList<>(); // per point: how many iterations it merges
    private double ema;
    private long count;

    public LiveSeries() {
        smoothing.addListener((o, a, b) -> resmooth());
    }

    public ObservableList<Point> getPoints() {
        return points;
    }

    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    void clear() {
        points.clear();
        spans.clear();
        ema = 0;
        count = 0;
    }

    /** Adds a batch of (iteration, loss) pairs with one change to the list. */
    void addAll(List<long[]> iterations, List<Double> losses) {
        if (iterations.isEmpty()) {
            return;
        }
        List<Point> added = new ArrayList<>(iterations.size());
        double s = clampSmoothing();
        for (int i = 0; i < iterations.size(); i++) {
            double loss = losses.get(i);
            if (!Double.isFinite(loss)) {
                continue;
            }
            count++;
            ema = s * ema + (1 - s) * loss;
            double debiased = s == 0 ? loss : ema / (1 - Math.pow(s, count));
            added.add(new Point(iterations.get(i)[0], loss, debiased));
            spans.add(new long[] {1});
        }
        points.addAll(added);
        if (points.size() > LIMIT) {
            halve();
        }
    }

    private void halve() {
        List<Point> merged = new ArrayList<>(points.size() / 2 + 1);
        List<long[]> mergedSpans = new ArrayList<>(merged.size());
        for (int i = 0; i + 1 < points.size(); i += 2) {
            Point a = points.get(i);
            Point b = points.get(i + 1);
            long na = spans.get(i)[0];
            long nb = spans.get(i + 1)[0];
            merged.add(new Point(b.iteration(), (a.loss() * na + b.loss() * nb) / (na + nb), b.smoothed()));
            mergedSpans.add(new long[] {na + nb});
        }
        if (points.size() % 2 == 1) {
            merged.add(points.get(points.size() - 1));
            mergedSpans.add(spans.get(spans.size() - 1));
        }
        spans.clear();
        spans.addAll(mergedSpans);
        points.setAll(merged);
    }

    private void resmooth() {
        double s = clampSmoothing();
        double e = 0;
        long k = 0;
        List<Point> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            long n = spans.get(i)[0];
            for (long j = 0; j < n; j++) { // a merged point stands for n iterations of its mean loss
                k++;
                e = s * e + (1 - s) * p.loss();
            }
            out.add(new Point(p.iteration(), p.loss(), s == 0 ? p.loss() : e / (1 - Math.pow(s, k))));
        }
        ema = e;
        count = k;
        points.setAll(out);
    }

    private double clampSmoothing() {
        return Math.max(0, Math.min(0.999, smoothing.get()));
    }
}
