package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code optimize}: its JSON line, the output loaded by evaluate and predict, and bad input refused before any work. */
class CliOptimizeTest {

    @TempDir
    static Path shared;
    static Path model;

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("iris.zip");
        CliRun run = CliRun.of("train", "--data", "sample:iris", "--epochs", "40", "--out", model, "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void int8PrintsBeforeAndAfterAndEvaluateAndPredictLoadTheResult(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("iris-int8.zip");
        CliRun run = CliRun.of("optimize", "--model", model, "--data", "sample:iris", "--quantize", "int8", "--out", out, "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().strip().lines().toList();
        JsonNode j = CliRun.parse(lines.get(lines.size() - 1));
        assertThat(j.get("method").asText()).isEqualTo("int8");
        assertThat(j.get("model").asText()).isEqualTo(out.toAbsolutePath().normalize().toString());
        for (String side : List.of("before", "after")) {
            JsonNode m = j.get(side);
            assertThat(m.fieldNames()).toIterable().startsWith("size_bytes", "parameters", "nonzero_parameters", "test", "latency_ms");
            assertThat(m.get("test").get("rows").asInt()).isEqualTo(30);
            assertThat(m.get("latency_ms").get("batch1").asDouble()).isPositive();
            assertThat(m.get("latency_ms").get("batch256").asDouble()).isPositive();
        }
        assertThat(j.get("after").get("sparsity").isNumber()).isTrue();
        assertThat(j.get("before").get("size_bytes").asLong()).isEqualTo(Files.size(model));
        assertThat(j.get("after").get("size_bytes").asLong()).isEqualTo(Files.size(out));

        CliRun eval = CliRun.of("evaluate", "--model", out, "--data", "sample:iris");
        assertThat(eval.exitCode()).as(eval.toString()).isZero();
        assertThat(CliRun.parse(eval.out().strip()).get("test").get("accuracy").asDouble()).isGreaterThan(0.85);
        CliRun predict = CliRun.of("predict", "--model", out, "--data", "sample:iris");
        assertThat(predict.exitCode()).as(predict.toString()).isZero();
        assertThat(predict.out().lines().count()).isEqualTo(151);
    }

    @Test
    void pruneReportsTheSparsityReached(@TempDir Path dir) {
        Path out = dir.resolve("iris-pruned.zip");
        CliRun run = CliRun.of("optimize", "--model", model, "--data", "sample:iris", "--prune", "0.5", "--epochs", "3", "--out", out, "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode j = CliRun.parse(run.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(j.get("after").get("sparsity").asDouble()).isBetween(0.49, 0.52);
        assertThat(j.get("after").get("nonzero_parameters").asLong()).isLessThan(j.get("before").get("nonzero_parameters").asLong());
    }

    @Test
    void perLayerPruningReachesTheSparsity(@TempDir Path dir) {
        Path out = dir.resolve("iris-pruned-layer.zip");
        CliRun run = CliRun.of("optimize", "--model", model, "--data", "sample:iris", "--prune", "0.5", "--prune-scope", "layer",
                "--epochs", "1", "--out", out, "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode j = CliRun.parse(run.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(j.get("after").get("sparsity").asDouble()).isBetween(0.49, 0.52);
        assertThat(io.modelbench.engine.app.Exports.readCard(out).optimized().settings()).contains("per layer");
    }

    @Test
    void distillationPrintsTheStudentsEpochsOnStderrAsTrainDoes(@TempDir Path dir) {
        Path out = dir.resolve("iris-student.zip");
        CliRun run = CliRun.of("optimize", "--model", model, "--data", "sample:iris", "--distill", "8", "--epochs", "3", "--out", out);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("training classification: ").containsPattern("epoch 1/3  loss \\d\\.\\d{4}  val_loss ")
                .containsPattern("epoch 3/3  loss \\d\\.\\d{4}  val_loss \\d\\.\\d{4}  val_accuracy ");
        JsonNode j = CliRun.parse(run.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(j.get("method").asText()).isEqualTo("distill");
        assertThat(j.get("after").get("parameters").asLong()).isLessThan(j.get("before").get("parameters").asLong());
    }

    @Test
    void badInputExitsWithTwoAndOneLineAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("out.zip");
        List<Object[]> cases = List.of(
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--quantize", "int8", "--prune", "0.5", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--quantize", "int4", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--prune", "1.5", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--distill", "0", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--distill", "8", "--alpha", "2", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:wine", "--quantize", "int8", "--out", out},
                new Object[] {"optimize", "--model", dir.resolve("missing.zip"), "--data", "sample:iris", "--quantize", "int8", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--quantize", "fp16", "--out", model},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--quantize", "int8", "--prune-scope", "layer", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--prune", "0.5", "--prune-scope", "sideways", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--distill-cnn", "0.5", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--distill-cnn", "2", "--out", out},
                new Object[] {"optimize", "--model", model, "--data", "sample:iris", "--distill", "8", "--distill-cnn", "0.5", "--out", out});
        for (Object[] args : cases) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
            assertThat(run.err()).startsWith("error: ");
            assertThat(run.out()).isEmpty();
            assertThat(out).doesNotExist();
        }
    }
}
