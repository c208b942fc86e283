package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EvaluateViewModel;
import io.modelbench.engine.api.ClassMetrics;
import io.modelbench.engine.api.EvaluationResult;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.function.Function;

/** The Evaluate page's view: headline figure, confusion matrix, per-class table. */
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
