package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.LayerInfo;
import io.modelbench.engine.api.ModelSummary;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.data.FeatureEncoder;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableEncoder;
import io.modelbench.engine.model.MlpFactory;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Model page: the multilayer perceptron's hidden layers (editable as "32,16"), its layers and parameter
 * count for the open table and target. The schema (which needs every row checked) is worked out in the
 * background.
 */
public final class ModelViewModel {

    private final Workspace workspace;
    private final Executor background;
    private final UiScheduler ui;
    private final StringProperty hiddenLayers = new SimpleStringProperty(this, "hiddenLayers",
            String.join(",", TrainingSettings.DEFAULT_HIDDEN.stream().map(String::valueOf).toList()));
    private final ObservableList<LayerInfo> layers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper parameters = new ReadOnlyStringWrapper(this, "parameters", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyObjectWrapper<DataSchema> schema = new ReadOnlyObjectWrapper<>(this, "schema");
    private long generation;
    private int encodedInputs;

    public ModelViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.background = background;
        this.ui = ui;
        workspace.tableProperty().addListener((o, a, b) -> refreshSchema());
        workspace.targetColumnProperty().addListener((o, a, b) -> refreshSchema());
        workspace.preparationProperty().addListener((o, a, b) -> refreshSchema());
        workspace.ignoredColumnsProperty().addListener((o, a, b) -> refreshSchema());
        hiddenLayers.addListener((o, a, b) -> refreshSummary());
        refreshSchema();
    }

    public StringProperty hiddenLayersProperty() {
        return hiddenLayers;
    }

    public ObservableList<LayerInfo> getLayers() {
        return layers;
    }

    public ReadOnlyStringProperty parametersProperty() {
        return parameters.getReadOnlyProperty();
    }

    /** Why no model can be shown (no table yet, a bad target, bad layer sizes), or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DataSchema> schemaProperty() {
        return schema.getReadOnlyProperty();
    }

    /** The hidden layer sizes, or an {@link InputException} naming the setting. */
    public List<Integer> hiddenLayerSizes() {
        List<Integer> h = TrainingSettings.parseHiddenLayers(hiddenLayers.get());
        TrainingSettings.defaults().withHiddenLayers(h); // validates the sizes
        return h;
    }

    private void refreshSchema() {
        Table t = workspace.getTable();
        String target = workspace.targetColumnProperty().get();
        long gen = ++generation;
        schema.set(null);
        if (t == null || target == null) {
            layers.clear();
            parameters.set("");
            problem.set(t == null ? "Open a table on the Data page first." : "Choose the column to predict on the Data page.");
            return;
        }
        PreparationSettings prep = workspace.preparationProperty().get();
        List<String> ignored = workspace.ignoredColumnsProperty().get();
        background.execute(() -> {
            DataSchema s = null;
            int width = 0;
            String msg = "";
            try {
                s = TableEncoder.inferSchema(t, target, null, ignored, prep);
                int[] all = java.util.stream.IntStream.range(0, t.rowCount()).toArray();
                width = FeatureEncoder.fit(t, all, s, prep).width();
            } catch (RuntimeException e) {
                msg = Errors.message(e);
            }
            DataSchema result = s;
            int inputs = width;
            String message = msg;
            ui.execute(() -> {
                if (gen != generation) {
                    return;
                }
                encodedInputs = inputs;
                schema.set(result);
                problem.set(message);
                refreshSummary();
            });
        });
    }

    private void refreshSummary() {
        DataSchema s = schema.get();
        if (s == null) {
            layers.clear();
            parameters.set("");
            return;
        }
        try {
            ModelSummary m = MlpFactory.summary(encodedInputs, s.outputCount(), s.task(), hiddenLayerSizes());
            layers.setAll(m.layers());
            boolean expanded = encodedInputs != s.inputCount();
            parameters.set(String.format("%,d trainable parameters · %s · %d input columns%s → %d outputs",
                    m.totalParameters(), s.task().id(), s.inputCount(),
                    expanded ? " (" + encodedInputs + " model inputs after one-hot encoding)" : "", s.outputCount()));
            problem.set("");
        } catch (InputException e) {
            layers.clear();
            parameters.set("");
            problem.set(e.getMessage());
        }
    }
}
