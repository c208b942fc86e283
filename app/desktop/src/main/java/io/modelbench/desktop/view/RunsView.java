package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EpochPoint;
import io.modelbench.desktop.viewmodel.RunRecord;
import io.modelbench.desktop.viewmodel.RunsViewModel;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.util.ResourceBundle;

/** The Runs page's view: the session's runs, their curves overlaid, their settings side by side. */
public final class RunsView {

    private final RunsViewModel vm;
    private final ResourceBundle messages;
    private final XYSeriesCollection data = new XYSeriesCollection();
    private XYLineAndShapeRenderer renderer;

    @FXML private ListView<RunRecord> runsList;
    @FXML private StackPane chartHolder;
    @FXML private TableView<RunsViewModel.ComparisonRow> comparisonTable;
    @FXML private javafx.scene.control.Button renameButton;
    @FXML private javafx.scene.control.Button noteButton;
    @FXML private javafx.scene.control.Button deleteButton;
    @FXML private javafx.scene.control.Button rerunButton;
    @FXML private javafx.scene.control.Button resumeButton;
    @FXML private javafx.scene.control.Label errorLabel;

    public RunsView(RunsViewModel vm, ResourceBundle messages) {
        this.vm = vm;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        runsList.setItems(vm.getRuns());
        runsList.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runsList.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunRecord>) c ->
                vm.getSelected().setAll(runsList.getSelectionModel().getSelectedItems()));
        vm.getRuns().addListener((ListChangeListener<RunRecord>) c -> {
            if (!vm.getRuns().isEmpty() && runsList.getSelectionModel().isEmpty()) {
                runsList.getSelectionModel().select(0);
            }
        });
        JFreeChart chart = ChartFactory.createXYLineChart(messages.getString("runs.chart.title"), "epoch", "loss", data,
                PlotOrientation.VERTICAL, true, true, false);
        chart.setBackgroundPaint(Color.WHITE);
        LiveCharts.wholeNumbersAlongX(chart);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        renderer = new XYLineAndShapeRenderer(true, false);
        chart.getXYPlot().setRenderer(renderer);
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId("runsChart");
        chartHolder.getChildren().add(viewer);
        comparisonTable.setItems(vm.getComparison());
        comparisonTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RunsViewModel.ComparisonRow item, boolean empty) {
                super.updateItem(item, empty);
                setStyle(!empty && item != null && item.differs() ? "-fx-font-weight: bold;" : "");
            }
        });
        vm.getSelected().addListener((ListChangeListener<RunRecord>) c -> show());
        var one = javafx.beans.binding.Bindings.size(vm.getSelected()).isNotEqualTo(1);
        renameButton.disableProperty().bind(one);
        noteButton.disableProperty().bind(one);
        deleteButton.disableProperty().bind(one);
        rerunButton.disableProperty().bind(one);
        resumeButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.getSelected().size() != 1 || !vm.getSelected().get(0).resumable(), vm.getSelected()));
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        runsList.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.F2) {
                rename();
            } else if (e.getCode() == javafx.scene.input.KeyCode.DELETE) {
                delete();
            }
        });
    }

    private RunRecord selectedRun() {
        return vm.getSelected().size() == 1 ? vm.getSelected().get(0) : null;
    }

    @FXML
    private void rename() {
        RunRecord r = selectedRun();
        if (r != null) {
            ask("Rename run", "Name:", r.name()).ifPresent(name -> vm.rename(r, name));
        }
    }

    @FXML
    private void annotate() {
        RunRecord r = selectedRun();
        if (r != null) {
            ask("Note on " + r.name(), "Note:", r.note()).ifPresent(note -> vm.annotate(r, note));
        }
    }

    @FXML
    private void delete() {
        RunRecord r = selectedRun();
        if (r == null) {
            return;
        }
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "Delete " + r.name() + (r.id() != null ? " with its checkpoints and model" : "") + "? This cannot be undone.",
                javafx.scene.control.ButtonType.CANCEL, javafx.scene.control.ButtonType.OK);
        a.setHeaderText(null);
        a.initOwner(runsList.getScene().getWindow());
        a.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK).ifPresent(b -> vm.delete(r));
    }

    @FXML
    private void rerun() {
        RunRecord r = selectedRun();
        if (r != null) {
            vm.rerun(r);
        }
    }

    @FXML
    private void resume() {
        RunRecord r = selectedRun();
        if (r != null) {
            vm.resume(r);
        }
    }

    private java.util.Optional<String> ask(String title, String label, String value) {
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(value);
        d.setTitle(title);
        d.setHeaderText(null);
        d.setContentText(label);
        d.initOwner(runsList.getScene().getWindow());
        return d.showAndWait();
    }

    private void show() {
        data.removeAllSeries();
        Paint[] colors = DefaultDrawingSupplier.DEFAULT_PAINT_SEQUENCE;
        int i = 0;
        for (RunRecord r : vm.getSelected()) {
            XYSeries val = new XYSeries(r.name() + " validation", false, true);
            XYSeries train = new XYSeries(r.name() + " training", false, true);
            for (EpochPoint p : r.curve()) {
                train.add(p.epoch(), p.trainingLoss());
                if (Double.isFinite(p.validationLoss())) {
                    val.add(p.epoch(), p.validationLoss());
                }
            }
            data.addSeries(val);
            data.addSeries(train);
            Paint color = colors[i % colors.length];
            renderer.setSeriesPaint(2 * i, color);
            renderer.setSeriesPaint(2 * i + 1, color);
            renderer.setSeriesStroke(2 * i, new BasicStroke(2f));
            renderer.setSeriesStroke(2 * i + 1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
            i++;
        }
        comparisonTable.getColumns().clear();
        TableColumn<RunsViewModel.ComparisonRow, String> setting = new TableColumn<>(messages.getString("runs.col.setting"));
        setting.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().setting()));
        setting.setPrefWidth(130);
        setting.setMaxWidth(180);
        comparisonTable.getColumns().add(setting);
        for (int k = 0; k < vm.getSelected().size(); k++) {
            int col = k;
            TableColumn<RunsViewModel.ComparisonRow, String> run = new TableColumn<>(vm.getSelected().get(k).name());
            run.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().values().get(col)));
            run.setPrefWidth(220);
            comparisonTable.getColumns().add(run);
        }
    }
}
