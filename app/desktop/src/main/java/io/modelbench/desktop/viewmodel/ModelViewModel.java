package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerInfo;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.ModelSummary;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.ModelSpecs;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Model page: the network's hidden layers as an editable list (add, remove, reorder, edit each layer's
 * settings, undo/redo, the MLP and CNN templates, or dense sizes typed as "32,16"), and for the open data
 * every layer's output shape, the parameter count and an estimate of training memory, checked as the user
 * edits. The table's schema (which needs every row checked) is worked out in the background.
 */
public final class ModelViewModel {

    private static final int UNDO_LIMIT = 200;

    private final Workspace workspace;
    /** Keras imports. */
    private final TaskRunner imports;
    /** The table's schema and encoded width: only the one for the latest data and settings is shown. */
    private final TaskRunner schemas;
    private final StringProperty hiddenLayers = new SimpleStringProperty(this, "hiddenLayers",
            String.join(",", TrainingSettings.DEFAULT_HIDDEN.stream().map(String::valueOf).toList()));
    private final ObservableList<LayerSpec> specLayers = FXCollections.observableArrayList();
    private final IntegerProperty selectedIndex = new SimpleIntegerProperty(this, "selectedIndex", -1);
    private final ReadOnlyStringWrapper specName = new ReadOnlyStringWrapper(this, "specName", "mlp");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final BooleanProperty forImages = new SimpleBooleanProperty(this, "forImages");
    private final ReadOnlyBooleanWrapper forSequences = new ReadOnlyBooleanWrapper(this, "forSequences");
    private final ObservableList<LayerInfo> layers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper parameters = new ReadOnlyStringWrapper(this, "parameters", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyObjectWrapper<DataSchema> schema = new ReadOnlyObjectWrapper<>(this, "schema");
    private final Deque<ModelSpec> undo = new ArrayDeque<>();
    private final Deque<ModelSpec> redo = new ArrayDeque<>();
    private InputShape inputShape;
    private boolean syncing;

    public ModelViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.imports = new TaskRunner(background, ui);
        this.schemas = new TaskRunner(background, ui);
        specLayers.setAll(ModelSpec.mlp(TrainingSettings.DEFAULT_HIDDEN).layers());
        selectedIndex.set(0);
        workspace.tableProperty().addListener((o, a, b) -> {
            if (b != null) {
                dataKindChanged(false);
            }
            refreshSchema();
        });
        workspace.imagesProperty().addListener((o, a, b) -> {
            if (b != null) {
                dataKindChanged(true);
            }
            refreshSchema();
        });
        workspace.seriesProperty().addListener((o, a, b) -> sequenceDataChanged());
        workspace.sequencesProperty().addListener((o, a, b) -> sequenceDataChanged());
        workspace.targetColumnProperty().addListener((o, a, b) -> refreshSchema());
        workspace.preparationProperty().addListener((o, a, b) -> refreshSchema());
        workspace.ignoredColumnsProperty().addListener((o, a, b) -> refreshSchema());
        hiddenLayers.addListener((o, a, b) -> hiddenTyped(b));
        refreshSchema();
    }

    // ---- the layer list -------------------------------------------------------------------------------

    /** The hidden layers being edited (the output layer follows from the task). Change them through the commands. */
    public ObservableList<LayerSpec> getSpecLayers() {
        return FXCollections.unmodifiableObservableList(specLayers);
    }

    public IntegerProperty selectedIndexProperty() {
        return selectedIndex;
    }

    public LayerSpec getSelectedLayer() {
        int i = selectedIndex.get();
        return i >= 0 && i < specLayers.size() ? specLayers.get(i) : null;
    }

    /** The network as it will be trained. */
    public ModelSpec currentSpec() {
        return new ModelSpec(specName.get(), List.copyOf(specLayers));
    }

    public ReadOnlyStringProperty specNameProperty() {
        return specName.getReadOnlyProperty();
    }

    /** True while image data is open (the CNN template and convolution layers apply). */
    public ReadOnlyBooleanProperty forImagesProperty() {
        return forImages;
    }

    /** True while a series or sequences are read (the LSTM and 1-D CNN templates and their layers apply). */
    public ReadOnlyBooleanProperty forSequencesProperty() {
        return forSequences.getReadOnlyProperty();
    }

    /** A series or sequences get the LSTM (as the command line's default), a table again dense layers (issue 15). */
    private void sequenceDataChanged() {
        boolean sequences = DataShapes.of(workspace) != null && workspace.getImages() == null;
        forSequences.set(sequences);
        if (sequences != currentSpec().hasSequenceLayers()) {
            apply(sequences ? ModelSpec.lstm(1) : ModelSpec.mlp(safeSizes()));
        }
        refreshSchema();
    }

    /** Replaces the layers with a template: "mlp" (dense layers of the sizes typed), "cnn", "lstm" or "cnn1d". */
    public void useTemplate(String id) {
        apply(ModelSpec.template(id, safeSizes()));
    }

