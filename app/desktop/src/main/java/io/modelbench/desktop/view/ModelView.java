package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ModelViewModel;
import io.modelbench.engine.api.LayerInfo;
import io.modelbench.engine.api.LayerSpec;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;
import org.controlsfx.property.editor.Editors;
import org.controlsfx.property.editor.PropertyEditor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Model page's view: templates, the layer list with add/remove/reorder, the selected layer's settings in a
 * ControlsFX PropertySheet, undo/redo, and the layers' shapes and parameters.
 */
public final class ModelView {

    private final ModelViewModel vm;

    @FXML private Label titleLabel;
    @FXML private TextField hiddenField;
    @FXML private Button undoButton;
    @FXML private Button redoButton;
    @FXML private Button cnnButton;
    @FXML private Button lstmButton;
    @FXML private Button cnn1dButton;
    @FXML private Label problemLabel;
    @FXML private Label parametersLabel;
    @FXML private ListView<LayerSpec> layerList;
    @FXML private MenuButton addButton;
    @FXML private Button removeButton;
    @FXML private Button upButton;
    @FXML private Button downButton;
    @FXML private PropertySheet sheet;
    @FXML private TableView<LayerInfo> layersTable;
    @FXML private TableColumn<LayerInfo, Object> indexColumn;
    @FXML private TableColumn<LayerInfo, Object> typeColumn;
    @FXML private TableColumn<LayerInfo, Object> shapeColumn;
    @FXML private TableColumn<LayerInfo, Object> activationColumn;
    @FXML private TableColumn<LayerInfo, Object> paramsColumn;
    private boolean selecting;

    @FXML private Label noticeLabel;
    private final FileDialogs dialogs;

