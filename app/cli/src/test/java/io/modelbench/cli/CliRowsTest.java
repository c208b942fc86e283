package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.TestTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue 19: {@code train --test-fraction 0}, {@code --test-data FILE} and {@code --auto [--time-budget S]}. */
class CliRowsTest {

    @TempDir
    static Path dir;
    static Path trainCsv;
    static Path testCsv;

    /** Iris split in two files: 120 rows to train on, and the other 30 with the columns in reverse order. */
    @BeforeAll
    static void splitIris() throws IOException {
        Path iris = TestTables.sampleFile("iris", Files.createDirectories(dir.resolve("data")));
        List<String> lines = Files.readAllLines(iris, StandardCharsets.UTF_8);
        List<String> train = new ArrayList<>(List.of(lines.get(0)));
        List<String> test = new ArrayList<>(List.of(reversed(lines.get(0))));
        for (int i = 1; i < lines.size(); i++) {
            if (i % 5 == 0) {
                test.add(reversed(lines.get(i)));
            } else {
                train.add(lines.get(i));
            }
        }
        trainCsv = Files.write(dir.resolve("train.csv"), train, StandardCharsets.UTF_8);
        testCsv = Files.write(dir.resolve("test.csv"), test, StandardCharsets.UTF_8);
    }

    private static String reversed(String line) {
        List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
        java.util.Collections.reverse(cells);
        return String.join(",", cells);
    }

    @Test
    void aTestFractionOfZeroTrainsOnTheRestAndSaysThereAreNoTestFigures() {
        CliRun r = CliRun.of("train", "--data", "sample:iris", "--test-fraction", "0", "--epochs", "5", "--out", dir.resolve("all.zip"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = r.json();
        assertThat(j.path("rows").path("test").asInt()).isZero();
        assertThat(j.path("rows").path("train").asInt() + j.path("rows").path("validation").asInt()).isEqualTo(150);
        assertThat(j.path("rows").path("validation").asInt()).isEqualTo(15);
        assertThat(j.get("test").isNull()).as(j.toString()).isTrue();
        assertThat(j.path("test_split").asText()).startsWith("none");
        assertThat(j.has("baseline")).isFalse();
        assertThat(j.has("reference")).isFalse();
        assertThat(dir.resolve("all.zip")).isRegularFile();
    }

    @Test
    void aSeparateTestFileIsTheTestSplitEncodedAsTheTrainingRows() {
        Path model = dir.resolve("sep.zip");
        CliRun r = CliRun.of("train", "--data", trainCsv, "--test-data", testCsv, "--target", "species", "--epochs", "20", "--out", model);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = r.json();
        assertThat(j.path("rows").path("test").asInt()).isEqualTo(30);
        assertThat(j.path("rows").path("train").asInt() + j.path("rows").path("validation").asInt()).isEqualTo(120);
        assertThat(j.path("reference").path("rows").asInt()).isEqualTo(30);
        // evaluating the saved model on the test file (its own encoding, fitted on the training rows) gives the same figures
        CliRun e = CliRun.of("evaluate", "--model", model, "--data", testCsv);
        assertThat(e.exitCode()).as(e.toString()).isZero();
        assertThat(e.json().path("test").path("accuracy").asDouble()).as(e.toString())
                .isCloseTo(j.path("test").path("accuracy").asDouble(), within(1e-9));
    }

    @Test
    void aTestFileWithOtherColumnsOrABadCellIsNamed() throws IOException {
        Path fewer = Files.writeString(dir.resolve("fewer.csv"), "sepal_length_cm,species\n5.1,setosa\n");
        String line = CliErrorTest.inputError(CliRun.of("train", "--data", trainCsv, "--test-data", fewer, "--target", "species",
                "--out", dir.resolve("x.zip")));
        assertThat(line).contains("fewer.csv").contains("petal_width_cm");
        List<String> lines = new ArrayList<>(Files.readAllLines(testCsv));
        lines.set(3, lines.get(3).replaceFirst(",[0-9.]+$", ",wide"));
        Path bad = Files.write(dir.resolve("bad.csv"), lines);
        line = CliErrorTest.inputError(CliRun.of("train", "--data", trainCsv, "--test-data", bad, "--target", "species",
                "--out", dir.resolve("x.zip")));
        assertThat(line).contains("bad.csv").contains("line 4").contains("wide");
        assertThat(CliErrorTest.inputError(CliRun.of("train", "--data", trainCsv, "--test-data", testCsv, "--test-fraction", "0.2",
                "--target", "species", "--out", dir.resolve("x.zip")))).contains("--test-fraction");
        assertThat(dir.resolve("x.zip")).doesNotExist();
    }

    @Test
    void autoTriesCandidatesOnValidationAndRecordsItsChoice() {
        CliRun r = CliRun.of("train", "--data", "sample:iris", "--auto", "--time-budget", "300", "--epochs", "8", "--out", dir.resolve("auto.zip"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = r.json();
        assertThat(j.path("auto").asText()).startsWith("chosen by auto on the validation split from 5 candidates");
        assertThat(r.err()).contains("auto: candidate 1, hidden 32,16, learning rate").contains("auto: candidate 5")
                .contains("auto: chosen by auto on the validation split");
        assertThat(j.path("test").path("rows").asInt()).isEqualTo(30);
        assertThat(CliErrorTest.inputError(CliRun.of("train", "--data", "sample:iris", "--time-budget", "30", "--out", dir.resolve("y.zip"))))
                .contains("--auto");
    }
}