    /** Shows a saved network (a project's, or a run's for re-running); undoable like any change. */
    public void load(ModelSpec spec) {
        if (spec != null) {
            apply(spec);
        }
    }

    /** What the last Keras import brought in and left out, or "". */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /**
     * Imports a Keras .h5 model's layers in the background (undoable); the notice lists what was not imported
     * (layers ModelBench does not have) and what changed (the output layer follows the data; no weights).
     */
    public void importKeras(java.nio.file.Path file) {
        notice.set("Importing " + file.getFileName() + "…");
        imports.run(BackgroundTask.of(ctx -> ModelSpecs.read(file))
                .describedAs("Could not import " + file)
                .onSuccess(r -> {
                    apply(r.spec());
                    StringBuilder sb = new StringBuilder("Imported " + r.spec().layers().size() + " layers from " + file.getFileName() + ".");
                    if (!r.notImported().isEmpty()) {
                        sb.append(" Not imported: ").append(String.join("; ", r.notImported())).append('.');
                    }
                    if (!r.notes().isEmpty()) {
                        sb.append(" Notes: ").append(String.join("; ", r.notes())).append('.');
                    }
                    notice.set(sb.toString());
                })
                .onFailure(msg -> {
                    notice.set("");
                    problem.set(msg);
                }));
    }

    /** Inserts a layer of the type ("dense", "conv", ...) with its defaults after the selected one (or at the end). */
    public void addLayer(String type) {
        LayerSpec l = LayerEdits.newLayer(type);
        List<LayerSpec> next = new ArrayList<>(specLayers);
        int at = selectedIndex.get() < 0 ? next.size() : selectedIndex.get() + 1;
        next.add(at, l);
        apply(new ModelSpec(customName(), next));
        selectedIndex.set(at);
    }

    public void removeSelected() {
        int i = selectedIndex.get();
        if (i < 0 || i >= specLayers.size()) {
            return;
        }
        List<LayerSpec> next = new ArrayList<>(specLayers);
        next.remove(i);
        apply(new ModelSpec(customName(), next));
        selectedIndex.set(Math.min(i, specLayers.size() - 1));
    }

    /** Moves the selected layer by {@code delta} places (-1 up, +1 down). */
    public void moveSelected(int delta) {
        int i = selectedIndex.get();
        int j = i + delta;
        if (i < 0 || i >= specLayers.size() || j < 0 || j >= specLayers.size()) {
            return;
        }
        List<LayerSpec> next = new ArrayList<>(specLayers);
        next.add(j, next.remove(i));
        apply(new ModelSpec(customName(), next));
        selectedIndex.set(j);
    }

