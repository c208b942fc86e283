package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.OptimizeViewModel;
import io.modelbench.engine.api.OptimizeSettings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.Map;
import java.util.function.Function;

/** The Optimize page's view: method and settings, Run/Cancel with progress, the before/after table and chart, Save. */
public final class OptimizeView {

    private final OptimizeViewModel vm;
    private final FileDialogs dialogs;

    @FXML private ToggleGroup methodGroup;
    @FXML private RadioButton int8Choice;
    @FXML private RadioButton fp16Choice;
    @FXML private RadioButton pruneChoice;
    @FXML private RadioButton distillChoice;
    @FXML private HBox pruneSettings;
    @FXML private HBox distillSettings;
    @FXML private HBox epochSettings;
    @FXML private TextField sparsityField;
    @FXML private ComboBox<String> pruneScopeBox;
    @FXML private ComboBox<String> studentKindBox;
    @FXML private HBox mlpSettings;
    @FXML private HBox cnnSettings;
    @FXML private TextField filterScaleField;
    @FXML private TextField studentField;
    @FXML private TextField temperatureField;
    @FXML private TextField alphaField;
    @FXML private TextField epochsField;
    @FXML private Button runButton;
    @FXML private Button cancelButton;
    @FXML private Button saveButton;
    @FXML private ProgressBar progressBar;
    @FXML private Label messageLabel;
    @FXML private Label errorLabel;
    @FXML private TableView<OptimizeViewModel.Row> resultTable;
    @FXML private TableColumn<OptimizeViewModel.Row, String> modelColumn;
    @FXML private TableColumn<OptimizeViewModel.Row, String> sizeColumn;
    @FXML private TableColumn<OptimizeViewModel.Row, String> parametersColumn;
    @FXML private TableColumn<OptimizeViewModel.Row, String> nonzeroColumn;
    @FXML private TableColumn<OptimizeViewModel.Row, String> figureColumn;
    @FXML private TableColumn<OptimizeViewModel.Row, String> latency1Column;
    @FXML private TableColumn<OptimizeViewModel.Row, String> latency256Column;
    @FXML private StackPane chartPane;

    public OptimizeView(OptimizeViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        Map<Toggle, String> methods = Map.of(int8Choice, "int8", fp16Choice, "fp16", pruneChoice, "prune", distillChoice, "distill");
        methods.forEach((toggle, id) -> toggle.setSelected(id.equals(vm.methodProperty().get())));
        methodGroup.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
            } else {
                vm.methodProperty().set(methods.get(now));
            }
        });
        show(pruneSettings, vm.methodProperty().isEqualTo("prune"));
        show(distillSettings, vm.methodProperty().isEqualTo("distill"));
        show(epochSettings, vm.methodProperty().isEqualTo("prune").or(vm.methodProperty().isEqualTo("distill")));
        sparsityField.textProperty().bindBidirectional(vm.sparsityProperty());
        pruneScopeBox.getItems().setAll(OptimizeSettings.PRUNE_SCOPES);
        pruneScopeBox.valueProperty().bindBidirectional(vm.pruneScopeProperty());
        studentKindBox.getItems().setAll(OptimizeSettings.STUDENTS);
        studentKindBox.valueProperty().bindBidirectional(vm.studentKindProperty());
        show(mlpSettings, vm.studentKindProperty().isNotEqualTo("cnn"));
        show(cnnSettings, vm.studentKindProperty().isEqualTo("cnn"));
        filterScaleField.textProperty().bindBidirectional(vm.filterScaleProperty());
        studentField.textProperty().bindBidirectional(vm.studentProperty());
        temperatureField.textProperty().bindBidirectional(vm.temperatureProperty());
        alphaField.textProperty().bindBidirectional(vm.alphaProperty());
        epochsField.textProperty().bindBidirectional(vm.epochsProperty());
        runButton.disableProperty().bind(vm.canRunBinding().not());
        cancelButton.disableProperty().bind(vm.runningProperty().not());
        saveButton.disableProperty().bind(vm.canSaveBinding().not());
        progressBar.progressProperty().bind(vm.progressProperty());
        progressBar.visibleProperty().bind(vm.runningProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        column(modelColumn, OptimizeViewModel.Row::model);
        column(sizeColumn, OptimizeViewModel.Row::size);
        column(parametersColumn, OptimizeViewModel.Row::parameters);
        column(nonzeroColumn, OptimizeViewModel.Row::nonzero);
        column(figureColumn, OptimizeViewModel.Row::figure);
        column(latency1Column, OptimizeViewModel.Row::latency1);
        column(latency256Column, OptimizeViewModel.Row::latency256);
        resultTable.setItems(vm.getRows());

        XYSeriesCollection data = new XYSeriesCollection();
        JFreeChart chart = OptimizeChart.chart(data);
        ChartViewer viewer = LiveCharts.viewer(chart, "optimizeChart");
        chartPane.getChildren().add(viewer);
        vm.getPoints().addListener((ListChangeListener<OptimizeViewModel.Point>) c -> OptimizeChart.show(chart, data, vm.getPoints()));
    }

    private static void show(HBox box, javafx.beans.binding.BooleanExpression when) {
        box.visibleProperty().bind(when);
        box.managedProperty().bind(when);
    }

    private static void column(TableColumn<OptimizeViewModel.Row, String> c, Function<OptimizeViewModel.Row, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }

    @FXML
    void run() {
        vm.run();
    }

    @FXML
    void cancel() {
        vm.cancel();
    }

    @FXML
    void save() {
        if (vm.canSaveBinding().get()) {
            dialogs.chooseModelTarget(saveButton.getScene().getWindow(), vm.suggestedFileName()).ifPresent(vm::save);
        }
    }
}
