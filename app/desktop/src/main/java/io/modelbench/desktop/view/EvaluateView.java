package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EvaluateViewModel;
import io.modelbench.engine.api.ClassMetrics;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.eval.Curves;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeriesCollection;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableCell;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/**
 * The Evaluate page's view: which data is shown (the test split or another file), headline and baseline,
 * confusion matrix (click a cell to list its rows), ROC or precision–recall curves (or predicted against actual
 * and the residual histogram), per-class table, the rows and the selected row's class probabilities. Every
 * chart exports as PNG or SVG from its context menu.
 */
public final class EvaluateView {

    private final EvaluateViewModel vm;
    private final io.modelbench.desktop.viewmodel.SeriesEvaluation forecast;
    @FXML private VBox forecastBox;
    private final FileDialogs dialogs;
    private static final double MATRIX_MAX_WIDTH = 440;
    private final ConfusionMatrixPane matrix = new ConfusionMatrixPane();

    @FXML private java.util.ResourceBundle resources;
    @FXML private Label shownDataLabel;
    @FXML private ProgressBar evaluateProgress;
    @FXML private Button cancelEvaluateButton;
    @FXML private Button testSplitButton;
    @FXML private Button evaluateOtherButton;
    @FXML private Label errorLabel;
    @FXML private Label warningLabel;
    @FXML private Label messageLabel;
    @FXML private HBox curveSwitch;
    @FXML private ToggleButton rocToggle;
    @FXML private ToggleButton prToggle;
    @FXML private StackPane residualHolder;
    @FXML private VBox selectedBox;
    @FXML private Label selectedLabel;
    @FXML private StackPane probabilityHolder;

    @FXML private Label headlineLabel;
    @FXML private Label detailsLabel;
    @FXML private VBox matrixBox;
    @FXML private StackPane matrixHolder;
    @FXML private TableView<ClassMetrics> perClassTable;
    @FXML private TableColumn<ClassMetrics, Object> labelColumn;
    @FXML private TableColumn<ClassMetrics, Object> precisionColumn;
    @FXML private TableColumn<ClassMetrics, Object> recallColumn;
    @FXML private TableColumn<ClassMetrics, Object> f1Column;
    @FXML private TableColumn<ClassMetrics, Object> supportColumn;
    @FXML private StackPane curveHolder;
    @FXML private CheckBox onlyWrongBox;
    @FXML private Label filterLabel;
    @FXML private Button clearCellButton;
    @FXML private TableView<EvaluatedRow> predictionsTable;
    @FXML private TableColumn<EvaluatedRow, Long> lineColumn;
    @FXML private TableColumn<EvaluatedRow, String> actualColumn;
    @FXML private TableColumn<EvaluatedRow, String> predictedColumn;
    @FXML private TableColumn<EvaluatedRow, Double> confidenceColumn;
    @FXML private TableColumn<EvaluatedRow, Double> lossColumn;
    @FXML private TableColumn<EvaluatedRow, String> probabilitiesColumn;

    public EvaluateView(EvaluateViewModel vm, io.modelbench.desktop.viewmodel.SeriesEvaluation forecast, FileDialogs dialogs) {
        this.vm = vm;
        this.forecast = forecast;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        headlineLabel.textProperty().bind(vm.headlineProperty());
        detailsLabel.textProperty().bind(vm.detailsProperty());
        matrixHolder.getChildren().add(matrix);
        // the matrix keeps the width it needs up to 440 px (a few classes show whole); beyond that it scrolls
        matrix.layoutBoundsProperty().addListener((o, a, b) -> {
            double needed = Math.min(MATRIX_MAX_WIDTH, Math.ceil(b.getWidth()) + 20);
            if (needed != matrixBox.getMinWidth()) {
                matrixBox.setMinWidth(needed);
                matrixBox.setPrefWidth(needed);
            }
        });
        javafx.scene.control.ContextMenu matrixMenu = new javafx.scene.control.ContextMenu();
        for (ChartExport.Format f : ChartExport.Format.values()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem("Export as " + f.name() + "…");
            item.setId("export-" + f.extension + "-confusion-matrix");
            item.setOnAction(e -> {
                if (vm.resultProperty().get() instanceof io.modelbench.engine.api.EvaluationResult.Classification c) {
                    dialogs.chooseChartTarget(matrix.getScene().getWindow(), "confusion-matrix." + f.extension, f.description, "*." + f.extension)
                            .map(p -> ChartExport.withExtension(p, f))
                            .ifPresent(p -> vm.saveChart(p, ChartExport.renderMatrix(c.labels(), c.confusion(), f)));
                }
            });
            matrixMenu.getItems().add(item);
        }
        matrix.setOnContextMenuRequested(e -> matrixMenu.show(matrix, e.getScreenX(), e.getScreenY()));
        perClassTable.setItems(vm.getPerClass());
        column(labelColumn, ClassMetrics::label);
        column(precisionColumn, m -> String.format("%.3f", m.precision()));
        column(recallColumn, m -> String.format("%.3f", m.recall()));
        column(f1Column, m -> String.format("%.3f", m.f1()));
        column(supportColumn, ClassMetrics::support);
        vm.resultProperty().addListener((o, a, r) -> show(r));
        show(vm.resultProperty().get());
        initPredictions();
        initCurves();
        initOtherData();
        ForecastPane.install(forecastBox, forecast, dialogs, vm::saveChart);
    }

