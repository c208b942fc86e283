package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ExportViewModel;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The Export page's view. */
public final class ExportView {

    private final ExportViewModel vm;
    private final FileDialogs dialogs;

    @FXML private Button exportButton;
    @FXML private Button onnxButton;
    @FXML private Button predictionsButton;
    @FXML private Button reportButton;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Label messageLabel;
    @FXML private Label errorLabel;
    @FXML private TextArea cardText;
    @FXML private TextArea snippetText;
    @FXML private Button copySnippetButton;

    public ExportView(ExportViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        exportButton.disableProperty().bind(vm.canExportBinding().not());
        onnxButton.disableProperty().bind(vm.canExportBinding().not());
        predictionsButton.disableProperty().bind(vm.canExportBinding().not());
        reportButton.disableProperty().bind(vm.canExportBinding().not());
        busyIndicator.visibleProperty().bind(vm.busyProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        cardText.textProperty().bind(vm.cardProperty());
        snippetText.textProperty().bind(vm.snippetProperty());
        copySnippetButton.disableProperty().bind(vm.snippetProperty().isEmpty());
    }

    @FXML
    private void exportPredictions() {
        dialogs.choosePredictionsTarget(exportButton.getScene().getWindow(),
                vm.suggestedFileName().replace("-model.zip", "-predictions.csv")).ifPresent(vm::exportPredictions);
    }

    @FXML
    private void exportOnnx() {
        dialogs.chooseOnnxTarget(exportButton.getScene().getWindow(),
                vm.suggestedFileName().replace("-model.zip", "-model.onnx")).ifPresent(vm::exportOnnx);
    }

    @FXML
    private void exportReport() {
        dialogs.chooseReportTarget(exportButton.getScene().getWindow(),
                vm.suggestedFileName().replace("-model.zip", "-report.html")).ifPresent(vm::exportReport);
    }

    @FXML
    private void copySnippet() {
        ClipboardContent c = new ClipboardContent();
        c.putString(vm.snippetProperty().get());
        Clipboard.getSystemClipboard().setContent(c);
    }

    @FXML
    void export() {
        if (vm.canExportBinding().get()) {
            dialogs.chooseModelTarget(exportButton.getScene().getWindow(), vm.suggestedFileName()).ifPresent(vm::export);
        }
    }
}
