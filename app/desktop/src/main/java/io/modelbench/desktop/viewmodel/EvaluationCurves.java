package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.eval.Curves;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Evaluate page's chart beside the matrix: per class the ROC and precision–recall curves (one against the rest),
 * or for regression the predicted-against-actual points and the histogram of residuals. {@link #compute} runs on a
 * worker; {@link #apply} on the UI thread. Part of {@link EvaluateViewModel}.
 */
final class EvaluationCurves {

    /** The curves and the residual histogram of one result's rows. */
    record CurveSet(Map<String, List<Curves.Point>> roc, Map<String, List<Curves.Point>> precisionRecall,
                    List<EvaluateViewModel.HistogramBin> residuals) {
    }

    final ObjectProperty<EvaluateViewModel.CurveKind> curveKind =
            new SimpleObjectProperty<>(this, "curveKind", EvaluateViewModel.CurveKind.ROC);
    final ReadOnlyObjectWrapper<Map<String, List<Curves.Point>>> curves = new ReadOnlyObjectWrapper<>(this, "curves", Map.of());
    final ObservableList<EvaluateViewModel.HistogramBin> residuals = FXCollections.observableArrayList();
    private Map<String, List<Curves.Point>> roc = Map.of();
    private Map<String, List<Curves.Point>> precisionRecall = Map.of();

    EvaluationCurves() {
        curveKind.addListener((o, a, b) -> curves.set(b == EvaluateViewModel.CurveKind.PRECISION_RECALL ? precisionRecall : roc));
    }

    void apply(CurveSet c) {
        roc = c.roc();
        precisionRecall = c.precisionRecall();
        residuals.setAll(c.residuals());
        curves.set(curveKind.get() == EvaluateViewModel.CurveKind.PRECISION_RECALL ? precisionRecall : roc);
    }

    static CurveSet compute(EvaluationResult r, List<EvaluatedRow> shownRows) {
        Map<String, List<Curves.Point>> rocs = new LinkedHashMap<>();
        Map<String, List<Curves.Point>> prs = new LinkedHashMap<>();
        List<EvaluateViewModel.HistogramBin> bins = List.of();
        if (r instanceof EvaluationResult.Classification c) {
            if (!shownRows.isEmpty() && shownRows.get(0).probabilities() != null) {
                int[] actual = shownRows.stream().mapToInt(x -> c.labels().indexOf(x.actual())).toArray();
                double[][] p = shownRows.stream().map(EvaluatedRow::probabilities).toArray(double[][]::new);
                for (int k = 0; k < c.labels().size(); k++) {
                    rocs.put(c.labels().get(k), Curves.roc(actual, p, k));
                    prs.put(c.labels().get(k), Curves.precisionRecall(actual, p, k));
                }
            }
        } else if (r != null) {
            List<Curves.Point> points = shownRows.stream()
                    .map(x -> new Curves.Point(Double.parseDouble(x.actual()), Double.parseDouble(x.predicted()))).toList();
            rocs.put("rows", points);
            prs = rocs;
            bins = histogram(points.stream().mapToDouble(p -> p.x() - p.y()).toArray());
        }
        return new CurveSet(rocs, prs, bins);
    }

    /** Equal-width bins over the values' range: about √n of them, 5 to 30. */
    static List<EvaluateViewModel.HistogramBin> histogram(double[] values) {
        if (values.length == 0) {
            return List.of();
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) {
            return List.of(new EvaluateViewModel.HistogramBin(lo - 0.5, hi + 0.5, values.length));
        }
        int k = (int) Math.max(5, Math.min(30, Math.ceil(Math.sqrt(values.length))));
        double width = (hi - lo) / k;
        int[] counts = new int[k];
        for (double v : values) {
            counts[Math.min(k - 1, (int) ((v - lo) / width))]++;
        }
        List<EvaluateViewModel.HistogramBin> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(new EvaluateViewModel.HistogramBin(lo + i * width, i == k - 1 ? hi : lo + (i + 1) * width, counts[i]));
        }
        return out;
    }
}