    /**
     * Changes one setting of the selected layer: "units", "kernel", "stride" (numbers), "padding", "activation",
     * "weightInit" (names), "dropout", "l2" (numbers). A value the layer refuses leaves it unchanged and says why.
     */
    public boolean editSelected(String field, Object value) {
        LayerSpec l = getSelectedLayer();
        if (l == null) {
            return false;
        }
        try {
            LayerSpec changed = LayerEdits.edited(l, field, value);
            if (changed.equals(l)) {
                return true;
            }
            int i = selectedIndex.get();
            List<LayerSpec> next = new ArrayList<>(specLayers);
            next.set(i, changed);
            apply(new ModelSpec(customName(), next));
            selectedIndex.set(i);
            return true;
        } catch (InputException e) {
            problem.set(e.getMessage());
            return false;
        }
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public void undo() {
        if (undo.isEmpty()) {
            return;
        }
        redo.push(currentSpec());
        show(undo.pop());
    }

    public void redo() {
        if (redo.isEmpty()) {
            return;
        }
        undo.push(currentSpec());
        show(redo.pop());
    }

    /** A change the user made: recorded for undo. */
    private void apply(ModelSpec next) {
        if (next.equals(currentSpec())) {
            return;
        }
        undo.push(currentSpec());
        while (undo.size() > UNDO_LIMIT) {
            undo.removeLast();
        }
        redo.clear();
        show(next);
    }

    private void show(ModelSpec spec) {
        int sel = Math.max(0, selectedIndex.get()); // a layer is always selected, so its settings show
        specName.set(spec.name());
        specLayers.setAll(spec.layers());
        selectedIndex.set(Math.min(sel, specLayers.size() - 1));
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        List<Integer> sizes = spec.plainMlpSizes();
        if (sizes != null) {
            syncing = true;
            try {
                hiddenLayers.set(String.join(",", sizes.stream().map(String::valueOf).toList()));
            } finally {
                syncing = false;
            }
        }
        refreshSummary();
    }

    private String customName() {
        return specName.get().equals("mlp") || specName.get().equals("cnn") ? specName.get() + "-edited" : specName.get();
    }

    private void dataKindChanged(boolean images) {
        if (images == forImages.get() && !specLayers.isEmpty()) {
            return;
        }
        forImages.set(images);
        apply(images ? ModelSpec.cnn() : ModelSpec.mlp(safeSizes()));
    }

    private List<Integer> safeSizes() {
        try {
            return hiddenLayerSizes();
        } catch (InputException e) {
            return TrainingSettings.DEFAULT_HIDDEN;
        }
    }

    private void hiddenTyped(String text) {
        if (syncing) {
            return;
        }
        try {
            apply(ModelSpec.mlp(hiddenLayerSizes()));
        } catch (InputException e) {
            layers.clear();
            parameters.set("");
            problem.set(e.getMessage());
        }
    }

    // ---- the summary ----------------------------------------------------------------------------------

    /** Dense layer sizes as "32,16": typing them replaces the layers with that MLP. */
    public StringProperty hiddenLayersProperty() {
        return hiddenLayers;
    }

    public ObservableList<LayerInfo> getLayers() {
        return layers;
    }

    public ReadOnlyStringProperty parametersProperty() {
        return parameters.getReadOnlyProperty();
    }

    /** Why no model can be shown (no data yet, a bad target, a layer that does not fit), or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DataSchema> schemaProperty() {
        return schema.getReadOnlyProperty();
    }

    /** The typed dense layer sizes, or an {@link InputException} naming the setting. */
    public List<Integer> hiddenLayerSizes() {
        List<Integer> h = TrainingSettings.parseHiddenLayers(hiddenLayers.get());
        TrainingSettings.defaults().withHiddenLayers(h); // validates the sizes
        return h;
    }

    /** The table with its schema and the number of model inputs after encoding, or why there are none. */
    private record SchemaCheck(TableDataset data, int width, String problem) {
    }

    /**
     * Works out the open table's schema for the chosen target, columns and types on a worker, from the profiles the
     * Data page already has (the table is not profiled again), and hands the table with its schema back to the
     * {@link Workspace}: training takes the schema from there.
     */
    private void refreshSchema() {
        schemas.cancel();
        schema.set(null);
        DataShapes.Shaped shaped = DataShapes.of(workspace);
        if (shaped != null) {
            inputShape = shaped.shape();
            schema.set(shaped.schema());
            problem.set("");
            refreshSummary();
            return;
        }
        Table t = workspace.getTable();
        String target = workspace.targetColumnProperty().get();
        TableDataset open = workspace.getDataset() == null ? null : workspace.getDataset().map(d -> d, i -> null, s -> s.table());
        if (t == null || target == null || open == null) {
            layers.clear();
            parameters.set("");
            problem.set(t == null ? "Open a table or an image folder on the Data page first." : "Choose the column to predict on the Data page.");
            return;
        }
        PreparationSettings prep = workspace.preparationProperty().get();
        List<String> ignored = workspace.ignoredColumnsProperty().get();
        Workspace.Primed primed = workspace.primed();
        if (primed != null && primed.data().table() == t && primed.prep().equals(prep) && DataShapes.primedFor(primed.data(), target, ignored, prep)) {
            showSchema(new SchemaCheck(primed.data(), primed.inputWidth(), ""));
            return;
        }
        schemas.run(BackgroundTask.of(ctx -> {
            try {
                TableDataset checked = open.withSchema(target, null, ignored, prep);
                return new SchemaCheck(checked, checked.inputWidth(prep), "");
            } catch (RuntimeException e) {
                // the user's data problem is the page's message, not a failure of the task
                return new SchemaCheck(null, 0, Errors.message(e));
            }
        }).onSuccess(this::showSchema));
    }

    private void showSchema(SchemaCheck c) {
        if (c.data() != null && workspace.getTable() == c.data().table() && workspace.getDataset() != c.data()) {
            workspace.datasetProperty().set(c.data());
        }
        inputShape = InputShape.vector(c.width());
        schema.set(c.data() == null ? null : c.data().schema());
        problem.set(c.problem());
        refreshSummary();
    }

    private void refreshSummary() {
        DataSchema s = schema.get();
        if (s == null || inputShape == null) {
            layers.clear();
            parameters.set("");
            return;
        }
        try {
            ModelSummary m = io.modelbench.engine.app.ModelSpecs.summary(currentSpec(), inputShape, s.outputCount(), s.task(),
                    TrainingSettings.DEFAULT_BATCH_SIZE, "adam");
            layers.setAll(m.layers());
            String inputs = DataShapes.inputs(workspace, inputShape, s);
            parameters.set(String.format("%,d trainable parameters · about %s to train at batch %d · %s · %s → %d outputs",
                    m.totalParameters(), LayerEdits.bytes(m.trainingMemoryBytes()), TrainingSettings.DEFAULT_BATCH_SIZE, s.task().id(),
                    inputs, s.outputCount()));
            problem.set("");
        } catch (InputException e) {
            layers.clear();
            parameters.set("");
            problem.set(e.getMessage());
        }
    }

}
