package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ClassMetrics;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.eval.Curves;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.transformation.FilteredList;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Evaluate page: the trained model's figures on the held-out test split beside a baseline's, and every
 * test row's prediction, filterable to the wrong ones or to one confusion-matrix cell.
 */
public final class EvaluateViewModel {

    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "Train a model to see how good it is.");
    private final ReadOnlyObjectWrapper<EvaluationResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<ClassMetrics> perClass = FXCollections.observableArrayList();
    private final ObservableList<EvaluatedRow> rows = FXCollections.observableArrayList();
    private final FilteredList<EvaluatedRow> shownRows = new FilteredList<>(rows);
    private final BooleanProperty onlyWrong = new SimpleBooleanProperty(this, "onlyWrong");
    private final ReadOnlyObjectWrapper<String[]> cell = new ReadOnlyObjectWrapper<>(this, "cell");
    private final ReadOnlyStringWrapper filterText = new ReadOnlyStringWrapper(this, "filterText", "");
    private final ReadOnlyObjectWrapper<java.util.Map<String, java.util.List<Curves.Point>>> curves =
            new ReadOnlyObjectWrapper<>(this, "curves", java.util.Map.of());

    private final Workspace workspace;

    public EvaluateViewModel(Workspace workspace) {
        this.workspace = workspace;
        workspace.outcomeProperty().addListener((o, a, outcome) -> show(outcome));
        onlyWrong.addListener((o, a, b) -> refilter());
        show(workspace.getOutcome());
    }

    /** Every test row with its prediction, confidence and loss, after the filters below. */
    /** The image a test row is (a file URI), or null when the model was trained on a table. */
    public String imageUri(EvaluatedRow row) {
        var images = workspace.getImages();
        var outcome = workspace.getOutcome();
        if (images == null || outcome == null || !outcome.model().readsImages() || row.row() >= images.size()) {
            return null;
        }
        return images.items().get(row.row()).file().toUri().toString();
    }

    /** How a test row is named in the browser: its file (images) or its line in the table file. */
    public String rowName(EvaluatedRow row) {
        var images = workspace.getImages();
        var outcome = workspace.getOutcome();
        if (images != null && outcome != null && outcome.model().readsImages() && row.row() < images.size()) {
            return images.relative(images.items().get(row.row()).file());
        }
        return Long.toString(row.line());
    }

    public ObservableList<EvaluatedRow> getShownRows() {
        return shownRows;
    }

    /** Show only the rows the model got wrong. */
    public BooleanProperty onlyWrongProperty() {
        return onlyWrong;
    }

    /** What the prediction list shows, e.g. "12 of 30 test rows · actual versicolor, predicted virginica". */
    public ReadOnlyStringProperty filterTextProperty() {
        return filterText.getReadOnlyProperty();
    }

    /**
     * The chart beside the matrix: ROC curve per class (one against the rest) for classification, or
     * predicted-against-actual points (key "rows") for regression. Insertion-ordered.
     */
    public ReadOnlyObjectProperty<java.util.Map<String, java.util.List<Curves.Point>>> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    private void computeCurves(TrainingOutcome outcome) {
        java.util.Map<String, java.util.List<Curves.Point>> m = new java.util.LinkedHashMap<>();
        if (outcome != null && outcome.test() instanceof EvaluationResult.Classification c && !outcome.testRows().isEmpty()) {
            int[] actual = outcome.testRows().stream().mapToInt(r -> c.labels().indexOf(r.actual())).toArray();
            double[][] p = outcome.testRows().stream().map(EvaluatedRow::probabilities).toArray(double[][]::new);
            for (int k = 0; k < c.labels().size(); k++) {
                m.put(c.labels().get(k), Curves.roc(actual, p, k));
            }
        } else if (outcome != null) {
            m.put("rows", outcome.testRows().stream()
                    .map(r -> new Curves.Point(Double.parseDouble(r.actual()), Double.parseDouble(r.predicted()))).toList());
        }
        curves.set(m);
    }

    /** Shows exactly the rows of one confusion-matrix cell (indices into the labels). */
    public void showCell(int actual, int predicted) {
        if (result.get() instanceof EvaluationResult.Classification c) {
            cell.set(new String[] {c.labels().get(actual), c.labels().get(predicted)});
            refilter();
        }
    }

    /** Back to all rows (the "only wrong" switch stays as it is). */
    public void clearCell() {
        cell.set(null);
        refilter();
    }

    public ReadOnlyObjectProperty<String[]> cellProperty() {
        return cell.getReadOnlyProperty();
    }

    private void refilter() {
        String[] c = cell.get();
        boolean wrong = onlyWrong.get();
        shownRows.setPredicate(r -> (!wrong || !r.correct()) && (c == null || (r.actual().equals(c[0]) && r.predicted().equals(c[1]))));
        StringBuilder sb = new StringBuilder(String.format("%d of %d test rows", shownRows.size(), rows.size()));
        if (c != null) {
            sb.append(" · actual ").append(c[0]).append(", predicted ").append(c[1]);
        }
        if (wrong) {
            sb.append(" · wrong only");
        }
        filterText.set(sb.toString());
    }

    /** The main figure, e.g. "Test accuracy 96.7 %". */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The full result (confusion matrix and all), or null before training. */
    public ReadOnlyObjectProperty<EvaluationResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ObservableList<ClassMetrics> getPerClass() {
        return perClass;
    }

    private void show(TrainingOutcome outcome) {
        if (outcome == null) {
            headline.set("");
            details.set("Train a model to see how good it is.");
            result.set(null);
            perClass.clear();
            rows.clear();
            cell.set(null);
            curves.set(java.util.Map.of());
            refilter();
            return;
        }
        rows.setAll(outcome.testRows());
        cell.set(null);
        computeCurves(outcome);
        EvaluationResult r = outcome.test();
        result.set(r);
        refilter();
        if (r instanceof EvaluationResult.Classification c) {
            headline.set(String.format("Test accuracy %.1f %%", c.accuracy() * 100));
            EvaluationResult.Classification b = (EvaluationResult.Classification) outcome.baseline();
            details.set(String.format("Macro F1 %.3f · ROC AUC (one-vs-rest, macro) %.3f · on %d held-out test rows that "
                            + "training never saw%s.%nBaseline, %s: accuracy %.1f %%, macro F1 %.3f.", c.f1Macro(), c.aucMacro(),
                    c.rows(), outcome.stoppedEarly() ? " (training was stopped early)" : "", outcome.baselineDescription(),
                    b.accuracy() * 100, b.f1Macro()));
            perClass.setAll(c.perClass());
        } else if (r instanceof EvaluationResult.Regression g) {
            headline.set(String.format("Test R² %.3f", g.r2()));
            EvaluationResult.Regression b = (EvaluationResult.Regression) outcome.baseline();
            details.set(String.format("RMSE %.4g · MAE %.4g on %d held-out test rows that training never saw.%n"
                            + "Baseline, %s: RMSE %.4g · MAE %.4g · R² %.3f.", g.rmse(), g.mae(), g.rows(),
                    outcome.baselineDescription(), b.rmse(), b.mae(), b.r2()));
            perClass.clear();
        }
    }
}