    private void initOtherData() {
        shownDataLabel.textProperty().bind(vm.shownDataProperty());
        shownDataLabel.visibleProperty().bind(vm.shownDataProperty().isNotEmpty());
        javafx.scene.control.Tooltip shownTip = new javafx.scene.control.Tooltip();
        shownTip.textProperty().bind(vm.shownDataProperty());
        shownDataLabel.setTooltip(shownTip);
        vm.otherDataProperty().addListener((o, a, other) -> markOther(other));
        markOther(vm.otherDataProperty().get());
        evaluateProgress.progressProperty().bind(vm.progressProperty());
        show(evaluateProgress, vm.evaluatingProperty());
        show(cancelEvaluateButton, vm.evaluatingProperty());
        show(testSplitButton, vm.otherDataProperty());
        evaluateOtherButton.disableProperty().bind(vm.resultProperty().isNull().or(vm.evaluatingProperty()));
        errorLabel.textProperty().bind(vm.errorProperty());
        show(errorLabel, vm.errorProperty().isNotEmpty());
        warningLabel.textProperty().bind(vm.warningProperty());
        show(warningLabel, vm.warningProperty().isNotEmpty());
        messageLabel.textProperty().bind(vm.messageProperty());
    }

    private void markOther(boolean other) {
        shownDataLabel.getStyleClass().remove("other-data");
        if (other) {
            shownDataLabel.getStyleClass().add("other-data");
        }
    }

    private static void show(javafx.scene.Node node, javafx.beans.value.ObservableBooleanValue when) {
        node.visibleProperty().bind(when);
        node.managedProperty().bind(when);
    }

    @FXML
    private void evaluateOther() {
        var window = evaluateOtherButton.getScene().getWindow();
        (vm.readsImages() ? dialogs.chooseImageFolder(window) : dialogs.chooseTable(window)).ifPresent(vm::evaluateOn);
    }

    @FXML
    private void cancelEvaluate() {
        vm.cancel();
    }

    @FXML
    private void showTestSplit() {
        vm.showTestSplit();
    }

    private ChartViewer viewer(JFreeChart chart, String id, String fileName) {
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId(id);
        ChartExport.install(viewer, fileName, dialogs, vm::saveChart);
        return viewer;
    }

    private final XYSeriesCollection curveData = new XYSeriesCollection();
    private final XYIntervalSeriesCollection residualData = new XYIntervalSeriesCollection();
    private final DefaultCategoryDataset probabilityData = new DefaultCategoryDataset();
    private JFreeChart curveChart;

    private void initCurves() {
        curveChart = EvaluateCharts.curves(curveData);
        curveHolder.getChildren().add(viewer(curveChart, "curveChart", "curves"));
        ToggleGroup kinds = new ToggleGroup();
        rocToggle.setToggleGroup(kinds);
        prToggle.setToggleGroup(kinds);
        rocToggle.setUserData(EvaluateViewModel.CurveKind.ROC);
        prToggle.setUserData(EvaluateViewModel.CurveKind.PRECISION_RECALL);
        kinds.selectToggle(vm.curveKindProperty().get() == EvaluateViewModel.CurveKind.ROC ? rocToggle : prToggle);
        kinds.selectedToggleProperty().addListener((o, a, t) -> {
            if (t == null) {
                kinds.selectToggle(a);  // one of the two stays pressed
            } else {
                vm.curveKindProperty().set((EvaluateViewModel.CurveKind) t.getUserData());
            }
        });
        vm.curvesProperty().addListener((o, a, m) -> showCurves(m));
        showCurves(vm.curvesProperty().get());

        residualHolder.getChildren().add(viewer(EvaluateCharts.residuals(residualData), "residualChart", "residuals"));
        vm.getResiduals().addListener((ListChangeListener<EvaluateViewModel.HistogramBin>) c ->
                EvaluateCharts.showResiduals(residualData, vm.getResiduals()));
        EvaluateCharts.showResiduals(residualData, vm.getResiduals());

        probabilityHolder.getChildren().add(viewer(EvaluateCharts.probabilities(probabilityData), "rowProbabilityChart", "probabilities"));
        vm.getSelectedProbabilities().addListener((ListChangeListener<io.modelbench.desktop.viewmodel.TryViewModel.ClassProbability>) c ->
                EvaluateCharts.showProbabilities(probabilityData, vm.getSelectedProbabilities()));
        selectedLabel.textProperty().bind(javafx.beans.binding.Bindings.when(vm.selectedTextProperty().isEmpty())
                .then(resources.getString("evaluate.selected.none")).otherwise(vm.selectedTextProperty()));
    }

