package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.TrainViewModel;
import javafx.fxml.FXML;
import io.modelbench.engine.api.Optimization;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;

import java.util.ResourceBundle;

/** The Train page's view: settings, Start/Stop, progress, live loss chart. */
public final class TrainView {

    private final TrainViewModel vm;
    private final ResourceBundle messages;

    @FXML private TextField epochsField;
    @FXML private TextField batchField;
    @FXML private TextField lrField;
    @FXML private TextField seedField;
    @FXML private Button startButton;
    @FXML private Button stopButton;
    @FXML private Button pauseButton;
    @FXML private ComboBox<String> optimizerBox;
    @FXML private ComboBox<String> scheduleBox;
    @FXML private TextField patienceField;
    @FXML private TextField weightDecayField;
    @FXML private TextField clipField;
    @FXML private ProgressBar progressBar;
    @FXML private Label statusLabel;
    @FXML private Button showEvaluationButton;
    @FXML private Label errorLabel;
    @FXML private StackPane chartHolder;
    @FXML private StackPane iterationHolder;
    @FXML private StackPane metricHolder;
    @FXML private StackPane rateHolder;
    @FXML private javafx.scene.control.Slider smoothingSlider;
    @FXML private Label smoothingLabel;
    @FXML private javafx.scene.control.ListView<String> logList;
    @FXML private TextField threadsField;
    @FXML private javafx.scene.control.CheckBox autoBox;
    @FXML private TextField timeBudgetField;
    private LossChart chart;

    public TrainView(TrainViewModel vm, ResourceBundle messages) {
        this.vm = vm;
        this.messages = messages;
    }

    @FXML
    private void initialize() {
        epochsField.textProperty().bindBidirectional(vm.epochsProperty());
        batchField.textProperty().bindBidirectional(vm.batchSizeProperty());
        lrField.textProperty().bindBidirectional(vm.learningRateProperty());
        seedField.textProperty().bindBidirectional(vm.seedProperty());
        optimizerBox.getItems().setAll(Optimization.OPTIMIZERS);
        optimizerBox.valueProperty().bindBidirectional(vm.optimizerProperty());
        scheduleBox.getItems().setAll(Optimization.SCHEDULES);
        scheduleBox.valueProperty().bindBidirectional(vm.scheduleProperty());
        patienceField.textProperty().bindBidirectional(vm.patienceProperty());
        weightDecayField.textProperty().bindBidirectional(vm.weightDecayProperty());
        clipField.textProperty().bindBidirectional(vm.clipNormProperty());
        for (javafx.scene.control.Control f : new javafx.scene.control.Control[] {epochsField, batchField, lrField, seedField,
                optimizerBox, scheduleBox, patienceField, weightDecayField, clipField}) {
            f.disableProperty().bind(vm.runningProperty());
        }
        pauseButton.disableProperty().bind(vm.runningProperty().not());
        pauseButton.textProperty().bind(javafx.beans.binding.Bindings.when(vm.pausedProperty())
                .then(messages.getString("train.resume")).otherwise(messages.getString("train.pause")));
        startButton.disableProperty().bind(vm.canStartBinding().not());
        stopButton.disableProperty().bind(vm.runningProperty().not());
        progressBar.progressProperty().bind(vm.progressProperty());
        statusLabel.textProperty().bind(vm.statusProperty());
        // the whole line when the window is too narrow for it
        javafx.scene.control.Tooltip statusTip = new javafx.scene.control.Tooltip();
        statusTip.textProperty().bind(vm.statusProperty());
        statusLabel.setTooltip(statusTip);
        showEvaluationButton.visibleProperty().bind(vm.resultReadyProperty());
        showEvaluationButton.managedProperty().bind(vm.resultReadyProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        chart = new LossChart(vm.getPoints(), messages.getString("train.chart.title"),
                messages.getString("train.chart.x"), messages.getString("train.chart.y"),
                messages.getString("train.chart.training"), messages.getString("train.chart.validation"));
        chartHolder.getChildren().add(chart.node());
        iterationHolder.getChildren().add(LiveCharts.iterations(vm.iterations()));
        metricHolder.getChildren().add(LiveCharts.metric(vm.getPoints(), vm));
        rateHolder.getChildren().add(LiveCharts.rates(vm.getRates()));
        smoothingSlider.valueProperty().bindBidirectional(vm.iterations().smoothingProperty());
        smoothingLabel.textProperty().bind(vm.iterations().smoothingProperty().asString("%.2f"));
        logList.setItems(vm.getLog());
        vm.getLog().addListener((javafx.collections.ListChangeListener<String>) c -> logList.scrollTo(vm.getLog().size() - 1));
        threadsField.textProperty().bindBidirectional(vm.threadsProperty());
        threadsField.disableProperty().bind(vm.runningProperty());
        autoBox.selectedProperty().bindBidirectional(vm.autoProperty());
        autoBox.disableProperty().bind(vm.runningProperty());
        timeBudgetField.textProperty().bindBidirectional(vm.timeBudgetProperty());
        timeBudgetField.disableProperty().bind(vm.runningProperty().or(vm.autoProperty().not()));
    }

    @FXML
    private void showEvaluation() {
        vm.showEvaluation();
    }

    @FXML
    private void start() {
        vm.start();
    }

    @FXML
    private void togglePause() {
        vm.togglePause();
    }

    @FXML
    private void stop() {
        vm.stop();
    }

    LossChart chart() {
        return chart;
    }
}
