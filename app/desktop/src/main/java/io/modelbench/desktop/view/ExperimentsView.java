package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EpochPoint;
import io.modelbench.desktop.viewmodel.ExperimentsViewModel;
import io.modelbench.desktop.viewmodel.SpaceForm;
import io.modelbench.desktop.viewmodel.TrialCurve;
import io.modelbench.desktop.viewmodel.TrialRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Paint;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;

/**
 * The Experiments page's view: the search space (a check box and a text field per setting), strategy, budget, parallel
 * trials and seed; Start, Pause and Stop with progress; the trials table (sortable by any column, filtered by the text
 * above it) with Use this trial; the trials' validation curves overlaid, and the parallel-coordinates chart.
 */
public final class ExperimentsView {

    /** Distinct colours readable on white (JFreeChart's default sequence has a pale yellow). */
    private static final Paint[] PALETTE = {new java.awt.Color(0x2F6FDB), new java.awt.Color(0xD64545), new java.awt.Color(0x1F9D55),
        new java.awt.Color(0x8E44AD), new java.awt.Color(0xE08E0B), new java.awt.Color(0x17A2B8), new java.awt.Color(0x6C757D),
        new java.awt.Color(0xC2185B), new java.awt.Color(0x5D4037), new java.awt.Color(0x00796B)};

    private final ExperimentsViewModel vm;
    private final ResourceBundle messages;
    private final XYSeriesCollection curves = new XYSeriesCollection();
    private JFreeChart curveChart;

    @FXML private GridPane spaceGrid;
    @FXML private ToggleGroup strategyGroup;
    @FXML private RadioButton gridChoice;
    @FXML private RadioButton randomChoice;
    @FXML private RadioButton ashaChoice;
    @FXML private TextField trialsField;
    @FXML private TextField minutesField;
    @FXML private TextField parallelField;
    @FXML private TextField seedField;
    @FXML private Button startButton;
    @FXML private Label startHintLabel;
    @FXML private Button pauseButton;
    @FXML private Button stopButton;
    @FXML private Button useButton;
    @FXML private ProgressBar progressBar;
    @FXML private Label messageLabel;
    @FXML private Label errorLabel;
    @FXML private TextField filterField;
    @FXML private TableView<TrialRow> trialsTable;
    @FXML private TableColumn<TrialRow, Integer> numberColumn;
    @FXML private TableColumn<TrialRow, String> settingsColumn;
    @FXML private TableColumn<TrialRow, Double> metricColumn;
    @FXML private TableColumn<TrialRow, Integer> epochsColumn;
    @FXML private TableColumn<TrialRow, String> statusColumn;
    @FXML private TableColumn<TrialRow, Double> timeColumn;
    @FXML private StackPane curvesPane;
    @FXML private StackPane parallelPane;

