package io.modelbench.cli;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.io.PhaseClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17, small tables: {@code train} loads the native backend on a thread of its own from the start. */
class CliPreloadTest {

    @TempDir
    Path dir;

    @Test
    void onlyATrainThatCanRunLoadsTheBackendFromTheStart() {
        assertThat(ModelBenchCli.preloads(new String[] {"train", "--data", "sample:iris", "--out", "m.zip"})).isTrue();
        assertThat(ModelBenchCli.preloads(new String[] {"--verbose", "train", "--data", "x.csv"})).isTrue();
        assertThat(ModelBenchCli.preloads(new String[] {"train", "--help"})).isFalse();
        assertThat(ModelBenchCli.preloads(new String[] {"train", "-h"})).isFalse();
        assertThat(ModelBenchCli.preloads(new String[] {"--version"})).isFalse();
        assertThat(ModelBenchCli.preloads(new String[] {"inspect", "--data", "sample:iris"})).isFalse();
        assertThat(ModelBenchCli.preloads(new String[] {"predict", "--model", "train"})).isFalse();
        assertThat(ModelBenchCli.preloads(new String[] {})).isFalse();
    }

    @Test
    void trainTakesTheBackendThatWasLoadingInsteadOfLoadingItAgain() {
        // the backend of this test JVM loads fine: only the status handed in can make train fail like this
        CliRun run = run(() -> CompletableFuture.completedFuture(
                new BackendStatus(BackendStatus.State.FAILED, "CPU", "the handed-in load failed")), "train", "--data", "sample:iris",
                "--epochs", "1", "--out", dir.resolve("m.zip"), "-q");

        assertThat(run.exitCode()).isEqualTo(ModelBenchCli.EXIT_FAILURE);
        assertThat(run.errLines()).containsExactly("error: the handed-in load failed");
        assertThat(dir.resolve("m.zip")).doesNotExist();
    }

    @Test
    void aLoadThatThrewFailsTheRunAsALoadOnTheCommandThreadWould() {
        System.setProperty("modelbench.log.dir", dir.resolve("logs").toString());   // the failure's stack trace goes there
        CliRun run;
        try {
            run = run(() -> CompletableFuture.failedFuture(new IllegalStateException("no natives for this CPU")),
                    "train", "--data", "sample:iris", "--epochs", "1", "--out", dir.resolve("m.zip"), "-q");
        } finally {
            System.clearProperty("modelbench.log.dir");
        }

        assertThat(run.exitCode()).isEqualTo(ModelBenchCli.EXIT_FAILURE);
        assertThat(run.err()).startsWith("error: unexpected failure: no natives for this CPU");
    }

    @Test
    void aRefusedArgumentAnswersAtOnceWhileTheBackendLoads() {
        CompletableFuture<BackendStatus> never = new CompletableFuture<>();
        CliRun run = run(() -> never, "train", "--data", "sample:iris", "--epochs", "abc", "--out", dir.resolve("m.zip"));

        assertThat(run.exitCode()).isEqualTo(ModelBenchCli.EXIT_INPUT);
        assertThat(run.err()).startsWith("error: Invalid value for option '--epochs'");
    }

    @Test
    void withThePhasesPropertyATrainMarksEachPhaseOnStderrInOrder() throws Exception {
        Path csv = TestTables.sampleFile("iris", dir);
        ByteArrayOutputStream marks = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setProperty(PhaseClock.PROPERTY, "true");
        try {
            System.setErr(new PrintStream(marks, true, StandardCharsets.UTF_8));
            CliRun run = CliRun.of("train", "--data", csv, "--target", "species", "--epochs", "2", "--out", dir.resolve("m.zip"), "-q");
            assertThat(run.exitCode()).as(run.err()).isZero();
        } finally {
            System.setErr(saved);
            System.clearProperty(PhaseClock.PROPERTY);
        }
        List<String> labels = marks.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(PhaseClock.PREFIX))
                .map(l -> l.substring(PhaseClock.PREFIX.length()).split(" ", 2)[1].split(";")[0]).toList();
        assertThat(labels).containsExactly("command line parsed (logback, picocli)", "table read (and Jackson set up)",
                "input read and checked", "native backend loaded (ND4J, OpenBLAS, oneDNN)", "data prepared, network built",
                "epochs done", "test report", "linear reference", "model zip written");
        assertThat(marks.toString(StandardCharsets.UTF_8)).contains("epochs done; epochs 2; fit ");
    }

    private static CliRun run(Supplier<CompletableFuture<BackendStatus>> backend, Object... args) {
        return CliRun.withBackend(backend, args);
    }
}
