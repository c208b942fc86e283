package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ClassMetrics;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Evaluate page: the trained model's figures on the held-out test split. */
public final class EvaluateViewModel {

    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "Train a model to see how good it is.");
    private final ReadOnlyObjectWrapper<EvaluationResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<ClassMetrics> perClass = FXCollections.observableArrayList();

    public EvaluateViewModel(Workspace workspace) {
        workspace.outcomeProperty().addListener((o, a, outcome) -> show(outcome));
        show(workspace.getOutcome());
    }

    /** The main figure, e.g. "Test accuracy 96.7 %". */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The full result (confusion matrix and all), or null before training. */
    public ReadOnlyObjectProperty<EvaluationResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ObservableList<ClassMetrics> getPerClass() {
        return perClass;
    }

    private void show(TrainingOutcome outcome) {
        if (outcome == null) {
            headline.set("");
            details.set("Train a model to see how good it is.");
            result.set(null);
            perClass.clear();
            return;
        }
        EvaluationResult r = outcome.test();
        result.set(r);
        if (r instanceof EvaluationResult.Classification c) {
            headline.set(String.format("Test accuracy %.1f %%", c.accuracy() * 100));
            details.set(String.format("Macro F1 %.3f on %d held-out test rows that training never saw%s.", c.f1Macro(),
                    c.rows(), outcome.stoppedEarly() ? " (training was stopped early)" : ""));
            perClass.setAll(c.perClass());
        } else if (r instanceof EvaluationResult.Regression g) {
            headline.set(String.format("Test R² %.3f", g.r2()));
            details.set(String.format("RMSE %.4g · MAE %.4g on %d held-out test rows that training never saw.",
                    g.rmse(), g.mae(), g.rows()));
            perClass.clear();
        }
    }
}
