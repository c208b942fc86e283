package io.modelbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.cli.ModelBenchCli;
import io.modelbench.engine.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Spark jar's {@code sweep} with the command line's series options ({@code --time-column}, {@code --window}...): the
 * same command through the CLI and through the Spark job in local mode, on the same series, space and seed, gives the
 * same trials (settings, statuses, epochs, validation RMSE) and the same winner. Both read the series through the
 * engine's {@code Sweeps.openSeries}; each Spark task reads the shipped file into it with the driver's settings. Starts
 * Spark once (a few seconds).
 */
class SparkSweepSeriesTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            return Json.mapper().readTree(lines.get(lines.size() - 1));
        }
    }

    /** Eight years of a monthly series: a trend, a yearly season and noise (as the CLI's series sweep test). */
    private Path monthly() throws Exception {
        StringBuilder b = new StringBuilder("Month,Sales\n");
        java.util.Random r = new java.util.Random(5);
        for (int m = 0; m < 96; m++) {
            double v = 100 + 0.5 * m + 20 * Math.sin(2 * Math.PI * m / 12) + r.nextGaussian() * 2;
            b.append(java.time.YearMonth.of(1990, 1).plusMonths(m)).append(',').append(String.format(Locale.ROOT, "%.2f", v)).append('\n');
        }
        return Files.writeString(dir.resolve("sales.csv"), b.toString());
    }

    @Test
    void aSeriesSweepOnSparkGivesTheTrialsAndTheWinnerOfTheCliSeriesSweep() throws Exception {
        Path csv = monthly();
        Path space = Files.writeString(dir.resolve("space.json"), "{\"learning_rate\": [0.003, 0.03], \"hidden\": [[16]], \"epochs\": 12}");
        // two trials at once with one thread each on both sides (the CLI shares the cores out; a Spark task has spark.task.cpus 1)
        List<String> options = List.of("--data", csv.toString(), "--target", "Sales", "--time-column", "Month", "--window", "12",
                "--trials", "2", "--search", "grid", "--space", space.toString(), "--parallel", "2", "--seed", "7");
        Run cli = cli(args(List.of("sweep"), options, "--out", dir.resolve("cli").toString()));
        String ui = System.setProperty("spark.ui.enabled", "false");
        Run spark;
        try {
            spark = spark(args(List.of("sweep", "--master", "local[2]"), options, "--out", dir.resolve("spark").toString()));
        } finally {
            if (ui == null) {
                System.clearProperty("spark.ui.enabled");
            } else {
                System.setProperty("spark.ui.enabled", ui);
            }
        }

        assertThat(cli.code()).as(cli.err()).isZero();
        assertThat(spark.code()).as(spark.err()).isZero();
        assertThat(spark.err()).contains("series: one step is 1 month", "sweep on Spark (local[2])").doesNotContain("Exception");
        JsonNode c = cli.json();
        JsonNode s = spark.json();
        assertThat(s.path("trials")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode ct = c.path("trials").get(i);
            JsonNode st = s.path("trials").get(i);
            assertThat(st.path("params")).isEqualTo(ct.path("params"));
            assertThat(st.path("status").asText()).isEqualTo(ct.path("status").asText()).isIn("finished", "stopped_early");
            assertThat(st.path("epochs").asInt()).isEqualTo(ct.path("epochs").asInt());
            // a forecasting model, chosen on the validation windows' RMSE: the same figures as the CLI's trial (bit for bit on
            // 2 cores, one thread per trial on both sides; 1e-4 relative leaves room for a CI machine where the CLI's trials
            // get more threads than a Spark task)
            for (String f : List.of("rmse", "mae", "r2", "loss")) {
                assertThat(st.path("validation").path(f).asDouble()).as("trial %d %s", i + 1, f)
                        .isCloseTo(ct.path("validation").path(f).asDouble(), within(1e-4 * Math.max(1, Math.abs(ct.path("validation").path(f).asDouble()))));
            }
        }
        assertThat(s.path("best").path("params")).isEqualTo(c.path("best").path("params"));
        JsonNode test = s.path("best").path("test");
        assertThat(test.path("rmse").asDouble()).isCloseTo(c.path("best").path("test").path("rmse").asDouble(), within(1e-3));
        assertThat(test.path("baselines").path("seasonal_naive").path("period").asInt()).isEqualTo(12);
        assertThat(dir.resolve("spark").resolve("best.zip")).isRegularFile();
    }

    private static String[] args(List<String> head, List<String> options, String... tail) {
        List<String> a = new ArrayList<>(head);
        a.addAll(options);
        a.addAll(List.of(tail));
        return a.toArray(String[]::new);
    }

    private static Run cli(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelBenchCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run spark(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelBenchSpark.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
