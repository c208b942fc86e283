package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EvaluateViewModel;
import io.modelbench.engine.api.ClassMetrics;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.eval.Curves;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
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

/** The Evaluate page's view: headline and baseline, confusion matrix (click a cell to list its rows), per-class table, test rows. */
public final class EvaluateView {

    private final EvaluateViewModel vm;
    private final ConfusionMatrixPane matrix = new ConfusionMatrixPane();

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

    public EvaluateView(EvaluateViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        headlineLabel.textProperty().bind(vm.headlineProperty());
        detailsLabel.textProperty().bind(vm.detailsProperty());
        matrixHolder.getChildren().add(matrix);
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
    }

    private final XYSeriesCollection curveData = new XYSeriesCollection();
    private JFreeChart curveChart;

    private void initCurves() {
        curveChart = ChartFactory.createXYLineChart("ROC, one class vs rest", "false-positive rate", "true-positive rate",
                curveData, PlotOrientation.VERTICAL, true, true, false);
        curveChart.setBackgroundPaint(java.awt.Color.WHITE);
        curveChart.getTitle().setFont(new java.awt.Font("SansSerif", java.awt.Font.BOLD, 12));
        curveChart.getXYPlot().setBackgroundPaint(java.awt.Color.WHITE);
        ChartViewer viewer = new ChartViewer(curveChart);
        viewer.setId("curveChart");
        curveHolder.getChildren().add(viewer);
        vm.curvesProperty().addListener((o, a, m) -> showCurves(m));
        showCurves(vm.curvesProperty().get());
    }

    private void showCurves(java.util.Map<String, List<Curves.Point>> m) {
        curveData.removeAllSeries();
        boolean regression = m.size() == 1 && m.containsKey("rows");
        XYPlot plot = curveChart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(!regression, regression);
        plot.setRenderer(r);
        curveChart.setTitle(regression ? "Predicted against actual" : "ROC, one class vs rest");
        plot.getDomainAxis().setLabel(regression ? "actual" : "false-positive rate");
        plot.getRangeAxis().setLabel(regression ? "predicted" : "true-positive rate");
        m.forEach((name, points) -> {
            XYSeries s = new XYSeries(name, false, true);
            points.forEach(p -> s.add(p.x(), p.y()));
            curveData.addSeries(s);
        });
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
                if (!empty && item != null && !item.correct()) {
                    getStyleClass().add("wrong-row");
                }
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
        matrixBox.setVisible(cls);
        matrixBox.setManaged(cls);
        perClassTable.setVisible(cls);
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
