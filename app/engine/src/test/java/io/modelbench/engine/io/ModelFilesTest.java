package io.modelbench.engine.io;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelFilesTest {

    private static Table iris;
    private static TrainingOutcome outcome;

    @BeforeAll
    static void train() {
        iris = TestTables.iris();
        outcome = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(20)),
                TrainingListener.NONE, new StopSignal());
    }

    @Test
    void savedZipLoadsBackAndPredictsExactlyTheSame(@TempDir Path dir) {
        Path zip = dir.resolve("iris.zip");
        ModelFiles.save(outcome.model(), zip);
        TrainedModel loaded = ModelFiles.load(zip);
        Predictions a = outcome.model().predict(iris);
        Predictions b = loaded.predict(iris);
        assertThat(b.predicted()).containsExactly(a.predicted());
        assertThat(b.probabilities()).isDeepEqualTo(a.probabilities());
        assertThat(loaded.card().inputColumns()).containsExactly("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");
        assertThat(loaded.card().labelNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(loaded.card().testMetrics()).containsKeys("accuracy", "f1_macro", "confusion_matrix");
        assertThat(loaded.card().dataset().sha256()).hasSize(64);
        assertThat(loaded.card().versions()).containsEntry("deeplearning4j", "1.0.0-M2.1");
        // no temporary file is left beside it
        assertThat(dir.toFile().list()).containsExactly("iris.zip");
    }

    /** What a Java team does with the file: plain DL4J calls only, no ModelBench classes. */
    @Test
    void aPlainDl4jProgramLoadsTheZipAndGetsTheSameProbabilities(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("iris.zip");
        ModelFiles.save(outcome.model(), zip);

        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile());
        NormalizerStandardize norm = ModelSerializer.restoreNormalizerFromFile(zip.toFile());
        float[][] rows = new float[iris.rowCount()][4];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < 4; c++) {
                rows[r][c] = Float.parseFloat(iris.value(r, c));
            }
        }
        INDArray x = Nd4j.create(rows);
        norm.transform(x);
        double[][] plain = net.output(x).toDoubleMatrix();

        double[][] ours = outcome.model().predict(iris).probabilities();
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < 3; k++) {
                assertThat(plain[r][k]).isCloseTo(ours[r][k], within(1e-6));
            }
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.getEntry(ModelCard.ZIP_ENTRY)).isNotNull();
            assertThat(z.getEntry("normalizer.bin")).isNotNull();
        }
    }

    @Test
    void aFileThatIsNotAModelIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path notZip = dir.resolve("notes.zip");
        Files.writeString(notZip, "hello");
        assertThatThrownBy(() -> ModelFiles.load(notZip)).isInstanceOf(InputException.class)
                .hasMessageContaining("notes.zip").hasMessageContaining("not a model zip");
        assertThatThrownBy(() -> ModelFiles.load(dir.resolve("missing.zip"))).isInstanceOf(InputException.class)
                .hasMessageContaining("missing.zip").hasMessageContaining("does not exist");
    }

    @Test
    void aFailedSaveLeavesTheOldFileUntouched(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("keep.zip");
        Files.writeString(target, "old content");
        Path blocked = dir.resolve("blocker");
        Files.writeString(blocked, "a file where a folder should be");
        assertThatThrownBy(() -> ModelFiles.save(outcome.model(), blocked.resolve("sub/model.zip")))
                .isInstanceOf(InputException.class);
        assertThat(Files.readString(target)).isEqualTo("old content");
    }

    /** A process id that is no longer running: a finished child's. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(10);
        }
        return pid;
    }

    @Test
    void temporaryFilesAKilledSaveLeftAreRemovedByTheNextSaveAndALiveRunsAreNot(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.zip");
        long dead = deadPid();
        long live = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        Path staleRaw = Files.write(dir.resolve(".m.zip-" + dead + "-123456.dl4j"), new byte[4096]);
        Path stalePart = Files.write(dir.resolve(".m.zip-" + dead + "-654321.part"), new byte[4096]);
        Path livePart = Files.write(dir.resolve(".m.zip-" + live + "-111.part"), new byte[16]);
        Path otherTarget = Files.write(dir.resolve(".other.zip-" + dead + "-1.part"), new byte[16]);
        Path notOurs = Files.write(dir.resolve(".m.zip-notes.part"), new byte[16]);

        ModelFiles.save(outcome.model(), target);

        assertThat(target).exists();
        assertThat(staleRaw).doesNotExist();
        assertThat(stalePart).doesNotExist();
        assertThat(livePart).exists();      // another run writing m.zip this moment
        assertThat(otherTarget).exists();   // removed by the next save of other.zip
        assertThat(notOurs).exists();       // no process id in it: not a name TempFiles gives
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".m.zip-" + ProcessHandle.current().pid() + "-"));
        }
    }

    @Test
    void aSaveThatFailsAfterWritingLeavesNoTemporaryFileAndTheOldTargetUntouched(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.zip");
        Files.createDirectories(target.resolve("in-the-way")); // the final rename fails: a folder that is not empty
        assertThatThrownBy(() -> ModelFiles.save(outcome.model(), target)).isInstanceOf(InputException.class)
                .hasMessageContaining("m.zip");
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("m.zip");
        }
        assertThat(target.resolve("in-the-way")).isDirectory();
    }

    @Test
    void theNormalizerIsWrittenWithoutATemporaryCopyOfTheModelInTheSystemTempFolder(@TempDir Path dir) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<java.util.Set<String>> dl4jTemps = () -> {
            try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
                return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("dl4jModelSerializerTemp"))
                        .collect(java.util.stream.Collectors.toSet());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        java.util.Set<String> before = dl4jTemps.get();
        ModelFiles.save(outcome.model(), dir.resolve("m.zip"));
        assertThat(dl4jTemps.get()).isEqualTo(before);
        try (ZipFile z = new ZipFile(dir.resolve("m.zip").toFile())) {
            assertThat(z.getEntry(ModelSerializer.NORMALIZER_BIN)).isNotNull();
        }
        assertThat(ModelFiles.load(dir.resolve("m.zip")).normalizer()).isNotNull();
    }

    @Test
    void anEntryDeclaringMoreThanTheBoundIsRefusedUnread(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("declared.zip");
        byte[] small = new byte[1000];
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            java.util.zip.ZipEntry e = new java.util.zip.ZipEntry("configuration.json");
            out.putNextEntry(e);
            out.write(new byte[(int) ModelFiles.MAX_CONFIG_BYTES + 1]);
            out.closeEntry();
            out.putNextEntry(new java.util.zip.ZipEntry("coefficients.bin"));
            out.write(small);
            out.closeEntry();
        }
        assertThatThrownBy(() -> ModelFiles.checkEntrySizes(zip)).isInstanceOf(InputException.class)
                .hasMessageContaining("has an entry (configuration.json) that inflates to over 16 MB");
    }
}