    public ModelView(ModelViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void importKeras() {
        dialogs.chooseKeras(layerList.getScene().getWindow()).ifPresent(vm::importKeras);
    }

    @FXML
    private void initialize() {
        hiddenField.setText(vm.hiddenLayersProperty().get());
        vm.hiddenLayersProperty().addListener((o, a, b) -> {
            if (!hiddenField.isFocused()) {
                hiddenField.setText(b);
            }
        });
        // applied on Enter or when the field loses focus, so that typing "128" does not build 1, 12, 128
        hiddenField.setOnAction(e -> vm.hiddenLayersProperty().set(hiddenField.getText()));
        hiddenField.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                vm.hiddenLayersProperty().set(hiddenField.getText());
            }
        });
        undoButton.disableProperty().bind(vm.canUndoProperty().not());
        redoButton.disableProperty().bind(vm.canRedoProperty().not());
        titleLabel.textProperty().bind(vm.specNameProperty().map(n -> "Model: " + n));
        cnnButton.disableProperty().bind(vm.forImagesProperty().not());
        // the LSTM and 1-D CNN show for a series or sequences only: a table's or images' page stays as it was
        for (Button b : new Button[] {lstmButton, cnn1dButton}) {
            b.visibleProperty().bind(vm.forSequencesProperty());
            b.managedProperty().bind(b.visibleProperty());
        }
        problemLabel.textProperty().bind(vm.problemProperty());
        problemLabel.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        parametersLabel.textProperty().bind(vm.parametersProperty());
        noticeLabel.textProperty().bind(vm.noticeProperty());
        noticeLabel.visibleProperty().bind(vm.noticeProperty().isNotEmpty());
        noticeLabel.managedProperty().bind(noticeLabel.visibleProperty());

        layerList.setItems(vm.getSpecLayers());
        layerList.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(LayerSpec item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : (getIndex() + 1) + ". " + item.describe()
                        + (item.dropout() > 0 && !item.type().equals("dropout") ? ", dropout " + item.dropout() : ""));
            }
        });
        layerList.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (!selecting) {
                vm.selectedIndexProperty().set(i.intValue());
            }
        });
        vm.selectedIndexProperty().addListener((o, a, i) -> showSelection());
        // on the list the ListView holds: getSpecLayers() wraps the layers anew on each call, and a listener on a wrapper
        // nobody keeps was collected with it (the sheet then kept showing the MLP layer after the LSTM replaced it)
        layerList.getItems().addListener((javafx.collections.ListChangeListener<LayerSpec>) c -> showSelection());
        layerList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                vm.removeSelected();
                e.consume();
            } else if (e.isAltDown() && e.getCode() == KeyCode.UP) {
                vm.moveSelected(-1);
                e.consume();
            } else if (e.isAltDown() && e.getCode() == KeyCode.DOWN) {
                vm.moveSelected(1);
                e.consume();
            }
        });
        for (String type : LayerSpec.TYPES) {
            MenuItem item = new MenuItem(switch (type) {
                case "dense" -> "Dense";
                case "conv" -> "Convolution";
                case "maxpool" -> "Max pooling";
                case "avgpool" -> "Average pooling";
                case "batchnorm" -> "Batch normalization";
                case "lstm" -> "LSTM";
                case "bilstm" -> "Bidirectional LSTM";
                case "conv1d" -> "1-D convolution";
                case "maxpool1d" -> "1-D max pooling";
                case "avgpool1d" -> "1-D average pooling";
                case "lasttimestep" -> "Last time step";
                default -> "Dropout";
            });
            item.setOnAction(e -> vm.addLayer(type));
            if (type.equals("conv") || type.endsWith("pool")) {
                item.disableProperty().bind(vm.forImagesProperty().not());
            } else if (!java.util.List.of("dense", "batchnorm", "dropout").contains(type)) {   // recurrent and 1-D layers: a series or sequences
                item.disableProperty().bind(vm.forSequencesProperty().not());
            }
            addButton.getItems().add(item);
        }
        removeButton.disableProperty().bind(vm.selectedIndexProperty().lessThan(0));
        upButton.disableProperty().bind(vm.selectedIndexProperty().lessThan(1));
        downButton.disableProperty().bind(vm.selectedIndexProperty().lessThan(0)
                .or(vm.selectedIndexProperty().greaterThanOrEqualTo(javafx.beans.binding.Bindings.size(vm.getSpecLayers()).subtract(1))));
        sheet.setPropertyEditorFactory(ModelView::editor);
        showSelection();

        layersTable.setItems(vm.getLayers());
        column(indexColumn, l -> l.index() + 1);
        column(typeColumn, LayerInfo::type);
        column(shapeColumn, LayerInfo::outputShape);
        column(activationColumn, LayerInfo::activation);
        column(paramsColumn, l -> String.format("%,d", l.parameters()));
    }

    private void showSelection() {
        int i = vm.selectedIndexProperty().get();
        selecting = true;
        try {
            if (i >= 0 && i < layerList.getItems().size()) {
                layerList.getSelectionModel().select(i);
            } else {
                layerList.getSelectionModel().clearSelection();
            }
        } finally {
            selecting = false;
        }
        List<PropertySheet.Item> items = items(vm.getSelectedLayer());
        sheet.getItems().setAll(items);
        sheet.setVisible(!items.isEmpty());   // a layer without settings (last time step): nothing, not the last layer's
    }

    /** The settings that apply to the layer's type. */
    private List<PropertySheet.Item> items(LayerSpec l) {
        List<PropertySheet.Item> out = new ArrayList<>();
        if (l == null) {
            return out;
        }
        boolean weights = List.of("dense", "conv", "lstm", "bilstm", "conv1d").contains(l.type());
        boolean filters = l.type().startsWith("conv");
        if (weights) {
            out.add(new Item("units", filters ? "Filters" : "Units",
                    filters ? "Number of filters (output channels)" : l.type().contains("lstm") ? "Number of LSTM cells (outputs per step)"
                            : "Number of outputs", () -> String.valueOf(l.units()), null));
        }
        if (l.type().endsWith("1d")) {   // 1-D convolution and pooling slide over time steps
            out.add(new Item("kernel", "Kernel", "Window size in time steps", () -> String.valueOf(l.kernel()), null));
            out.add(new Item("stride", "Stride", "Step between windows in time steps", () -> String.valueOf(l.stride()), null));
        } else if (l.spatial()) {
            out.add(new Item("kernel", "Kernel", "Window size in pixels (square)", () -> String.valueOf(l.kernel()), null));
            out.add(new Item("stride", "Stride", "Step between windows in pixels", () -> String.valueOf(l.stride()), null));
            out.add(new Item("padding", "Padding", "same: keep the size (at stride 1); valid: only whole windows",
                    l::padding, List.of("same", "valid")));
        }
        if (weights) {
            out.add(new Item("activation", "Activation", "The function applied to the layer's outputs", l::activation, LayerSpec.ACTIVATIONS));
        }
        if (weights || l.type().equals("dropout")) {
            out.add(new Item("dropout", "Dropout", "Share of the layer's inputs dropped at random while training (0 = none)",
                    () -> String.valueOf(l.dropout()), null));
        }
        if (weights) {
            out.add(new Item("weightInit", "Weight init", "How the weights start", l::weightInit, LayerSpec.WEIGHT_INITS));
            out.add(new Item("l2", "L2", "Weight decay of this layer's weights (0 = none)", () -> String.valueOf(l.l2()), null));
        }
        return out;
    }

    private static PropertyEditor<?> editor(PropertySheet.Item item) {
        Item i = (Item) item;
        return i.choices != null ? Editors.createChoiceEditor(item, i.choices) : new CommitTextEditor(item);
    }

    /** A text editor that applies its value on Enter or when it loses focus (not on every keystroke). */
    private static final class CommitTextEditor extends AbstractPropertyEditor<Object, TextField> {
        // created on first use: AbstractPropertyEditor's constructor asks for it before this class's fields exist
        private SimpleStringProperty committed;

        CommitTextEditor(PropertySheet.Item item) {
            super(item, new TextField());
            TextField tf = getEditor();
            tf.setOnAction(e -> committed().set(tf.getText()));
            tf.focusedProperty().addListener((o, a, focused) -> {
                if (!focused) {
                    committed().set(tf.getText());
                }
            });
        }

        private SimpleStringProperty committed() {
            if (committed == null) {
                committed = new SimpleStringProperty();
            }
            return committed;
        }

        @Override
        protected ObservableValue<Object> getObservableValue() {
            return committed().map(s -> (Object) s);
        }

        @Override
        public void setValue(Object value) {
            getEditor().setText(String.valueOf(value));
            committed().set(String.valueOf(value));
        }
    }

    /** One setting of the selected layer; setting it asks the view model, which may refuse with a message. */
    private final class Item implements PropertySheet.Item {
        private final String field;
        private final String name;
        private final String description;
        private final Supplier<String> value;
        private final List<String> choices;

        Item(String field, String name, String description, Supplier<String> value, List<String> choices) {
            this.field = field;
            this.name = name;
            this.description = description;
            this.value = value;
            this.choices = choices;
        }

        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return "Layer";
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Object getValue() {
            return value.get();
        }

        @Override
        public void setValue(Object v) {
            if (v != null && !String.valueOf(v).equals(value.get())) {
                vm.editSelected(field, v);
            }
        }

        @Override
        public Optional<ObservableValue<?>> getObservableValue() {
            return Optional.empty();
        }
    }

    @FXML
    private void useMlp() {
        vm.useTemplate("mlp");
    }

    @FXML
    private void useCnn() {
        vm.useTemplate("cnn");
    }

    @FXML
    private void useLstm() {
        vm.useTemplate("lstm");
    }

    @FXML
    private void useCnn1d() {
        vm.useTemplate("cnn1d");
    }

    @FXML
    void undo() {
        vm.undo();
    }

    @FXML
    void redo() {
        vm.redo();
    }

    @FXML
    private void remove() {
        vm.removeSelected();
    }

    @FXML
    private void moveUp() {
        vm.moveSelected(-1);
    }

    @FXML
    private void moveDown() {
        vm.moveSelected(1);
    }

    private static void column(TableColumn<LayerInfo, Object> c, Function<LayerInfo, Object> f) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(f.apply(cell.getValue())));
    }
}
