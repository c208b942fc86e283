package io.modelbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it: {@code java -jar target/modelbench-spark.jar predict --master local[2] ...} with
 * no JVM options, from another working directory. It proves the manifest: Spark found through its Class-Path
 * ({@code spark-lib/}) and Java 17's module options through its Add-Opens.
 */
class SparkJarIT {

    @TempDir
    Path dir;

    @Test
    void javaDashJarScoresATableInLocalModeWithoutJvmOptions() throws Exception {
        Path jar = Path.of(System.getProperty("spark.jar", "target/modelbench-spark.jar")).toAbsolutePath();
        assertThat(jar).exists();
        Path data = io.modelbench.engine.TestTables.sampleFile("iris", dir);
        Path out = dir.resolve("scored");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "predict", "--master", "local[2]", "--model", IrisModel.zip().toString(), "--data", data.toString(), "--out", "scored")
                .directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();

        List<String> lines = stdout.lines().toList();
        JsonNode result = Json.mapper().readTree(lines.get(lines.size() - 1));
        assertThat(result.get("rows").asLong()).isEqualTo(150);
        assertThat(result.get("predictions").asText()).isEqualTo(out.toRealPath().toString());
        assertThat(out.resolve("_SUCCESS")).exists();
        long rows;
        try (Stream<Path> parts = Files.list(out)) {
            rows = parts.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .mapToLong(f -> {
                        try {
                            List<String> l = Files.readAllLines(f);
                            assertThat(l.isEmpty() || l.get(0).endsWith("prediction,p_setosa,p_versicolor,p_virginica")).isTrue();
                            return Math.max(0, l.size() - 1);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).sum();
        }
        assertThat(rows).isEqualTo(150);
    }
}
