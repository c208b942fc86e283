package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forecasting from the command line (issue 15): a monthly series with month names as dates and an awkward target
 * name, unsorted, with a missing month; train prints {@code "task": "forecasting"}, the test figures and both naive
 * forecasts, and the model card records the series settings; predict writes one row per predictable month (the
 * month after the data too); evaluate and report work on it. Training is kept to a few epochs here; whether the
 * default LSTM beats the naive forecasts is tested in the engine ({@code SeriesTrainingTest}).
 */
class CliSeriesTest {

    @TempDir
    static Path dir;
    static Path csv;
    static Path model;
    static CliRun trained;

    @BeforeAll
    static void train() throws IOException {
        StringBuilder b = new StringBuilder("Month,Sales (units)\n");
        java.util.Random r = new java.util.Random(3);
        for (int m = 0; m < 96; m++) {
            if (m == 40) {
                continue;   // a month absent from the file
            }
            java.time.YearMonth ym = java.time.YearMonth.of(1990, 1).plusMonths(m);
            double v = 100 + 0.5 * m + 20 * Math.sin(2 * Math.PI * m / 12) + r.nextGaussian() * 2;
            b.append(ym.format(java.time.format.DateTimeFormatter.ofPattern("MMM-uuuu", Locale.ENGLISH))).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", v)).append('\n');
        }
        // the last two rows swapped: sorted with a note
        List<String> lines = new java.util.ArrayList<>(b.toString().lines().toList());
        java.util.Collections.swap(lines, lines.size() - 1, lines.size() - 2);
        csv = dir.resolve("sales.csv");
        Files.writeString(csv, String.join("\n", lines) + "\n");
        model = dir.resolve("sales.zip");
        trained = CliRun.of("train", "--data", csv, "--target", "Sales (units)", "--time-column", "Month", "--window", "12",
                "--epochs", "3", "--out", model);
    }

    @Test
    void trainPrintsTheForecastBesideBothNaiveForecasts() {
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        JsonNode j = trained.json();
        assertThat(j.get("task").asText()).isEqualTo("forecasting");
        assertThat(j.get("test").get("rmse").asDouble()).isPositive();
        assertThat(j.get("test").has("mape")).isTrue();
        assertThat(j.get("baselines").get("last_value").get("rmse").asDouble()).isPositive();
        assertThat(j.get("baselines").get("seasonal_naive").get("period").asInt()).isEqualTo(12);
        assertThat(j.get("baselines").get("seasonal_naive").get("rmse").asDouble()).isPositive();
        assertThat(j.get("series").get("time_format").asText()).isEqualTo("MMM-uuuu");
        assertThat(j.get("architecture").asText()).isEqualTo("lstm");
        assertThat(trained.err()).contains("sorted by time").contains("1 time steps are absent").contains("forecast: ");
    }

    @Test
    void predictWritesOneRowPerPredictableMonthAndTheMonthAfterTheData() throws IOException {
        Path out = dir.resolve("pred.csv");
        CliRun r = CliRun.of("predict", "--model", model, "--data", csv, "--out", out);
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).isEqualTo("Month,Sales (units),prediction");
        assertThat(rows).hasSize(1 + 96 - 12 + 1);
        assertThat(rows.get(1)).startsWith("Jan-1991,");
        assertThat(rows.get(rows.size() - 1)).startsWith("Jan-1998,,");
        assertThat(r.json().get("rows").asInt()).isEqualTo(96 - 12 + 1);
    }

    @Test
    void evaluateAndReportWorkOnAForecastingModel() {
        CliRun e = CliRun.of("evaluate", "--model", model, "--data", csv);
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.json().get("task").asText()).isEqualTo("forecasting");
        assertThat(e.json().get("test").get("rows").asInt()).isEqualTo(96 - 12);
        assertThat(e.json().get("baselines").get("seasonal_naive").get("period").asInt()).isEqualTo(12);
        CliRun rep = CliRun.of("report", "--model", model, "--data", csv, "--out", dir.resolve("r.html"));
        assertThat(rep.exitCode()).as(rep.err()).isZero();
        assertThat(dir.resolve("r.html")).content().contains("last value");
    }

    @Test
    void optimizeQuantizesAForecastingModelAndPruningAndOnnxAreRefusedInOneLineWritingNothing() {
        // int8 and fp16 are weight-only: measured on the model's own test windows; serve is tested in app/serve
        Path fp16 = dir.resolve("sales-fp16.zip");
        CliRun ok = CliRun.of("optimize", "--model", model, "--data", csv, "--quantize", "fp16", "--out", fp16);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.json().get("after").get("test").get("rmse").asDouble()).isPositive();
        assertThat(fp16).exists();
        CliRun predicted = CliRun.of("predict", "--model", fp16, "--data", csv, "--out", dir.resolve("fp16.csv"));
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();

        Path out = dir.resolve("refused.zip");
        CliRun prune = CliRun.of("optimize", "--model", model, "--data", csv, "--prune", "0.5", "--out", out);
        CliRun onnx = CliRun.of("export", "--model", model, "--format", "onnx", "--out", dir.resolve("refused.onnx"));
        for (CliRun r : List.of(prune, onnx)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
        }
        assertThat(prune.err()).contains("forecasting").contains("not pruned");
        assertThat(onnx.err()).contains("forecasting");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("refused.onnx")).doesNotExist();
    }
}
