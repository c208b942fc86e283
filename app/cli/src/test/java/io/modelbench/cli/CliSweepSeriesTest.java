package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sweep} on a time series (issue 16 with issue 15's options): the trials are forecasting runs scored on the
 * validation windows' RMSE (lower is better), and the winner is evaluated once on the test span with the naive
 * forecasts (last value, seasonal naive) beside it, as {@code train} reports them.
 */
class CliSweepSeriesTest {

    @TempDir
    Path dir;

    /** Eight years of a monthly series: a trend, a yearly season and noise. */
    private Path monthly() throws IOException {
        StringBuilder b = new StringBuilder("Month,Sales\n");
        java.util.Random r = new java.util.Random(5);
        for (int m = 0; m < 96; m++) {
            double v = 100 + 0.5 * m + 20 * Math.sin(2 * Math.PI * m / 12) + r.nextGaussian() * 2;
            b.append(java.time.YearMonth.of(1990, 1).plusMonths(m)).append(',').append(String.format(Locale.ROOT, "%.2f", v)).append('\n');
        }
        return Files.writeString(dir.resolve("sales.csv"), b.toString());
    }

    @Test
    void aSweepOverASeriesChoosesOnValidationRmseAndReportsTheWinnerBesideTheNaiveForecasts() throws IOException {
        Path csv = monthly();
        Path space = Files.writeString(dir.resolve("space.json"), "{\"learning_rate\": [0.003, 0.01], \"hidden\": [[16], [32]], \"epochs\": 40}");
        CliRun sweep = CliRun.of("sweep", "--data", csv, "--target", "Sales", "--time-column", "Month", "--window", 12,
                "--trials", 4, "--search", "grid", "--space", space, "--out", dir.resolve("sweep"));

        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        JsonNode r = sweep.json();
        assertThat(r.path("trials")).hasSize(4).allSatisfy(t -> {
            assertThat(t.path("status").asText()).isIn("finished", "stopped_early");
            assertThat(t.path("validation").path("rmse").asDouble()).isPositive();
        });
        double bestRmse = r.path("best").path("validation").path("rmse").asDouble();
        r.path("trials").forEach(t -> assertThat(t.path("validation").path("rmse").asDouble()).isGreaterThanOrEqualTo(bestRmse));
        JsonNode test = r.path("best").path("test");
        assertThat(test.path("rmse").asDouble()).isPositive();
        assertThat(test.path("baselines").path("last_value").path("rmse").asDouble()).isPositive();
        assertThat(test.path("baselines").path("seasonal_naive").path("period").asInt()).isEqualTo(12);
        assertThat(test.path("beats_naive").isBoolean()).isTrue();
        // a yearly season of amplitude 20 over noise of 2: the chosen LSTM forecasts better than repeating the last month
        assertThat(test.path("rmse").asDouble()).isLessThan(test.path("baselines").path("last_value").path("rmse").asDouble());
        assertThat(sweep.err()).contains("series: one step is 1 month").doesNotContain("Exception");
        assertThat(dir.resolve("sweep").resolve("best.zip")).isRegularFile();
        // the winner is a forecasting model: predict reads the series from its card
        CliRun eval = CliRun.of("evaluate", "--model", dir.resolve("sweep").resolve("best.zip"), "--data", csv);
        assertThat(eval.exitCode()).as(eval.toString()).isZero();
        // the same sweep with another window is not a continuation of this one: refused, not mixed into its trials
        CliRun other = CliRun.of("sweep", "--data", csv, "--target", "Sales", "--time-column", "Month", "--window", 6,
                "--trials", 4, "--search", "grid", "--space", space, "--out", dir.resolve("sweep"));
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
        String[] lines = other.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).contains("holds a sweep with other settings or data").contains("give the same settings");
        assertThat(other.err()).doesNotContain("Exception");
    }

    @Test
    void sequencesToClassifyAreRefusedInOneLineNamingTheOption() throws IOException {
        Path csv = Files.writeString(dir.resolve("seq.csv"), "id,step,v,label\na,1,0.1,x\na,2,0.2,x\nb,1,0.3,y\nb,2,0.1,y\n");
        CliRun r = CliRun.of("sweep", "--data", csv, "--target", "label", "--sequence-id", "id", "--trials", 2, "--search", "random",
                "--out", dir.resolve("out"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("--sequence-id").doesNotContain("\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
