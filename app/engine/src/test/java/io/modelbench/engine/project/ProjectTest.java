package io.modelbench.engine.project;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectTest {

    private static final DatasetRecipe IRIS = new DatasetRecipe("table", "sample:iris", "abc", "species", List.of("id"),
            PreparationSettings.defaults(), null);

    @Test
    void aProjectKeepsItsRecipeModelSettingsAndRuns(@TempDir Path dir) {
        Path root = dir.resolve("p");
        Project p = Project.create(root, "Flowers");
        TrainingSettings t = TrainingSettings.defaults().withEpochs(7).withModel(ModelSpec.mlp(List.of(8)));
        p.save(p.state().withContent(IRIS, ModelSpec.mlp(List.of(8)), t));
        RunInfo r = p.newRun(TrainingRequest.of("species", t), IRIS, Map.of("backend", "cpu"));
        assertThat(r.id()).isEqualTo("run-0001");
        p.writeRun(r.withEpoch(new RunInfo.Epoch(1, 1.0, 1.1, "accuracy", 0.5, 0.01, 100, 20))
                .withEpoch(new RunInfo.Epoch(2, 0.8, 0.9, "accuracy", 0.6, 0.01, 100, 40)));
        RunInfo second = p.newRun(TrainingRequest.of("species", t), IRIS, Map.of());
        p.writeRun(second.finished(RunInfo.FINISHED, "now", Map.of("accuracy", 0.9), "accuracy 90.0 %", "all epochs done"));
        p.rename("run-0002", "  wider  ");
        p.annotate("run-0002", "lr 0.01 was best");

        Project again = Project.open(root.resolve(Project.FILE)); // the project file itself (as a file association passes it)
        assertThat(again.root()).isEqualTo(root.toAbsolutePath());
        assertThat(again.name()).isEqualTo("Flowers");
        assertThat(again.state().dataset()).isEqualTo(IRIS);
        assertThat(again.state().training()).isEqualTo(t);
        List<RunInfo> runs = again.runs();
        assertThat(runs).extracting(RunInfo::id).containsExactly("run-0001", "run-0002");
        // the first was still running when the project was closed: now interrupted, with its epochs kept
        assertThat(runs.get(0).status()).isEqualTo(RunInfo.INTERRUPTED);
        assertThat(runs.get(0).epochs()).extracting(RunInfo.Epoch::epoch).containsExactly(1, 2);
        assertThat(runs.get(0).request()).isEqualTo(TrainingRequest.of("species", t));
        assertThat(runs.get(1).name()).isEqualTo("wider");
        assertThat(runs.get(1).note()).isEqualTo("lr 0.01 was best");
        assertThat(runs.get(1).testMetrics()).containsEntry("accuracy", 0.9);

        again.delete("run-0001");
        assertThat(again.runs()).extracting(RunInfo::id).containsExactly("run-0002");
        assertThat(again.newRun(TrainingRequest.of("species", t), IRIS, Map.of()).id()).isEqualTo("run-0003");
    }

    @Test
    void aResumedRunReplacesTheEpochsAfterItsCheckpoint() {
        RunInfo r = new RunInfo("run-0001", "Run 1", "", RunInfo.RUNNING, "t", null, null, IRIS, Map.of(), List.of(), null, null, null);
        for (int e = 1; e <= 3; e++) {
            r = r.withEpoch(new RunInfo.Epoch(e, e, e, "accuracy", 0, 0, 0, 0));
        }
        r = r.withEpoch(new RunInfo.Epoch(2, 9, 9, "accuracy", 0, 0, 0, 0));
        assertThat(r.epochs()).extracting(RunInfo.Epoch::trainingLoss).containsExactly(1.0, 9.0);
    }

    @Test
    void aSeriesRecipeKeepsEverySeriesSettingAndAnOlderRecipeWithoutOneReadsAsATable(@TempDir Path dir) throws Exception {
        Project p = Project.create(dir.resolve("shops"), null);
        SeriesSettings s = new SeriesSettings("month", "shop", 24, 3, 2, List.of("price", "promo"), "drop", 12);
        DatasetRecipe d = new DatasetRecipe("table", "/data/sales.csv", "ee", "sales", List.of(), PreparationSettings.defaults(), null, s);
        p.save(p.state().withContent(d, ModelSpec.lstm(1), TrainingSettings.defaults().withModel(ModelSpec.lstm(1))));
        assertThat(Project.open(p.root()).state().dataset()).isEqualTo(d);
        assertThat(Project.open(p.root()).state().dataset().series()).isEqualTo(s);

        // a project file written before series were remembered: no "series", a plain table
        Path file = p.root().resolve(Project.FILE);
        String text = Files.readString(file);
        String older = text.replaceAll("(?s),\\s*\"series\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(older).doesNotContain("\"series\"").contains("\"sales\"");
        Files.writeString(file, older);
        assertThat(Project.open(p.root()).state().dataset().series()).isNull();
        assertThat(Project.open(p.root()).state().dataset().targetColumn()).isEqualTo("sales");
    }

    @Test
    void aSequenceRecipeKeepsItsIdAndTimeColumnsAndAnOlderRecipeWithoutOneReadsAsATable(@TempDir Path dir) throws Exception {
        Project p = Project.create(dir.resolve("strokes"), null);
        DatasetRecipe d = new DatasetRecipe("table", "/data/strokes.csv", "ee", "digit", List.of("pen"), PreparationSettings.defaults(), null,
                null, new DatasetRecipe.Sequences("stroke", "t"));
        p.save(p.state().withContent(d, ModelSpec.lstm(1), TrainingSettings.defaults().withModel(ModelSpec.lstm(1))));
        assertThat(Project.open(p.root()).state().dataset()).isEqualTo(d);

        // a project file written before sequences were remembered: no "sequences", a plain table
        Path file = p.root().resolve(Project.FILE);
        String older = Files.readString(file).replaceAll("(?s),\\s*\"sequences\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(older).doesNotContain("\"sequences\"").contains("\"digit\"");
        Files.writeString(file, older);
        assertThat(Project.open(p.root()).state().dataset().sequences()).isNull();
        assertThat(Project.open(p.root()).state().dataset().targetColumn()).isEqualTo("digit");
    }

    @Test
    void imageRecipesRoundTrip(@TempDir Path dir) {
        Project p = Project.create(dir.resolve("img"), null);
        DatasetRecipe d = new DatasetRecipe("images", "/data/digits", "ff", "class", List.of(), null,
                new ImageSettings(16, 16, false, "-1..1", new ImageSettings.Augmentation(true, 2, 5)));
        p.save(p.state().withContent(d, ModelSpec.cnn(), TrainingSettings.defaults().withModel(ModelSpec.cnn())));
        assertThat(Project.open(p.root()).state().dataset()).isEqualTo(d);
        assertThat(Project.open(p.root()).state().model()).isEqualTo(ModelSpec.cnn());
        assertThat(p.name()).isEqualTo("img");
    }

    @Test
    void clearMessagesForWhatIsNotAProject(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Project.open(dir)).isInstanceOf(InputException.class).hasMessageContaining("is not a ModelBench project");
        Files.writeString(dir.resolve("x.txt"), "x");
        assertThatThrownBy(() -> Project.create(dir, "x")).isInstanceOf(InputException.class).hasMessageContaining("is not empty");
        Path p = Project.create(dir.resolve("p"), "p").root();
        assertThatThrownBy(() -> Project.create(p, "p")).hasMessageContaining("is a project already");
        Files.writeString(p.resolve(Project.FILE), "{ broken");
        assertThatThrownBy(() -> Project.open(p)).isInstanceOf(InputException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void recentProjectsRememberTheNewestTenThatExist(@TempDir Path dir) {
        RecentProjects recent = new RecentProjects(dir.resolve("recent.txt"));
        assertThat(recent.list()).isEmpty();
        for (int i = 0; i < 12; i++) {
            recent.add(Project.create(dir.resolve("p" + i), null).root());
        }
        recent.add(dir.resolve("p3"));
        assertThat(recent.list()).hasSize(10);
        assertThat(recent.list().get(0).getFileName().toString()).isEqualTo("p3");
        assertThat(recent.list()).doesNotContain(dir.resolve("p0").toAbsolutePath(), dir.resolve("p1").toAbsolutePath());
    }
}
