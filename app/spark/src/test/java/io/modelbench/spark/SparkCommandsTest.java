package io.modelbench.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input is refused as the CLI refuses it (exit 2, one line naming the file, column or setting) and before Spark
 * starts, so none of these tests starts Spark.
 */
class SparkCommandsTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelBenchSpark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingDataFileIsRefusedInOneLineNamingIt() throws Exception {
        Path missing = dir.resolve("nope.csv");
        Run r = run("predict", "--master", "local[2]", "--model", IrisModel.zip().toString(), "--data", missing.toString(),
                "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").contains("nope.csv", "does not exist").doesNotContain("\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aModelThatDoesNotMatchTheDataColumnsIsRefusedNamingTheColumn() throws Exception {
        Path data = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n3,4\n");
        Run r = run("predict", "--master", "local[2]", "--model", IrisModel.zip().toString(), "--data", data.toString(),
                "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").contains("other.csv", "sepal_length_cm").doesNotContain("\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFolderHoldingAnotherSweepIsRefusedBeforeSparkStarts() throws Exception {
        Path out = dir.resolve("sweep");
        Files.createDirectories(out);
        Files.writeString(out.resolve("sweep.json"), "{\"format\": \"modelbench-sweep/1\", \"data\": \"other.csv\", \"sha256\": \"00\", "
                + "\"target\": \"price\", \"strategy\": \"random\", \"space\": \"{}\", \"trials\": 2, \"seconds\": 0, \"parallel\": 1, "
                + "\"seed\": 1, \"status\": \"finished\", \"results\": []}");
        Run r = run("sweep", "--master", "local[2]", "--data", "sample:iris", "--trials", "3", "--search", "asha",
                "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("sweep", "other settings").doesNotContain("\n");
    }

    @Test
    void theSweepsHelpListsTheCommandLinesSeriesOptions() {
        Run r = run("sweep", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--time-column", "--id-column", "--window", "--horizon", "--stride", "--covariates",
                "--missing-steps", "--period", "--sequence-id");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("Past steps the model reads (default: 12)");
    }

    @Test
    void sequencesToClassifyAreRefusedInOneLineNamingTheOptionBeforeSparkStarts() throws Exception {
        Path csv = Files.writeString(dir.resolve("seq.csv"), "id,step,v,label\na,1,0.1,x\na,2,0.2,x\nb,1,0.3,y\nb,2,0.1,y\n");
        Run r = run("sweep", "--master", "local[2]", "--data", csv.toString(), "--target", "label", "--sequence-id", "id",
                "--trials", "2", "--search", "random", "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").contains("--sequence-id").doesNotContain("\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aSequenceClassifierIsRefusedForScoringBeforeSparkStarts() throws Exception {
        StringBuilder rows = new StringBuilder("id,step,v,label\n");
        for (int i = 0; i < 40; i++) {
            for (int k = 1; k <= 4; k++) {
                rows.append('s').append(i).append(',').append(k).append(',').append((i % 2 == 0 ? 0.3 : -0.3) * k).append(',')
                        .append(i % 2 == 0 ? "up" : "down").append('\n');
            }
        }
        Path csv = Files.writeString(dir.resolve("motions.csv"), rows.toString());
        Path zip = dir.resolve("motions.zip");
        assertThat(io.modelbench.cli.ModelBenchCli.run(new String[] {"train", "--data", csv.toString(), "--target", "label",
            "--sequence-id", "id", "--time-column", "step", "--epochs", "1", "--out", zip.toString()},
                new PrintStream(new ByteArrayOutputStream()), System.err)).isZero();
        Run r = run("predict", "--master", "local[2]", "--model", zip.toString(), "--data", csv.toString(),
                "--out", dir.resolve("out").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).startsWith("error: ").contains("classifies sequences ('id' names them)")
                .contains("command line's predict").doesNotContain("\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void withoutMasterOrSparkSubmitTheMasterOptionIsNamed() throws Exception {
        Path data = io.modelbench.engine.TestTables.sampleFile("iris", dir);
        Run r = run("predict", "--model", IrisModel.zip().toString(), "--data", data.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("--master", "spark-submit").doesNotContain("\n");
    }
}
