package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The Try page: a form with one field per input column of the trained model, filled from a row of the table;
 * every change predicts again at once (in the background) and shows the class probabilities.
 */
public final class TryViewModel {

    /** One class and its probability, for the bar chart. */
    public record ClassProbability(String label, double probability) {
    }

    private final Workspace workspace;
    /** Predictions of the form or an image: only the newest is shown. */
    private final TaskRunner predictions;
    private final ObservableList<InputField> fields = FXCollections.observableArrayList();
    private final ObservableList<ClassProbability> probabilities = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper prediction = new ReadOnlyStringWrapper(this, "prediction", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final WindowTry window;
    private final SequenceTry steps;

    public TryViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.predictions = new TaskRunner(background, ui);
        this.window = new WindowTry(workspace, background, ui);
        this.steps = new SequenceTry(workspace, background, ui, this::show);
        workspace.outcomeProperty().addListener((o, a, outcome) -> build(outcome));
        build(workspace.getOutcome());
    }

    /** The page for a forecasting model: a window of past values in, the forecast out (issue 15). */
    public WindowTry window() {
        return window;
    }

    /** The page for a sequence classifier: the steps of one sequence in, the class probabilities out (issue 15). */
    public SequenceTry steps() {
        return steps;
    }

    public ObservableList<InputField> getFields() {
        return fields;
    }

    public ObservableList<ClassProbability> getProbabilities() {
        return probabilities;
    }

    /** "versicolor (92.4 %)" or the predicted number; "" before a model exists. */
    public ReadOnlyStringProperty predictionProperty() {
        return prediction.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    private final javafx.beans.property.ReadOnlyBooleanWrapper imageModel = new javafx.beans.property.ReadOnlyBooleanWrapper(this, "imageModel");
    private final ReadOnlyStringWrapper imageUri = new ReadOnlyStringWrapper(this, "imageUri");

    /** True when the model reads images: the page then takes an image instead of a form. */
    public javafx.beans.property.ReadOnlyBooleanProperty imageModelProperty() {
        return imageModel.getReadOnlyProperty();
    }

    /** The image being predicted (a file URI), or null. */
    public ReadOnlyStringProperty imageUriProperty() {
        return imageUri.getReadOnlyProperty();
    }

    /** Predicts one image file in the background (an image model only). */
    public void tryImage(java.nio.file.Path file) {
        TrainingOutcome outcome = workspace.getOutcome();
        if (outcome == null || !outcome.model().readsImages()) {
            return;
        }
        imageUri.set(file.toUri().toString());
        TrainedModel model = outcome.model();
        predictions.run(BackgroundTask.of(ctx -> model.predictImages(List.of(file)))
                .describedAs("Could not predict " + file)
                .onSuccess(this::show)
                .onFailure(msg -> {
                    error.set(msg);
                    probabilities.clear();
                    prediction.set("");
                }));
    }

    /** Fills the form from a row of the open table (0-based), or predicts that image of the open folder. */
    public void fillFromRow(int row) {
        if (window.forecastingProperty().get() || steps.classifyingProperty().get()) {
            return;
        }
        var images = workspace.getImages();
        if (imageModel.get() && images != null) {
            if (row >= 0 && row < images.size()) {
                tryImage(images.items().get(row).file());
            }
            return;
        }
        Table t = workspace.getTable();
        if (t == null || row < 0 || row >= t.rowCount()) {
            return;
        }
        for (InputField f : fields) {
            int c = t.indexOf(f.getName());
            if (c >= 0) {
                f.valueProperty().set(t.value(row, c).trim());
            }
        }
    }

    private void build(TrainingOutcome outcome) {
        fields.clear();
        probabilities.clear();
        prediction.set("");
        error.set("");
        imageModel.set(outcome != null && outcome.model().readsImages());
        imageUri.set(null);
        window.build(outcome);
        steps.build(outcome);
        if (outcome == null || window.forecastingProperty().get() || steps.classifyingProperty().get()) {
            return;  // a forecasting model reads a window of past values, a sequence classifier a sequence's steps: not a row
        }
        if (imageModel.get()) {
            fillFromRow(0);
            return;
        }
        List<EncodedColumn> encoding = outcome.model().card().encoding();
        List<InputField> list = new ArrayList<>();
        for (String name : outcome.model().card().inputColumns()) {
            EncodedColumn e = encoding == null ? null
                    : encoding.stream().filter(x -> x.column().equals(name)).findFirst().orElse(null);
            String kind = e == null ? "numeric" : e.kind();
            InputField f = new InputField(name, kind, e == null ? List.of() : e.categories(), "");
            f.valueProperty().addListener((o, a, b) -> predict());
            list.add(f);
        }
        fields.setAll(list);
        fillFromRow(0);
        predict();
    }

    /** Predicts the form's row in the background; only the newest answer is shown. */
    public void predict() {
        TrainingOutcome outcome = workspace.getOutcome();
        if (outcome == null || window.forecastingProperty().get() || steps.classifyingProperty().get()) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach(f -> values.put(f.getName(), f.valueProperty().get()));
        TrainedModel model = outcome.model();
        predictions.run(BackgroundTask.of(ctx -> model.predictOne(values))
                .describedAs("Could not predict the form's row")
                .onSuccess(this::show)
                .onFailure(msg -> error.set(msg.replace("the form, line 1, ", ""))));
    }

    private void show(Predictions p) {
                error.set("");
                if (p.task() == TaskType.CLASSIFICATION) {
                    double[] probs = p.probabilities()[0];
                    List<ClassProbability> l = new ArrayList<>();
                    int best = 0;
                    for (int k = 0; k < probs.length; k++) {
                        l.add(new ClassProbability(p.labels().get(k), probs[k]));
                        best = probs[k] > probs[best] ? k : best;
                    }
                    probabilities.setAll(l);
                    prediction.set(String.format("%s (%.1f %%)", p.labels().get(best), probs[best] * 100));
                } else {
                    probabilities.clear();
                    prediction.set(String.format("%.4g", p.values()[0]));
                }
    }
}