    private void showCurves(java.util.Map<String, List<Curves.Point>> m) {
        EvaluateCharts.showCurves(curveChart, curveData, m, vm.curveKindProperty().get());
    }

    private void initPredictions() {
        matrix.setOnCell(vm::showCell);
        onlyWrongBox.selectedProperty().bindBidirectional(vm.onlyWrongProperty());
        filterLabel.textProperty().bind(vm.filterTextProperty());
        clearCellButton.visibleProperty().bind(vm.cellProperty().isNotNull());
        SortedList<EvaluatedRow> sorted = new SortedList<>(vm.getShownRows());
        sorted.comparatorProperty().bind(predictionsTable.comparatorProperty());
        predictionsTable.setItems(sorted);
        lineColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().line()));
        lineColumn.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.image.ImageView thumb = new javafx.scene.image.ImageView();

            @Override
            protected void updateItem(Long line, boolean empty) {
                super.updateItem(line, empty);
                EvaluatedRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (row == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(vm.rowName(row));
                String uri = vm.imageUri(row);
                if (uri == null) {
                    setGraphic(null);
                } else {
                    // background loading: the table scrolls while thumbnails arrive
                    thumb.setImage(new javafx.scene.image.Image(uri, 32, 32, true, false, true));
                    thumb.setSmooth(false);
                    thumb.setFitWidth(32);
                    thumb.setFitHeight(32);
                    setGraphic(thumb);
                }
            }
        });
        actualColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().actual()));
        predictedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().predicted()));
        confidenceColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().confidence()));
        lossColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().loss()));
        confidenceColumn.setCellFactory(col -> numberCell("%.3f"));
        lossColumn.setCellFactory(col -> numberCell("%.4f"));
        probabilitiesColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(probabilities(c.getValue())));
        predictionsTable.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(EvaluatedRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("wrong-row");
                // regression rows are never exactly right: only classification rows are marked wrong
                if (!empty && item != null && !item.correct() && item.probabilities() != null) {
                    getStyleClass().add("wrong-row");
                }
            }
        });
        predictionsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> vm.selectRow(row));
        // when the rows change (new result, filter), the first one (the worst, sorted by loss) shows its probabilities
        sorted.addListener((ListChangeListener<EvaluatedRow>) c -> {
            if (predictionsTable.getSelectionModel().isEmpty() && !sorted.isEmpty()
                    && vm.resultProperty().get() instanceof EvaluationResult.Classification) {
                predictionsTable.getSelectionModel().selectFirst();
            }
        });
        lossColumn.setSortType(TableColumn.SortType.DESCENDING);
        predictionsTable.getSortOrder().setAll(List.of(lossColumn));
    }

    @FXML
    private void clearCell() {
        vm.clearCell();
    }

    private String probabilities(EvaluatedRow r) {
        if (r.probabilities() == null || !(vm.resultProperty().get() instanceof EvaluationResult.Classification c)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.probabilities().length; i++) {
            sb.append(i > 0 ? "  " : "").append(c.labels().get(i)).append(' ').append(String.format("%.2f", r.probabilities()[i]));
        }
        return sb.toString();
    }

    private static TableCell<EvaluatedRow, Double> numberCell(String format) {
        return new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null || v.isNaN() ? "" : String.format(format, v));
            }
        };
    }

    private void show(EvaluationResult r) {
        boolean cls = r instanceof EvaluationResult.Classification;
        boolean regression = r instanceof EvaluationResult.Regression;
        matrixBox.setVisible(cls);
        matrixBox.setManaged(cls);
        perClassTable.setVisible(cls);
        perClassTable.setManaged(!regression);
        curveSwitch.setVisible(!regression);
        curveSwitch.setManaged(!regression);
        residualHolder.setVisible(regression);
        residualHolder.setManaged(regression);
        selectedBox.setVisible(!regression);
        selectedBox.setManaged(!regression);
        probabilitiesColumn.setVisible(!regression);
        confidenceColumn.setVisible(!regression);
        // a fixed row height: the table need not lay out each new row to measure it (the rows' first showing
        // was the slowest part of a finished run's publishing); rows with a 32-pixel thumbnail are taller
        double textRow = Math.ceil(javafx.scene.text.Font.getDefault().getSize() * 2);
        predictionsTable.setFixedCellSize(vm.readsImages() ? Math.max(textRow, 38) : textRow);
        // an image row shows its thumbnail and file name ("5/0005.png"), a table row its line number
        lineColumn.setPrefWidth(vm.readsImages() ? 150 : 70);
        if (r instanceof EvaluationResult.Classification c) {
            matrix.show(c.labels(), c.confusion());
        } else {
            matrix.show(null, null);
        }
    }

    private static void column(TableColumn<ClassMetrics, Object> c, Function<ClassMetrics, Object> f) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(f.apply(cell.getValue())));
    }
}
