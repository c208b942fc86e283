package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.eval.TrustNotes;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18: the Evaluate page says when the test figures may flatter the model, and says nothing otherwise. */
class EvaluateWarningTest {

    private final Executor direct = Runnable::run;

    /** A regression outcome with no network (the page never asks it to predict here). */
    private static TrainingOutcome outcome(double r2, int sharedRows) {
        ModelCard card = new ModelCard(ModelCard.FORMAT, "2026-01-01T00:00:00Z", "regression", List.of("x"), "y", List.of(),
                null, null, null, Map.of(TrustNotes.SHARED_ROWS, sharedRows), Map.of(), null, null, Map.of(), null);
        EvaluationResult.Regression test = new EvaluationResult.Regression(4, 0.25, 0.2, r2);
        EvaluationResult.Regression baseline = new EvaluationResult.Regression(4, 1.0, 0.8, 0.0);
        return new TrainingOutcome(new TrainedModel(null, null, card), test, List.of(), baseline, "the mean", 3, false, 1000);
    }

    @Test
    void aNearPerfectScoreAndTestRowsSeenInTrainingAreWarnedAboutAndAFairResultIsNot() {
        Workspace workspace = new Workspace();
        EvaluateViewModel e = new EvaluateViewModel(workspace, direct, UiScheduler.immediate());

        workspace.outcomeProperty().set(outcome(0.995, 3));
        assertThat(e.warningProperty().get())
                .contains("Test R² 0.995 is at or near perfect")
                .contains("3 of 4 test rows also appear among the training rows");

        workspace.outcomeProperty().set(outcome(0.8, 0));
        assertThat(e.warningProperty().get()).isEmpty();
    }
}
