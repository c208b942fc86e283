package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.InputField;
import io.modelbench.desktop.viewmodel.TryViewModel;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.util.ResourceBundle;

/** The Try page's view: a form built from the model's inputs and a bar chart of the class probabilities. */
public final class TryView {

    private final TryViewModel vm;
    private final ResourceBundle messages;
    private final DefaultCategoryDataset data = new DefaultCategoryDataset();

    @FXML private Spinner<Integer> rowSpinner;
    @FXML private Label errorLabel;
    @FXML private GridPane form;
    @FXML private Label predictionLabel;
    @FXML private StackPane chartHolder;
    @FXML private javafx.scene.control.Button chooseImageButton;
    @FXML private javafx.scene.control.ScrollPane formScroll;
    @FXML private javafx.scene.image.ImageView imageView;
    @FXML private Label infoLabel;
    @FXML private javafx.scene.layout.HBox rowBox;
    @FXML private javafx.scene.layout.HBox formBox;
    @FXML private javafx.scene.layout.VBox windowPane;
    @FXML private Label windowNeededLabel;
    @FXML private javafx.scene.control.TextArea windowArea;
    @FXML private Label windowErrorLabel;
    @FXML private Label forecastLabel;
    @FXML private ComboBox<String> seriesIdBox;
    @FXML private javafx.scene.layout.VBox stepsPane;
    @FXML private Label stepsNeededLabel;
    @FXML private javafx.scene.control.TextArea stepsArea;
    @FXML private Label stepsIdLabel;
    @FXML private ComboBox<String> stepsIdBox;
    @FXML private Label stepsErrorLabel;
    private final FileDialogs dialogs;

    public TryView(TryViewModel vm, ResourceBundle messages, FileDialogs dialogs) {
        this.vm = vm;
        this.messages = messages;
        this.dialogs = dialogs;
    }

    @FXML
    private void chooseImage() {
        dialogs.chooseImage(chooseImageButton.getScene().getWindow()).ifPresent(vm::tryImage);
    }

    @FXML
    private void fillWindow() {
        vm.window().fillFromData();
    }

    /** A forecasting model takes a window of past values instead of a row: the row, form and chart give way to it. */
    private void initWindow() {
        var w = vm.window();
        windowPane.visibleProperty().bind(w.forecastingProperty());
        windowPane.managedProperty().bind(windowPane.visibleProperty());
        for (javafx.scene.Node n : new javafx.scene.Node[] {infoLabel, rowBox, formBox}) {
            n.visibleProperty().bind(w.forecastingProperty().not());
            n.managedProperty().bind(n.visibleProperty());
        }
        windowNeededLabel.textProperty().bind(w.neededProperty());
        windowArea.textProperty().bindBidirectional(w.textProperty());
        windowErrorLabel.textProperty().bind(w.errorProperty());
        windowErrorLabel.visibleProperty().bind(w.errorProperty().isNotEmpty());
        windowErrorLabel.managedProperty().bind(windowErrorLabel.visibleProperty());
        forecastLabel.textProperty().bind(w.forecastProperty());
        seriesIdBox.setItems(w.getSeriesIds());
        seriesIdBox.valueProperty().bindBidirectional(w.seriesIdProperty());
        seriesIdBox.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(w.getSeriesIds()));
        seriesIdBox.managedProperty().bind(seriesIdBox.visibleProperty());
    }

    /** A sequence classifier takes the steps of one sequence: the row and form give way; the prediction and chart stay. */
    private void initSteps() {
        var s = vm.steps();
        stepsPane.visibleProperty().bind(s.classifyingProperty());
        stepsPane.managedProperty().bind(stepsPane.visibleProperty());
        for (javafx.scene.Node n : new javafx.scene.Node[] {infoLabel, rowBox}) {
            n.visibleProperty().bind(vm.window().forecastingProperty().not().and(s.classifyingProperty().not()));
            n.managedProperty().bind(n.visibleProperty());
        }
        stepsNeededLabel.textProperty().bind(s.neededProperty());
        stepsArea.textProperty().bindBidirectional(s.textProperty());
        stepsIdBox.setItems(s.getIds());
        stepsIdBox.valueProperty().bindBidirectional(s.idProperty());
        stepsIdLabel.setLabelFor(stepsIdBox);
        stepsIdBox.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(s.getIds()));
        stepsErrorLabel.textProperty().bind(s.errorProperty());
        stepsErrorLabel.visibleProperty().bind(s.errorProperty().isNotEmpty());
        stepsErrorLabel.managedProperty().bind(stepsErrorLabel.visibleProperty());
    }

    @FXML
    private void initialize() {
        initWindow();
        initSteps();
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        predictionLabel.textProperty().bind(vm.predictionProperty());
        rowSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, Integer.MAX_VALUE, 1));
        rowSpinner.valueProperty().addListener((o, a, row) -> vm.fillFromRow(row - 1));
        vm.getFields().addListener((ListChangeListener<InputField>) c -> buildForm());
        buildForm();
        chooseImageButton.visibleProperty().bind(vm.imageModelProperty());
        formScroll.visibleProperty().bind(vm.imageModelProperty().not().and(vm.steps().classifyingProperty().not()));
        imageView.visibleProperty().bind(vm.imageModelProperty());
        vm.imageUriProperty().addListener((o, a, uri) ->
                imageView.setImage(uri == null ? null : new javafx.scene.image.Image(uri, 280, 280, true, false, true)));
        imageView.getParent().setOnDragOver(e -> {
            if (vm.imageModelProperty().get() && e.getDragboard().hasFiles()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
                e.consume();
            }
        });
        imageView.getParent().setOnDragDropped(e -> {
            if (vm.imageModelProperty().get() && e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty()) {
                vm.tryImage(e.getDragboard().getFiles().get(0).toPath());
                e.setDropCompleted(true);
                e.consume();
            }
        });

        JFreeChart chart = ChartFactory.createBarChart(messages.getString("try.chart.title"), "", "probability", data,
                PlotOrientation.HORIZONTAL, false, true, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.getRangeAxis().setRange(0, 1);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x2F, 0x6F, 0xDB));
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setId("probabilityChart");
        chartHolder.getChildren().add(viewer);
        vm.getProbabilities().addListener((ListChangeListener<TryViewModel.ClassProbability>) c -> {
            data.clear();
            vm.getProbabilities().forEach(p -> data.addValue(p.probability(), "p", p.label()));
        });
    }

    private void buildForm() {
        form.getChildren().clear();
        int row = 0;
        for (InputField f : vm.getFields()) {
            Label name = new Label(f.getName());
            Node editor;
            switch (f.getKind()) {
                case "categorical" -> {
                    ComboBox<String> box = new ComboBox<>();
                    box.getItems().addAll(f.getChoices());
                    box.setEditable(true);
                    box.valueProperty().bindBidirectional(f.valueProperty());
                    editor = box;
                }
                case "boolean" -> {
                    CheckBox box = new CheckBox();
                    box.setSelected(isTrue(f.valueProperty().get()));
                    box.selectedProperty().addListener((o, a, b) -> f.valueProperty().set(b ? "yes" : "no"));
                    f.valueProperty().addListener((o, a, b) -> box.setSelected(isTrue(b)));
                    editor = box;
                }
                default -> {
                    TextField field = new TextField();
                    field.setPrefColumnCount(10);
                    field.textProperty().bindBidirectional(f.valueProperty());
                    editor = field;
                }
            }
            editor.setId("input-" + f.getName());
            form.addRow(row++, name, editor);
        }
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1")
                || v.equalsIgnoreCase("y") || v.equalsIgnoreCase("t"));
    }
}
