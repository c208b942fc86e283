package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.TestTables;
import io.modelbench.engine.Versions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** train → evaluate → predict on iris, in-process, through {@link ModelBenchCli#run}. */
class CliTest {

    static final List<String> IRIS_COLUMNS =
            List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species");
    static final List<String> PROBABILITY_COLUMNS = List.of("p_setosa", "p_versicolor", "p_virginica");

    @TempDir
    static Path dir;
    static Path model;
    static Path irisCsv;
    static CliRun trained;

    @BeforeAll
    static void trainWithDefaults() throws IOException {
        irisCsv = TestTables.sampleFile("iris", Files.createDirectories(dir.resolve("data")));
        model = dir.resolve("models").resolve("iris.zip");
        trained = CliRun.of("train", "--data", "sample:iris", "--target", "species", "--out", model);
    }

    @Test
    void trainPrintsOneJsonLineWithTheTestFigures() {
        assertThat(trained.exitCode()).as(trained.toString()).isZero();
        assertThat(trained.outLines()).as("stdout carries the JSON result only").hasSize(1);
        JsonNode r = trained.json();
        assertThat(r.path("task").asText()).isEqualTo("classification");
        assertThat(r.path("target").asText()).isEqualTo("species");
        // the defaults adapt to 150 rows: a budget of 300 epochs, early stopping on the validation split
        assertThat(r.path("epochs").asInt()).isBetween(1, 300);
        assertThat(r.path("kept_epoch").asInt()).isBetween(1, r.path("epochs").asInt());
        assertThat(r.path("seed").asLong()).isEqualTo(42);
        assertThat(r.path("test").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.90);
        assertThat(r.path("test").path("f1_macro").isNumber()).as("f1_macro in " + r).isTrue();
        assertThat(r.path("test").path("rows").asInt()).isEqualTo(30);
        assertThat(r.path("samples_per_second").asDouble()).isPositive();
        // beside the network: the majority-class baseline and the linear reference on the same 30 test rows
        assertThat(r.path("baseline").path("accuracy").asDouble()).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.path("reference").path("model").asText()).isEqualTo("linear");
        assertThat(r.path("reference").path("fit").asText()).startsWith("logistic regression");
        assertThat(r.path("reference").path("rows").asInt()).isEqualTo(30);
        assertThat(r.path("reference").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.85);
        JsonNode rows = r.path("rows");
        assertThat(rows.path("train").asInt() + rows.path("validation").asInt() + rows.path("test").asInt()).isEqualTo(150);
        assertThat(rows.path("test").asInt()).isEqualTo(30);
        assertThat(Path.of(r.path("model").asText())).isAbsolute().isEqualTo(model.toAbsolutePath().normalize());
        assertThat(model).isRegularFile();
    }

    @Test
    void trainReportsProgressOnStderrOnly() {
        assertThat(trained.err()).contains("settings: 300 epochs at most, batch 16, learning rate 0.003, weight decay 0.03, "
                        + "early stopping after 30 epochs without improvement")
                .contains("epoch   1/300  loss ").contains("val_accuracy ").contains(" samples/s");
        assertThat(trained.errLines()).as("not too chatty").hasSizeLessThanOrEqualTo(ProgressPrinter.MAX_EPOCH_LINES + 4);
        assertThat(trained.out()).doesNotContain("epoch 1").doesNotContain("val_loss");
    }

    @Test
    void trainLeavesNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(model.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("iris.zip");
        }
    }

    @Test
    void evaluatePrintsTheMetricsOfAFile() {
        CliRun r = CliRun.of("evaluate", "--model", model, "--data", irisCsv);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.outLines()).hasSize(1);
        JsonNode j = r.json();
        assertThat(j.path("task").asText()).isEqualTo("classification");
        assertThat(j.path("model").asText()).isEqualTo(model.toAbsolutePath().normalize().toString());
        assertThat(j.path("data").asText()).isEqualTo(irisCsv.toAbsolutePath().normalize().toString());
        JsonNode test = j.path("test");
        assertThat(test.path("rows").asInt()).isEqualTo(150);
        assertThat(test.path("accuracy").isNumber()).as(j.toString()).isTrue();
        assertThat(test.path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.90);
        assertThat(test.path("f1_macro").isNumber()).isTrue();
        assertThat(test.path("confusion_matrix")).hasSize(3);
    }

    @Test
    void predictWritesOneRowPerInputRowWithProbabilities() throws IOException {
        Path out = dir.resolve("out").resolve("predictions.csv");
        CliRun r = CliRun.of("predict", "--model", model, "--data", irisCsv, "--out", out);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.outLines()).hasSize(1);
        JsonNode j = r.json();
        assertThat(j.path("predictions").asText()).isEqualTo(out.toAbsolutePath().normalize().toString());
        assertThat(j.path("rows").asInt()).isEqualTo(150);

        List<String> inputLines = Files.readAllLines(irisCsv, StandardCharsets.UTF_8);
        List<CSVRecord> records = readCsv(Files.newBufferedReader(out, StandardCharsets.UTF_8));
        assertThat(records.get(0).toList()).containsExactlyElementsOf(
                Stream.concat(Stream.concat(IRIS_COLUMNS.stream(), Stream.of("prediction")), PROBABILITY_COLUMNS.stream()).toList());
        assertThat(records).hasSize(151);
        int correct = 0;
        for (int i = 1; i < records.size(); i++) {
            CSVRecord rec = records.get(i);
            assertThat(String.join(",", rec.toList().subList(0, 5))).as("input row %d copied as is", i)
                    .isEqualTo(inputLines.get(i));
            double sum = 0;
            int best = 0;
            for (int k = 0; k < 3; k++) {
                double p = Double.parseDouble(rec.get(6 + k));
                assertThat(p).isBetween(0.0, 1.0);
                sum += p;
                if (p > Double.parseDouble(rec.get(6 + best))) {
                    best = k;
                }
            }
            assertThat(sum).as("row %d", i).isCloseTo(1.0, within(1e-4));
            assertThat(rec.get(5)).isEqualTo(PROBABILITY_COLUMNS.get(best).substring(2));
            if (rec.get(5).equals(rec.get(4))) {
                correct++;
            }
        }
        assertThat(correct).as("correct predictions of 150").isGreaterThanOrEqualTo(135);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("predictions.csv");
        }
    }

    @Test
    void predictWithoutOutWritesTheSameCsvToStdout() throws IOException {
        Path out = dir.resolve("stdout-compare.csv");
        CliRun toFile = CliRun.of("predict", "--model", model, "--data", irisCsv, "--out", out);
        CliRun toStdout = CliRun.of("predict", "--model", model, "--data", irisCsv);
        assertThat(toFile.exitCode()).as(toFile.toString()).isZero();
        assertThat(toStdout.exitCode()).as(toStdout.toString()).isZero();
        assertThat(toStdout.out()).isEqualTo(Files.readString(out, StandardCharsets.UTF_8));
        assertThat(readCsv(new StringReader(toStdout.out()))).hasSize(151);
    }

    @Test
    void predictAcceptsTheSampleAndOverwritesAnEarlierFile() throws IOException {
        Path out = dir.resolve("again.csv");
        Files.writeString(out, "old content\n");
        CliRun r = CliRun.of("predict", "--model", model, "--data", "sample:iris", "--out", out);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(151).doesNotContain("old content");
    }

    @Test
    void versionAndHelp() {
        CliRun v = CliRun.of("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.outLines().get(0)).isEqualTo("modelbench " + Versions.modelBench());
        assertThat(Versions.modelBench()).isNotEqualTo("unknown");

        CliRun h = CliRun.of("--help");
        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).contains("train").contains("evaluate").contains("predict");

        CliRun th = CliRun.of("train", "--help");
        assertThat(th.exitCode()).isZero();
        assertThat(th.out()).contains("--epochs").contains("images: 50").contains("default: 32,16").contains("default: 42");
    }

    static List<CSVRecord> readCsv(Reader reader) throws IOException {
        try (CSVParser p = CSVParser.parse(reader, CSVFormat.DEFAULT)) {
            return p.getRecords();
        }
    }
}
