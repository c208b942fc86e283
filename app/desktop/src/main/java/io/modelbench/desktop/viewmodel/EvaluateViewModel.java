package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.app.Exports;
import io.modelbench.engine.api.ClassMetrics;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.eval.Curves;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Evaluate page: the trained model's figures on the held-out test split beside a baseline's (or on another
 * file the user chose), and every row's prediction, filterable to the wrong ones or to one confusion-matrix
 * cell. Chart data is kept here as plain lists and records; the view draws it.
 */
public final class EvaluateViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateViewModel.class);

    /** Which curves the classification chart shows. */
    public enum CurveKind { ROC, PRECISION_RECALL }

    /** One bar of the residual histogram: residuals (actual − predicted) in [from, to), the last bar closed. */
    public record HistogramBin(double from, double to, int count) {
    }

    /** What the page shows: the test split, or another file's rows. */
    private record Shown(EvaluationResult result, List<EvaluatedRow> rows, String source, ImageDataset images) {
    }

    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "Train a model to see how good it is.");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper(this, "warning", "");
    private final ReadOnlyObjectWrapper<EvaluationResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<ClassMetrics> perClass = FXCollections.observableArrayList();
    private final ObservableList<EvaluatedRow> rows = FXCollections.observableArrayList();
    private final FilteredList<EvaluatedRow> shownRows = new FilteredList<>(rows);
    private final BooleanProperty onlyWrong = new SimpleBooleanProperty(this, "onlyWrong");
    private final ReadOnlyObjectWrapper<String[]> cell = new ReadOnlyObjectWrapper<>(this, "cell");
    private final ReadOnlyStringWrapper filterText = new ReadOnlyStringWrapper(this, "filterText", "");
    private final EvaluationCurves curves = new EvaluationCurves();
    private final ReadOnlyObjectWrapper<EvaluatedRow> selectedRow = new ReadOnlyObjectWrapper<>(this, "selectedRow");
    private final ObservableList<TryViewModel.ClassProbability> selectedProbabilities = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper selectedText = new ReadOnlyStringWrapper(this, "selectedText", "");
    private final ReadOnlyStringWrapper shownData = new ReadOnlyStringWrapper(this, "shownData", "");
    private final ReadOnlyBooleanWrapper otherData = new ReadOnlyBooleanWrapper(this, "otherData");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private final Workspace workspace;
    private final Executor background;
    private final UiScheduler ui;
    /** Reading another file and evaluating on it, with progress; cancellable. */
    private final TaskRunner evaluation;
    /** The later steps of showing a result (and its curves, computed on a worker): a newer result drops them. */
    private final TaskRunner steps;
    private Shown shown;

    /**
     * @param background executor for reading another file and evaluating on it, and for writing chart files
     * @param ui         where results come back (the JavaFX thread in the app)
     */
    public EvaluateViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.background = background;
        this.ui = ui;
        this.evaluation = new TaskRunner(background, ui);
        this.steps = new TaskRunner(background, ui);
        workspace.outcomeProperty().addListener((o, a, outcome) -> {
            evaluation.cancel();
            error.set("");
            show(outcome);
        });
        onlyWrong.addListener((o, a, b) -> refilter());
        show(workspace.getOutcome());
    }

    // ---- which data is shown -------------------------------------------------------------------------------
    /** Says which data the figures, matrix and rows come from, e.g. "Test split: 30 held-out rows of iris.csv". */
    public ReadOnlyStringProperty shownDataProperty() {
        return shownData.getReadOnlyProperty();
    }

    /** True while another file's figures are shown instead of the test split's. */
    public ReadOnlyBooleanProperty otherDataProperty() {
        return otherData.getReadOnlyProperty();
    }

    /** True when the model reads images: "another file" is then a folder with one subfolder per class. */
    public boolean readsImages() {
        TrainingOutcome outcome = workspace.getOutcome();
        return outcome != null && outcome.model().readsImages();
    }

    /** True while another file is being read and evaluated. */
    public ReadOnlyBooleanProperty evaluatingProperty() {
        return evaluation.runningProperty();
    }

    /** The share of the file read so far while evaluating (-1: not known). */
    public ReadOnlyDoubleProperty progressProperty() {
        return evaluation.progressProperty();
    }

    /** The last failure as one line (bad file, missing column, unknown class, a chart that could not be saved); "" if none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last command did, e.g. "Saved roc.png (14 KB)". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * Reads {@code file} in the background (a CSV with the model's input columns and its target, or for an image
     * model a folder with one subfolder per class), evaluates the model on it and shows its figures, matrix and
     * rows in place of the test split. A bad file leaves the page as it was and sets {@link #errorProperty()}.
     */
    public void evaluateOn(Path file) {
        TrainingOutcome outcome = workspace.getOutcome();
        if (outcome == null || evaluation.isRunning()) {
            return;
        }
        TrainedModel model = outcome.model();
        error.set("");
        message.set("");
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        evaluation.run(BackgroundTask.of(ctx -> evaluate(model, file, name, ctx))
                .describedAs("Could not evaluate on " + file)
                .onSuccess(s -> display(s, outcome))
                .onCancelled(this::cancelled)
                .onFailure(error::set));
    }

    private Shown evaluate(TrainedModel model, Path file, String name, TaskContext<?> ctx) {
        if (model.readsImages()) {
            ImageDataset images = Datasets.openImages(file, name, model.card().image().settings(), ctx);
            ctx.checkCancelled();
            EvaluationResult r = model.evaluate(images);
            ctx.checkCancelled();
            return new Shown(r, model.evaluateRows(images), name, images);
        }
        if (Files.isDirectory(file)) {
            // the engine's words (TrainedModel.evaluate(ImageDataset)), without reading every image first
            throw InputException.file(file, "is an image folder, but this model was trained on a table",
                    "evaluate it on a CSV file with the columns " + String.join(", ", model.card().inputColumns()));
        }
        Table table = Datasets.readTable(file, ctx);
        ctx.checkCancelled();
        EvaluationResult r = model.evaluate(table);
        ctx.checkCancelled();
        return new Shown(r, model.evaluateRows(table), name, null);
    }

    /** Stops the evaluation under way; the page keeps what it showed before. */
    public void cancel() {
        if (evaluation.cancel()) {
            cancelled();
        }
    }

    private void cancelled() {
        message.set("Evaluation cancelled; the page still shows " + shortName() + ".");
    }

    /** Back to the held-out test split of the latest training run. */
    public void showTestSplit() {
        cancel();
        error.set("");
        message.set("");
        show(workspace.getOutcome());
    }

    private String shortName() {
        return shown == null ? "nothing" : otherData.get() ? shown.source() : "the test split";
    }

    // ---- figures ---------------------------------------------------------------------------------------------
    /** The image a row is (a file URI), or null when the model was trained on a table. */
    public String imageUri(EvaluatedRow row) {
        ImageDataset images = imagesOfShownRows();
        if (images == null || row.row() >= images.size()) {
            return null;
        }
        return images.items().get(row.row()).file().toUri().toString();
    }

    /** How a row is named in the browser: its file (images) or its line in the table file. */
    public String rowName(EvaluatedRow row) {
        ImageDataset images = imagesOfShownRows();
        if (images != null && row.row() < images.size()) {
            return images.relative(images.items().get(row.row()).file());
        }
        return Long.toString(row.line());
    }

    private ImageDataset imagesOfShownRows() {
        if (shown != null && shown.images() != null) {
            return shown.images();
        }
        TrainingOutcome outcome = workspace.getOutcome();
        if (otherData.get() || outcome == null || !outcome.model().readsImages()) {
            return null;
        }
        return workspace.getImages();
    }

    /** Every row with its prediction, confidence and loss, after the filters below. */
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

    /** ROC or precision–recall curves in the classification chart. */
    public ObjectProperty<CurveKind> curveKindProperty() {
        return curves.curveKind;
    }

    /**
     * The chart beside the matrix: per class (one against the rest) the ROC curve, points (false-positive rate,
     * true-positive rate), or the precision–recall curve, points (recall, precision), as {@link #curveKindProperty()}
     * says; for regression the predicted-against-actual points (key "rows", x actual, y predicted). Insertion-ordered.
     */
    public ReadOnlyObjectProperty<Map<String, List<Curves.Point>>> curvesProperty() {
        return curves.curves.getReadOnlyProperty();
    }

    /** Regression: the histogram of residuals (actual − predicted) over the shown rows; empty for classification. */
    public ObservableList<HistogramBin> getResiduals() {
        return curves.residuals;
    }

    /** Equal-width bins over the values' range: about √n of them, 5 to 30. */
    static List<HistogramBin> histogram(double[] values) {
        return EvaluationCurves.histogram(values);
    }

    // ---- the prediction browser --------------------------------------------------------------------------------
    /** Shows one row's class probabilities beside the browser (null: none). */
    public void selectRow(EvaluatedRow row) {
        selectedRow.set(row);
        List<TryViewModel.ClassProbability> l = new ArrayList<>();
        if (row != null && row.probabilities() != null && result.get() instanceof EvaluationResult.Classification c) {
            for (int k = 0; k < row.probabilities().length && k < c.labels().size(); k++) {
                l.add(new TryViewModel.ClassProbability(c.labels().get(k), row.probabilities()[k]));
            }
        }
        selectedProbabilities.setAll(l);
        if (row == null) {
            selectedText.set("");
        } else if (row.probabilities() == null) {
            selectedText.set(String.format("%s: actual %s, predicted %s", rowName(row), row.actual(), row.predicted()));
        } else {
            selectedText.set(String.format("%s: actual %s, predicted %s (%.1f %%)", rowName(row), row.actual(), row.predicted(),
                    row.confidence() * 100));
        }
    }

    public ReadOnlyObjectProperty<EvaluatedRow> selectedRowProperty() {
        return selectedRow.getReadOnlyProperty();
    }

    /** The selected row's probability of every class, in the order of the labels; empty for none or regression. */
    public ObservableList<TryViewModel.ClassProbability> getSelectedProbabilities() {
        return selectedProbabilities;
    }

    /** E.g. "23: actual versicolor, predicted virginica (61.2 %)"; "" when no row is selected. */
    public ReadOnlyStringProperty selectedTextProperty() {
        return selectedText.getReadOnlyProperty();
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
        StringBuilder sb = new StringBuilder(String.format("%d of %d %s", shownRows.size(), rows.size(),
                (otherData.get() ? "" : "test ") + EvaluationTexts.unit(workspace.getOutcome()) + (otherData.get() ? " of " + shown.source() : "")));
        if (c != null) {
            sb.append(" · actual ").append(c[0]).append(", predicted ").append(c[1]);
        }
        if (wrong) {
            sb.append(" · wrong only");
        }
        filterText.set(sb.toString());
    }

    /** The main figure, e.g. "Test accuracy 96.7 %" or "Accuracy on other.csv 95.0 %". */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Figures that may flatter the model: a score at or near perfect, test rows seen in training (issue 18); "" if none. */
    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    /** The full result shown (confusion matrix and all), or null before training. */
    public ReadOnlyObjectProperty<EvaluationResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ObservableList<ClassMetrics> getPerClass() {
        return perClass;
    }

    // ---- chart files ------------------------------------------------------------------------------------------
    /**
     * Writes a chart file in the background: {@code content} (a PNG or SVG the view rendered) is produced on the
     * worker, written to a temporary file beside {@code target} and renamed over it. A failure sets
     * {@link #errorProperty()} to one line; the previous file, if any, is untouched.
     */
    public void saveChart(Path target, Supplier<byte[]> content) {
        error.set("");
        message.set("");
        // its own runner: a second chart saved meanwhile does not make this one's outcome stale
        new TaskRunner(background, ui).run(BackgroundTask.of(ctx -> {
            byte[] bytes = content.get();
            Exports.writeFile(target, bytes);
            return String.format("Saved %s (%,d KB)", target.getFileName(), (bytes.length + 1023) / 1024);
        }).describedAs("Could not save the chart to " + target)
                .onSuccess(message::set)
                .onFailure(error::set));
    }

    // ---- showing a result ---------------------------------------------------------------------------------------

    private void show(TrainingOutcome outcome) {
        if (outcome == null) {
            shown = null;
            otherData.set(false);
            shownData.set("");
            headline.set("");
            details.set("Train a model to see how good it is.");
            result.set(null);
            perClass.clear();
            rows.clear();
            cell.set(null);
            steps.cancel();
            curves.apply(EvaluationCurves.compute(null, List.of()));
            selectRow(null);
            refilter();
            return;
        }
        display(new Shown(outcome.test(), outcome.testRows(), null, null), outcome);
    }

    /**
     * Shows a result in steps, so that no single frame has to style and lay out the whole page (that kept the
     * window from painting for 200–400 ms when a run finished): now the figures and the matrix; 40 ms later the
     * per-class table; 100 ms later the rows; the curves, computed on a worker, after 160 ms. A newer result
     * cancels the later steps.
     */
    private void display(Shown s, TrainingOutcome outcome) {
        shown = s;
        boolean other = s.source() != null;
        otherData.set(other);
        selectRow(null);
        rows.clear();
        cell.set(null);
        EvaluationResult r = s.result();
        result.set(r);
        refilter();
        steps.run(BackgroundTask.of(ctx -> EvaluationCurves.compute(r, s.rows())).deliverAfter(160).onSuccess(curves::apply));
        steps.later(100, () -> {
            rows.setAll(s.rows());
            refilter();
        });
        String trainedOn = trainedOn();
        shownData.set(other
                ? String.format("Showing %s: %,d %s (not the test split)", s.source(), s.rows().size(), EvaluationTexts.unit(outcome))
                : String.format("Showing the test split: %,d held-out %s%s", s.rows().size(),
                EvaluationTexts.unit(outcome), trainedOn.isEmpty() ? "" : " of " + trainedOn));
        perClass.clear();
        if (r instanceof EvaluationResult.Classification c) {
            steps.later(40, () -> perClass.setAll(c.perClass()));
        }
        String[] texts = EvaluationTexts.of(r, s.source(), s.images() != null, outcome);
        headline.set(texts[0]);
        details.set(texts[1]);
        warning.set(EvaluationTexts.warning(r, other ? null : outcome));
    }

    /** The open data's name, for "test split of iris.csv (sample)"; "" if none is open. */
    private String trainedOn() {
        String source = workspace.getDataset() == null ? "" : workspace.getDataset().source();
        return source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    }
}
