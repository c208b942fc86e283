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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as users and scripts run it: {@code java -jar modelbench.jar ...} in another working
 * directory, in its own process (so stdout is checked for library banners too, and exit statuses are real).
 */
class CliJarIT {

    @TempDir
    static Path work;
    static Path jar;

    record Proc(int exitCode, List<String> out, List<String> err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" + String.join("\n", err);
        }
    }

    @BeforeAll
    static void findJar() {
        String p = System.getProperty("cli.jar");
        assertThat(p).as("system property cli.jar (set by failsafe)").isNotBlank();
        jar = Path.of(p).toAbsolutePath();
        assertThat(jar).isRegularFile();
    }

    static Proc run(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "stdout", ".txt");
        Path err = Files.createTempFile(work, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("modelbench did not finish in 180 s: " + cmd);
        }
        return new Proc(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    @Test
    void trainsFromAnotherWorkingDirectory() throws Exception {
        Proc r = run("train", "--data", "sample:iris", "--out", work.resolve("m.zip").toString(), "--epochs", "5");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as("stdout holds the JSON result and nothing else: " + r).hasSize(1);
        JsonNode json = CliRun.parse(r.out().get(r.out().size() - 1));
        assertThat(json.path("task").asText()).isEqualTo("classification");
        assertThat(json.path("epochs").asInt()).isEqualTo(5);
        assertThat(json.path("test").path("accuracy").isNumber()).isTrue();
        assertThat(json.path("model").asText()).isEqualTo(work.resolve("m.zip").toAbsolutePath().toString());
        assertThat(work.resolve("m.zip")).isRegularFile();
        assertThat(r.err()).anyMatch(l -> l.startsWith("epoch 5/5"));
    }

    @Test
    void versionPrintsNothingElseOnStderr() throws Exception {
        Proc r = run("--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().get(0)).startsWith("modelbench ");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void malformedCsvIsExitTwoAndOneStderrLine() throws Exception {
        Path iris = TestTables.sampleFile("iris", Files.createDirectories(work.resolve("data")));
        Path bad = CliRun.corrupt(iris, work, "bad.csv", 12, 1, "abc");
        Proc r = run("train", "--data", "bad.csv", "--target", "species", "--out", "bad.zip", "--epochs", "1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as(r.toString()).isEmpty();
        assertThat(r.err()).as(r.toString()).hasSize(1);
        assertThat(r.err().get(0)).startsWith("error: bad.csv, line 12, column 'sepal_width_cm': 'abc' is not a number");
        assertThat(bad).isRegularFile();
        assertThat(work.resolve("bad.zip")).doesNotExist();
    }
}