    public ExperimentsView(ExperimentsViewModel vm, ResourceBundle messages) {
        this.vm = vm;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        int row = 0;
        for (SpaceForm.Row r : vm.setup().space().getRows()) {
            CheckBox on = new CheckBox(messages.getString("experiments.setting." + r.setting()));
            on.setId("space-" + r.setting());
            on.selectedProperty().bindBidirectional(r.onProperty());
            on.setTooltip(new Tooltip(r.setting()));
            TextField values = new TextField();
            values.setId("values-" + r.setting());
            values.textProperty().bindBidirectional(r.textProperty());
            values.disableProperty().bind(r.onProperty().not());
            values.setPrefColumnCount(14);
            spaceGrid.addRow(row++, on, values);
        }
        Map<Toggle, String> strategies = Map.of(gridChoice, "grid", randomChoice, "random", ashaChoice, "asha");
        strategies.forEach((t, id) -> t.setSelected(id.equals(vm.setup().strategyProperty().get())));
        vm.setup().strategyProperty().addListener((o, a, id) -> strategies.forEach((t, s) -> t.setSelected(s.equals(id))));
        strategyGroup.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
            } else {
                vm.setup().strategyProperty().set(strategies.get(now));
            }
        });
        trialsField.textProperty().bindBidirectional(vm.setup().trialsProperty());
        minutesField.textProperty().bindBidirectional(vm.setup().minutesProperty());
        parallelField.textProperty().bindBidirectional(vm.setup().parallelProperty());
        seedField.textProperty().bindBidirectional(vm.setup().seedProperty());
        startButton.disableProperty().bind(vm.canStartBinding().not());
        startHintLabel.textProperty().bind(vm.startHintBinding());   // why Start is off, beside it
        startHintLabel.visibleProperty().bind(vm.startHintBinding().isNotEmpty());
        startHintLabel.managedProperty().bind(startHintLabel.visibleProperty());
        pauseButton.disableProperty().bind(vm.runningProperty().not());
        stopButton.disableProperty().bind(vm.runningProperty().not());
        pauseButton.textProperty().bind(javafx.beans.binding.Bindings.when(vm.pausedProperty())
                .then(messages.getString("experiments.resume")).otherwise(messages.getString("experiments.pause")));
        progressBar.progressProperty().bind(vm.progressProperty());
        progressBar.visibleProperty().bind(vm.runningProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        filterField.textProperty().bindBidirectional(vm.filterProperty());

        column(numberColumn, TrialRow::number, r -> Integer.toString(r.number()));
        column(settingsColumn, TrialRow::settings, TrialRow::settings);
        column(metricColumn, r -> Double.isNaN(r.metric()) ? null : r.metric(), TrialRow::metricText);
        column(epochsColumn, TrialRow::epochs, TrialRow::epochsText);
        column(statusColumn, TrialRow::statusText, TrialRow::statusText);
        column(timeColumn, r -> r.seconds() <= 0 ? null : r.seconds(), TrialRow::timeText);
        SortedList<TrialRow> sorted = new SortedList<>(vm.getFilteredTrials());
        sorted.comparatorProperty().bind(trialsTable.comparatorProperty());
        trialsTable.setItems(sorted);
        trialsTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(TrialRow item, boolean empty) {
                super.updateItem(item, empty);
                setStyle(!empty && item != null && item.best() ? "-fx-font-weight: bold;" : "");
                setTooltip(!empty && item != null && !item.message().isEmpty() ? new Tooltip(item.message()) : null);
            }
        });
        trialsTable.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                use();
            }
        });
        useButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            TrialRow r = trialsTable.getSelectionModel().getSelectedItem();
            return r == null || !r.hasModel();
        }, trialsTable.getSelectionModel().selectedItemProperty()));

        curveChart = LiveCharts.chart(messages.getString("experiments.curves.title"), "epoch", "validation", curves);
        LiveCharts.wholeNumbersAlongX(curveChart);
        curvesPane.getChildren().add(LiveCharts.viewer(curveChart, "curvesChart"));
        vm.getCurves().addListener((ListChangeListener<TrialCurve>) c -> showCurves());
        ParallelCoordinatesChart parallel = new ParallelCoordinatesChart();
        parallel.setId("parallelChart");
        parallelPane.getChildren().add(parallel);
        parallel.show(vm.parallelProperty().get());
        vm.parallelProperty().addListener((o, a, d) -> parallel.show(d));
        showCurves();
    }

    /** Sorts on {@code key} (numbers as numbers), shows {@code text}. */
    private static <T extends Comparable<T>> void column(TableColumn<TrialRow, T> c, Function<TrialRow, T> key,
                                                         Function<TrialRow, String> text) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(key.apply(cell.getValue())));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                TrialRow r = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
                setText(r == null ? null : text.apply(r));
            }
        });
    }

    /** One validation line per trial (accuracy or RMSE), the best trial's thicker. */
    private void showCurves() {
        curves.removeAllSeries();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) curveChart.getXYPlot().getRenderer();
        Paint[] colors = PALETTE;
        String metric = "validation";
        int i = 0;
        for (TrialCurve c : vm.getCurves()) {
            XYSeries s = new XYSeries("trial " + c.trial(), false, true);
            for (EpochPoint p : c.points()) {
                if (Double.isFinite(p.validationMetric())) {
                    s.add(p.epoch(), p.validationMetric());
                }
            }
            curves.addSeries(s);
            boolean best = vm.getTrials().stream().anyMatch(r -> r.number() == c.trial() && r.best());
            renderer.setSeriesPaint(i, colors[c.trial() % colors.length]);
            renderer.setSeriesStroke(i, new BasicStroke(best ? 3.5f : 1.5f));
            i++;
        }
        for (TrialRow r : vm.getTrials()) {
            if (!r.metricName().isEmpty()) {
                metric = "validation " + r.metricName();
                break;
            }
        }
        curveChart.getXYPlot().getRangeAxis().setLabel(metric);
        metricColumn.setText(metric.equals("validation") ? messages.getString("experiments.col.metric")
                : "Val. " + metric.substring("validation ".length()).replace("rmse", "RMSE"));
        curveChart.getLegend().setVisible(vm.getCurves().size() <= 12);
    }

    @FXML
    void start() {
        vm.start();
    }

    @FXML
    void pause() {
        vm.togglePause();
    }

    @FXML
    void stop() {
        vm.stop();
    }

    @FXML
    void use() {
        TrialRow r = trialsTable.getSelectionModel().getSelectedItem();
        if (r != null) {
            vm.use(r);
        }
    }
}
