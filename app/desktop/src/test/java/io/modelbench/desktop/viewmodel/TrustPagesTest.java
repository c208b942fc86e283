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
    void theEvaluatePageWarnsOfAClassWithNoTestRows() {
        ModelCard card = new ModelCard(ModelCard.FORMAT, "2026-01-01T00:00:00Z", "classification", List.of("x"), "y",
                List.of("a", "b", "one-image"), null, null, null, Map.of(TrustNotes.SHARED_ROWS, 0), Map.of(), null, null, Map.of(), null);
        EvaluationResult test = io.modelbench.engine.eval.Metrics.classification(new int[] {0, 1, 0, 1}, new int[] {0, 1, 1, 1},
                List.of("a", "b", "one-image"));
        Workspace workspace = new Workspace();
        EvaluateViewModel e = new EvaluateViewModel(workspace, direct, UiScheduler.immediate());
        workspace.outcomeProperty().set(new TrainingOutcome(new TrainedModel(null, null, card), test, List.of(), test, "the most frequent class",
                3, false, 1000));
        assertThat(e.warningProperty().get()).contains("Class 'one-image' has no test rows: nothing tells how well it is predicted");
    }

    @Test
    void theDataPageSaysWhenATableWasReadAsWindows1252(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        MainViewModel vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        java.nio.file.Path csv = dir.resolve("cafes.csv");
        java.nio.file.Files.write(csv, "place,visits\nCafé,1\nCafè,2\nCafé,3\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        vm.data().openFile(csv);
        assertThat(vm.data().summaryProperty().get()).contains("3 rows").contains("not UTF-8 (line 2 has byte 0xE9): read as windows-1252");
    }

    /** Titanic's shape: {@code alive} is {@code survived} spelled yes/no; age and class say something, not everything. */
    private static java.nio.file.Path titanicLike(java.nio.file.Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("age,class,alive,survived\n");
        java.util.Random rng = new java.util.Random(7);
        for (int i = 0; i < 120; i++) {
            boolean survived = rng.nextBoolean();
            csv.append(20 + rng.nextInt(50)).append(',').append(1 + rng.nextInt(3)).append(',')
                    .append(survived ? "yes" : "no").append(',').append(survived ? 1 : 0).append('\n');
        }
        java.nio.file.Path file = dir.resolve("titanic-like.csv");
        java.nio.file.Files.writeString(file, csv);
        return file;
    }

    @Test
    void theDataPageShowsALeakingColumnLeftOutBeforeTrainingAndMakingItAnInputKeepsIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Workspace workspace = new Workspace();
        MainViewModel vm = new MainViewModel(workspace, direct, direct, UiScheduler.immediate());
        vm.data().openFile(titanicLike(dir));
        assertThat(vm.data().targetColumnProperty().get()).isEqualTo("survived");
        ColumnRow alive = vm.data().getColumnRows().stream().filter(r -> r.getName().equals("alive")).findFirst().orElseThrow();
        ColumnRow age = vm.data().getColumnRows().stream().filter(r -> r.getName().equals("age")).findFirst().orElseThrow();

        assertThat(alive.roleProperty().get()).isEqualTo(ColumnRole.IGNORE);
        assertThat(alive.getNote()).isEqualTo("predicts the target alone: a leak?");
        assertThat(age.roleProperty().get()).isEqualTo(ColumnRole.FEATURE);
        assertThat(age.getNote()).isEmpty();
        assertThat(vm.data().hintsProperty().get()).contains("column 'alive' predicts the target alone (a leak?): it is left out");
        assertThat(workspace.preparationProperty().get().keep()).isEmpty();
        assertThat(workspace.ignoredColumnsProperty().get()).containsExactly("alive"); // so the Model page counts what trains
        assertThat(vm.model().schemaProperty().get().featureColumns()).containsExactly("age", "class");

        alive.roleProperty().set(ColumnRole.FEATURE); // the user puts it back, as --keep alive does
        assertThat(workspace.preparationProperty().get().keep()).containsExactly("alive");
        assertThat(workspace.ignoredColumnsProperty().get()).isEmpty();
        assertThat(alive.getNote()).contains("kept as input by your choice");
        assertThat(vm.data().hintsProperty().get()).doesNotContain("column 'alive' predicts the target alone");

        // another target: alive is judged again for it (it predicts 'survived', not 'age')
        vm.data().targetColumnProperty().set("class");
        assertThat(age.getNote()).isEmpty();
        assertThat(alive.getNote()).isEmpty();
    }
}
