package io.modelbench.engine.app;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.data.TableEncoder;
import io.modelbench.engine.data.TableProfiler;
import io.modelbench.engine.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening data, the table profiled once with its schema, and the exports of a run's model. */
class DatasetsTest {

    @Test
    void aCsvFileOpensAsATableProfiledOnceAndAFolderOfImagesAsImages(@TempDir Path dir) throws Exception {
        Dataset table = Datasets.open(TestTables.sampleFile("iris", dir), TaskProgress.NONE);
        assertThat(table).isInstanceOfSatisfying(TableDataset.class, t -> {
            assertThat(t.profiles()).usingRecursiveComparison().isEqualTo(TableProfiler.profile(t.table()));
            assertThat(t.schema()).isNull();
        });
        assertThat(table.<String>map(t -> "table", images -> "images", series -> "series")).isEqualTo("table");
        Path folder = Samples.unpackImages(Samples.find("digits_images"), dir.resolve("cache"));
        Dataset images = Datasets.open(folder, TaskProgress.NONE);
        assertThat(images).isInstanceOf(ImageDataset.class);
        assertThat(images.<String>map(t -> "table", i -> "images", s -> "series")).isEqualTo("images");
        assertThat(images.size()).isPositive();
    }

    @Test
    void theSchemaFromTheKeptProfilesIsTheOneInferredFromScratchAndIsKeptForTheSameChoice() {
        Table diabetes = Samples.open(Samples.find("diabetes"));
        TableDataset d = Datasets.table(diabetes);
        String target = "progression";
        for (PreparationSettings prep : List.of(PreparationSettings.defaults(),
                PreparationSettings.defaults().withTypes(Map.of("sex", ColumnType.CATEGORICAL, "age", ColumnType.INTEGER)))) {
            assertThat(d.profiles(prep.types())).usingRecursiveComparison().isEqualTo(TableProfiler.profile(diabetes, prep.types()));
            TableDataset with = d.withSchema(target, null, List.of("bmi"), prep);
            assertThat(with.schema()).isEqualTo(TableEncoder.inferSchema(diabetes, target, null, List.of("bmi"), prep));
            assertThat(with.withSchema(target, null, List.of("bmi"), prep)).isSameAs(with);
            assertThat(with.withSchema(target, null, List.of(), prep).schema().featureColumns()).contains("bmi");
        }
        assertThatThrownBy(() -> d.withSchema("nope", null, List.of(), PreparationSettings.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("column 'nope'");
    }

    @Test
    void aRunsModelIsSavedCheckedPredictedReportedAndShownAsCode(@TempDir Path dir) throws Exception {
        TableDataset iris = Datasets.table(TestTables.iris());
        TrainedModel model = new RunService().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(2)),
                RunOutput.inMemory(), RunSettings.defaults(), RunListener.NONE, new StopSignal()).outcome().model();

        Exports.SavedModel saved = Exports.saveModel(model, dir.resolve("m.zip"), iris);
        assertThat(saved.checked()).isEqualTo(150);
        assertThat(saved.unit()).isEqualTo("rows");
        assertThat(saved.bytes()).isEqualTo(Files.size(dir.resolve("m.zip")));

        Exports.Predicted p = Exports.predict(model, iris);
        Exports.savePredictions(p, dir.resolve("p.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("p.csv"));
        assertThat(lines).hasSize(151);
        assertThat(lines.get(0)).startsWith("sepal_length_cm").contains("prediction", "p_setosa");

        assertThat(Exports.javaSnippet(model, "m.zip", iris)).contains("m.zip", "public static void main");
        assertThat(Exports.cardJson(model.card())).contains("\"species\"");
        assertThat(Exports.suggestedFileName(iris)).isEqualTo("iris-model.zip");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("m.zip", "p.csv"); // no temporary file left
    }

    @Test
    void theColumnsThatTrainingWouldLeaveOutAsLeaksAreKnownBeforeTrainingPerTarget() throws Exception {
        StringBuilder csv = new StringBuilder("age,alive,survived\n");
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < 100; i++) {
            boolean s = rng.nextBoolean();
            csv.append(20 + rng.nextInt(50)).append(',').append(s ? "yes" : "no").append(',').append(s ? 1 : 0).append('\n');
        }
        Table t = io.modelbench.engine.data.CsvTables.read("t.csv",
                new java.io.ByteArrayInputStream(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        TableDataset data = Datasets.table(t);
        assertThat(Datasets.leaks(data, "survived", java.util.Map.of()))
                .containsExactly(java.util.Map.entry("alive", io.modelbench.engine.data.LeakCheck.REASON));
        assertThat(Datasets.leaks(data, "age", java.util.Map.of())).isEmpty();
        assertThat(Datasets.leaks(data, "no-such-column", java.util.Map.of())).isEmpty(); // the Model page says what is wrong
    }
}
