package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ModelViewModel;
import io.modelbench.engine.api.LayerInfo;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

import java.util.function.Function;

/** The Model page's view. */
public final class ModelView {

    private final ModelViewModel vm;

    @FXML private TextField hiddenField;
    @FXML private Label problemLabel;
    @FXML private Label parametersLabel;
    @FXML private TableView<LayerInfo> layersTable;
    @FXML private TableColumn<LayerInfo, Object> indexColumn;
    @FXML private TableColumn<LayerInfo, Object> typeColumn;
    @FXML private TableColumn<LayerInfo, Object> inputsColumn;
    @FXML private TableColumn<LayerInfo, Object> outputsColumn;
    @FXML private TableColumn<LayerInfo, Object> activationColumn;
    @FXML private TableColumn<LayerInfo, Object> paramsColumn;

    public ModelView(ModelViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        hiddenField.textProperty().bindBidirectional(vm.hiddenLayersProperty());
        problemLabel.textProperty().bind(vm.problemProperty());
        problemLabel.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        parametersLabel.textProperty().bind(vm.parametersProperty());
        layersTable.setItems(vm.getLayers());
        column(indexColumn, l -> l.index() + 1);
        column(typeColumn, LayerInfo::type);
        column(inputsColumn, LayerInfo::inputs);
        column(outputsColumn, LayerInfo::outputs);
        column(activationColumn, LayerInfo::activation);
        column(paramsColumn, l -> String.format("%,d", l.parameters()));
    }

    private static void column(TableColumn<LayerInfo, Object> c, Function<LayerInfo, Object> f) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(f.apply(cell.getValue())));
    }
}
