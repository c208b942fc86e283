package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ModelSource;
import io.modelbench.desktop.viewmodel.ServeMonitor;
import io.modelbench.desktop.viewmodel.ServeViewModel;
import io.modelbench.serve.ColumnDrift;
import io.modelbench.serve.ServedRequest;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableMap;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;

/**
 * The Serve page's view: the model and where to serve it, Start/Stop/Replace (F5, Shift+F5, F6 while the page is
 * shown), the URL, token and client snippets, live charts, the last requests, drift per column and errors.
 */
public final class ServeView {

    /** How often the statistics are read while serving: the charts get a point per poll. */
    static final Duration POLL = Duration.millis(500);

    private final ServeViewModel vm;
    private final ResourceBundle messages;
    private final FileDialogs dialogs;
    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneId.systemDefault());
    private Timeline poll;

    @FXML private ComboBox<ModelSource> sourceBox;
    @FXML private Button chooseZipButton;
    @FXML private TextField nameField;
    @FXML private TextField hostField;
    @FXML private TextField portField;
    @FXML private Button startButton;
    @FXML private Button stopButton;
    @FXML private Button replaceButton;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Label messageLabel;
    @FXML private Label errorLabel;
    @FXML private HBox runningBox;
    @FXML private TextField urlField;
    @FXML private Button copyTokenButton;
    @FXML private Label servedLabel;
    @FXML private Label summaryLabel;
    @FXML private TextArea curlText;
    @FXML private TextArea pythonText;
    @FXML private Button copyCurlButton;
    @FXML private Button copyPythonButton;
    @FXML private StackPane rateHolder;
    @FXML private StackPane latencyHolder;
    @FXML private TableView<ServedRequest> requestsTable;
    @FXML private TableColumn<ServedRequest, String> timeColumn;
    @FXML private TableColumn<ServedRequest, String> idColumn;
    @FXML private TableColumn<ServedRequest, String> protocolColumn;
    @FXML private TableColumn<ServedRequest, Integer> statusColumn;
    @FXML private TableColumn<ServedRequest, Integer> rowsColumn;
    @FXML private TableColumn<ServedRequest, String> latencyColumn;
    @FXML private TableColumn<ServedRequest, String> clientColumn;
    @FXML private TableView<ColumnDrift> driftTable;
    @FXML private TableColumn<ColumnDrift, String> columnColumn;
    @FXML private TableColumn<ColumnDrift, String> valuesColumn;
    @FXML private TableColumn<ColumnDrift, String> outOfRangeColumn;
    @FXML private TableColumn<ColumnDrift, String> unseenColumn;
    @FXML private TableColumn<ColumnDrift, String> missingColumn;
    @FXML private ListView<String> errorsList;

    public ServeView(ServeViewModel vm, ResourceBundle messages, FileDialogs dialogs) {
        this.vm = vm;
        this.messages = messages;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        sourceBox.setItems(vm.getSources());
        sourceBox.valueProperty().bindBidirectional(vm.sourceProperty());
        nameField.textProperty().bindBidirectional(vm.nameProperty());
        hostField.textProperty().bindBidirectional(vm.hostProperty());
        portField.textProperty().bindBidirectional(vm.portProperty());
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {sourceBox, chooseZipButton, nameField, hostField, portField}) {
            c.disableProperty().bind(vm.runningProperty().or(vm.busyProperty()));
        }
        startButton.disableProperty().bind(vm.canStartBinding().not());
        stopButton.disableProperty().bind(vm.canStopBinding().not());
        replaceButton.disableProperty().bind(vm.canReplaceBinding().not());
        busyIndicator.visibleProperty().bind(vm.busyProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        runningBox.visibleProperty().bind(vm.runningProperty());
        runningBox.managedProperty().bind(runningBox.visibleProperty());
        urlField.textProperty().bind(vm.urlProperty());
        copyTokenButton.disableProperty().bind(vm.tokenFileProperty().isEmpty());
        servedLabel.textProperty().bind(vm.servedProperty());
        ServeMonitor monitor = vm.monitor();
        summaryLabel.textProperty().bind(monitor.summaryProperty());
        summaryLabel.visibleProperty().bind(vm.runningProperty());
        summaryLabel.managedProperty().bind(summaryLabel.visibleProperty());
        curlText.textProperty().bind(vm.curlProperty());
        pythonText.textProperty().bind(vm.pythonProperty());
        copyCurlButton.disableProperty().bind(vm.curlProperty().isEmpty());
        copyPythonButton.disableProperty().bind(vm.pythonProperty().isEmpty());

        rateHolder.getChildren().add(ServeCharts.rate(monitor.getPoints(), messages.getString("serve.chart.rate")));
        latencyHolder.getChildren().add(ServeCharts.latency(monitor.getPoints(), messages.getString("serve.chart.latency")));

        requestsTable.setItems(monitor.getRequests());
        column(timeColumn, r -> CLOCK.format(r.time()));
        column(idColumn, ServedRequest::requestId);
        column(protocolColumn, ServedRequest::protocol);
        statusColumn.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().status()));
        rowsColumn.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().rows()));
        column(latencyColumn, r -> String.format("%.2f", r.latencyMs()));
        column(clientColumn, ServedRequest::client);
        requestsTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ServedRequest item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("wrong-row");
                if (!empty && item != null && item.status() >= 400) {
                    getStyleClass().add("wrong-row");
                }
            }
        });

        driftTable.setItems(monitor.getDrift());
        column(columnColumn, ColumnDrift::column);
        column(valuesColumn, d -> String.format("%,d", d.values()));
        column(outOfRangeColumn, d -> percent(d.outOfRange()));
        column(unseenColumn, d -> percent(d.unseenCategory()));
        column(missingColumn, d -> percent(d.missing()));
        driftTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ColumnDrift item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("drift-row");
                if (!empty && item != null && ServeMonitor.drifting(item)) {
                    getStyleClass().add("drift-row");
                }
            }
        });
        errorsList.setItems(monitor.getErrors());
        errorsList.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                // the whole line, however narrow the window
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item));
            }
        });
        monitor.getErrors().addListener((javafx.collections.ListChangeListener<String>) c ->
                errorsList.scrollTo(monitor.getErrors().size() - 1));

        poll = new Timeline(new KeyFrame(POLL, e -> vm.refreshStats()));
        poll.setCycleCount(Animation.INDEFINITE);
        vm.runningProperty().addListener((o, was, running) -> {
            if (running) {
                poll.play();
            } else {
                poll.stop();
                vm.refreshStats();
            }
        });
        // the page's keys work while it is shown (only the shown page is in the scene)
        Map<KeyCombination, Runnable> keys = Map.of(
                new KeyCodeCombination(KeyCode.F5), this::start,
                new KeyCodeCombination(KeyCode.F5, KeyCombination.SHIFT_DOWN), this::stop,
                new KeyCodeCombination(KeyCode.F6), this::replace);
        startButton.sceneProperty().addListener((o, before, scene) -> {
            if (before != null) {
                ObservableMap<KeyCombination, Runnable> acc = before.getAccelerators();
                keys.keySet().forEach(acc::remove);
            }
            if (scene != null) {
                scene.getAccelerators().putAll(keys);
            }
        });
    }

    private static <T> void column(TableColumn<T, String> c, Function<T, String> value) {
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format("%.1f %%", share * 100);
    }

    @FXML
    private void chooseZip() {
        dialogs.chooseModel(chooseZipButton.getScene().getWindow()).ifPresent(vm::addZip);
    }

    @FXML
    private void start() {
        vm.start();
    }

    @FXML
    private void stop() {
        vm.stop();
    }

    @FXML
    private void replace() {
        vm.replaceWithCurrentRun();
    }

    @FXML
    private void copyToken() {
        copy(vm.token());
    }

    @FXML
    private void copyCurl() {
        copy(vm.curlProperty().get());
    }

    @FXML
    private void copyPython() {
        copy(vm.pythonProperty().get());
    }

    private static void copy(String text) {
        if (text != null && !text.isEmpty()) {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
        }
    }
}
