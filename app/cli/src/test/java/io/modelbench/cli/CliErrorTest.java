package io.modelbench.cli;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.InputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The error contract: bad input → exit 2 and one line {@code error: ...} on stderr; nothing on stdout. */
class CliErrorTest {

    @TempDir
    static Path dir;
    static Path iris;

    @BeforeAll
    static void copyIris() throws IOException {
        iris = TestTables.sampleFile("iris", dir);
    }

    @AfterEach
    void clearLogDir() {
        System.clearProperty("modelbench.log.dir");
    }

    /** Exit 2, nothing on stdout, exactly one stderr line "error: ..." without a stack trace; returns it. */
    static String inputError(CliRun r) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        String line = r.errLines().get(0);
        assertThat(line).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
        return line;
    }

    @Test
    void missingDataFile() {
        Path missing = dir.resolve("no-such-table.csv");
        String line = inputError(CliRun.of("train", "--data", missing, "--target", "species", "--out", dir.resolve("m.zip")));
        assertThat(line).contains("no-such-table.csv").contains("does not exist");
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }

    @Test
    void unknownTargetColumn() {
        String line = inputError(CliRun.of("train", "--data", iris, "--target", "colour", "--out", dir.resolve("m.zip")));
        assertThat(line).contains("'colour'").contains("species");
    }

    @Test
    void fileWithoutTarget() {
        String line = inputError(CliRun.of("train", "--data", iris, "--out", dir.resolve("m.zip")));
        assertThat(line).contains("--target").contains("sepal_width_cm");
    }

    @Test
    void malformedCellNamesFileLineAndColumn() {
        Path bad = CliRun.corrupt(iris, dir, "iris-bad-line12.csv", 12, 1, "abc");
        CliRun r = CliRun.of("train", "--data", bad, "--target", "species", "--out", dir.resolve("bad.zip"), "--epochs", "1");
        String line = inputError(r);
        assertThat(line).contains("iris-bad-line12.csv").contains("line 12").contains("sepal_width_cm").contains("'abc'");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("bad.zip")).doesNotExist();
    }

    @Test
    void malformedCellWhenPredicting() throws IOException {
        Path model = dir.resolve("for-predict.zip");
        CliRun train = CliRun.of("train", "--data", "sample:iris", "--out", model, "--epochs", "1", "--quiet");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(train.err()).isEmpty();
        // "n/a" would be a missing value (filled with the training mean); a word is an error
        Path bad = CliRun.corrupt(iris, dir, "iris-bad-line40.csv", 40, 3, "wide");
        String line = inputError(CliRun.of("predict", "--model", model, "--data", bad));
        assertThat(line).contains("iris-bad-line40.csv").contains("line 40").contains("petal_width_cm");

        Files.writeString(dir.resolve("no-features.csv"), "a,species\n1,setosa\n");
        line = inputError(CliRun.of("evaluate", "--model", model, "--data", dir.resolve("no-features.csv")));
        assertThat(line).contains("sepal_length_cm");
    }

    @Test
    void evaluateOnAFileThatIsNotAZip() throws IOException {
        Path notZip = Files.writeString(dir.resolve("model.zip"), "this is not a zip\n");
        String line = inputError(CliRun.of("evaluate", "--model", notZip, "--data", iris));
        assertThat(line).contains("model.zip");
    }

    @Test
    void evaluateOnAZipThatIsNotAModel() throws IOException {
        Path zip = dir.resolve("other.zip");
        try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes());
            z.closeEntry();
        }
        String line = inputError(CliRun.of("evaluate", "--model", zip, "--data", iris));
        assertThat(line).contains("other.zip").contains("not a DL4J model");
    }

    @Test
    void predictWithAMissingModel() {
        String line = inputError(CliRun.of("predict", "--model", dir.resolve("absent.zip"), "--data", iris));
        assertThat(line).contains("absent.zip");
    }

    @Test
    void outputThatIsAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        assertThat(inputError(CliRun.of("train", "--data", "sample:iris", "--out", folder))).contains("a-folder").contains("folder");
    }

    @Test
    void badSettings() {
        assertThat(inputError(CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("x.zip"), "--epochs", "0")))
                .contains("epochs");
        assertThat(inputError(CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("x.zip"), "--hidden", "32,x")))
                .contains("hidden");
        assertThat(inputError(CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("x.zip"), "--test-fraction", "1.5")))
                .contains("test-fraction");
        assertThat(inputError(CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("x.zip"), "--task", "banana")))
                .contains("banana");
        assertThat(inputError(CliRun.of("train", "--data", "sample:nope", "--out", dir.resolve("x.zip"))))
                .contains("nope").contains("iris");
        assertThat(dir.resolve("x.zip")).doesNotExist();
    }

    @Test
    void usageErrorsAreShort() {
        for (CliRun r : List.of(
                CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("x.zip"), "--bogus"),
                CliRun.of("train", "--data", "sample:iris"),
                CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("x.zip"), "--epochs", "abc"),
                CliRun.of("frobnicate"))) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).as(r.toString()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("error: ");
            assertThat(r.err()).doesNotContain("\tat ").contains("--help");
        }
        assertThat(CliRun.of("train", "--data", "sample:iris", "--out", "x.zip", "--bogus").err())
                .contains("'--bogus'").contains("see 'modelbench train --help'");
        assertThat(CliRun.of("train", "--data", "sample:iris").err()).contains("--out");
        assertThat(CliRun.of("train", "--epochs", "abc", "--data", "sample:iris", "--out", "x.zip").err()).contains("abc");

        CliRun none = CliRun.of();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("Usage: modelbench");
    }

    @Test
    void unexpectedFailureIsOneLineWithTheDetailsInTheLog() throws IOException {
        Path logDir = dir.resolve("logs");
        System.setProperty("modelbench.log.dir", logDir.toString());
        CommandLine cl = new CommandLine(new ModelBenchCli());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult pr = cl.parseArgs("train", "--data", "sample:iris", "--out", "x.zip");

        int code = ModelBenchCli.handleExecutionException(new IllegalStateException("boom"), cl, pr);

        assertThat(code).isEqualTo(1);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        Path log = logDir.resolve("modelbench-cli.log");
        assertThat(lines.get(0)).isEqualTo("error: unexpected failure: boom (details in the log: " + log.toAbsolutePath() + ")");
        assertThat(Files.readString(log)).contains("java.lang.IllegalStateException: boom").contains("\tat ")
                .contains("train --data sample:iris --out x.zip");

        StringWriter verboseErr = new StringWriter();
        cl.setErr(new PrintWriter(verboseErr, true));
        CommandLine.ParseResult verbose = cl.parseArgs("train", "--data", "sample:iris", "--out", "x.zip", "--verbose");
        assertThat(ModelBenchCli.handleExecutionException(new IllegalStateException("boom"), cl, verbose)).isEqualTo(1);
        assertThat(verboseErr.toString()).contains("\tat ");
    }

    @Test
    void wrappedInputExceptionStillCountsAsInput() {
        CommandLine cl = new CommandLine(new ModelBenchCli());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult pr = cl.parseArgs("--version");
        InputException cause = InputException.general("the thing is wrong", "fix it");
        int code = ModelBenchCli.handleExecutionException(new RuntimeException("wrapper", cause), cl, pr);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: the thing is wrong. Fix it." + System.lineSeparator());
    }
}
