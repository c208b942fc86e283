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

/** Issue 18 on the pages: the Evaluate page says when test figures may flatter the model; the Data page how a file was decoded. */
class TrustPagesTest {

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

    @Test
    void theDataPageSaysWhenATableWasReadAsWindows1252(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        MainViewModel vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        java.nio.file.Path csv = dir.resolve("cafes.csv");
        java.nio.file.Files.write(csv, "place,visits\nCafé,1\nCafè,2\nCafé,3\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        vm.data().openFile(csv);
        assertThat(vm.data().summaryProperty().get()).contains("3 rows").contains("not UTF-8 (line 2 has byte 0xE9): read as windows-1252");
    }
}
