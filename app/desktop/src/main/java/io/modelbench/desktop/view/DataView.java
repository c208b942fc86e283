package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.DataViewModel;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.util.StringConverter;

import java.util.AbstractList;

/** The Data page's view: binds to {@link DataViewModel}; opening files goes through {@link FileDialogs}. */
public final class DataView {

    private final DataViewModel vm;
    private final FileDialogs dialogs;

    @FXML private Button openButton;
    @FXML private ComboBox<Samples.Sample> sampleBox;
    @FXML private Button openSampleButton;
    @FXML private ProgressIndicator loadingIndicator;
    @FXML private Label errorLabel;
    @FXML private ComboBox<String> targetBox;
    @FXML private Label summaryLabel;
    @FXML private TableView<String[]> table;

    public DataView(DataViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        sampleBox.setItems(vm.getSamples());
        sampleBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Samples.Sample s) {
                return s == null ? "" : s.title();
            }

            @Override
            public Samples.Sample fromString(String s) {
                return null;
            }
        });
        if (!vm.getSamples().isEmpty()) {
            sampleBox.getSelectionModel().selectFirst();
        }
        openSampleButton.disableProperty().bind(sampleBox.valueProperty().isNull().or(vm.loadingProperty()));
        openButton.disableProperty().bind(vm.loadingProperty());
        loadingIndicator.visibleProperty().bind(vm.loadingProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        summaryLabel.textProperty().bind(vm.summaryProperty());
        targetBox.setItems(vm.getColumns());
        targetBox.valueProperty().bindBidirectional(vm.targetColumnProperty());
        targetBox.disableProperty().bind(vm.tableProperty().isNull());
        targetBox.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : item);
            }
        });
        vm.tableProperty().addListener((o, a, t) -> show(t));
        show(vm.tableProperty().get());
    }

    @FXML
    private void openFile() {
        dialogs.chooseTable(openButton.getScene().getWindow()).ifPresent(vm::openFile);
    }

    @FXML
    private void openSample() {
        Samples.Sample s = sampleBox.getValue();
        if (s != null) {
            vm.openSample(s);
        }
    }

    /** Shows the table; the TableView is virtualized, so only visible rows are laid out. */
    private void show(Table t) {
        table.getColumns().clear();
        if (t == null) {
            table.setItems(FXCollections.observableArrayList());
            return;
        }
        for (int c = 0; c < t.columnCount(); c++) {
            int col = c;
            TableColumn<String[], String> column = new TableColumn<>(t.columns().get(c));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue()[col]));
            column.setSortable(false);
            column.setPrefWidth(Math.max(90, 9 * t.columns().get(c).length()));
            table.getColumns().add(column);
        }
        table.setItems(FXCollections.observableList(new AbstractList<>() {
            @Override
            public String[] get(int index) {
                return t.row(index);
            }

            @Override
            public int size() {
                return t.rowCount();
            }
        }));
    }
}
