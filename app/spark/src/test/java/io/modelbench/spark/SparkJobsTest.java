package io.modelbench.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.cli.ModelBenchCli;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.io.Json;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spark jobs in local mode on one shared {@code local[2]} context (Spark starts once for the class, in a few
 * seconds): scoring equals the CLI's {@code predict} row for row, and a small sweep finishes its trials with the CLI's
 * JSON shape. The jar itself ({@code java -jar}, its manifest) is checked by {@code SparkJarIT}.
 */
class SparkJobsTest {

    @TempDir
    static Path dir;
    private static JavaSparkContext sc;
    private static Path model;

    @BeforeAll
    static void start() throws Exception {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SparkJobsTest")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"));
        model = IrisModel.zip();
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    /** 2,000 rows: iris repeated with 2 % jitter on the measurements, the species kept (the 100k-row check is manual). */
    static Path jitteredIris(Path file, int rows) throws Exception {
        List<String> lines = Files.readAllLines(io.modelbench.engine.TestTables.sampleFile("iris", dir), StandardCharsets.UTF_8);
        Random random = new Random(7);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (int i = 0; i < rows; i++) {
            String[] cells = lines.get(1 + i % (lines.size() - 1)).split(",");
            for (int c = 0; c < 4; c++) {
                double v = Double.parseDouble(cells[c]) * (1 + 0.02 * random.nextGaussian());
                cells[c] = String.format(Locale.ROOT, "%.4f", v);
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void scoringOnSparkWritesTheCliPredictRowsInFileOrderAcrossPartitions() throws Exception {
        Path data = jitteredIris(dir.resolve("iris2k.csv"), 2000);
        Path cli = dir.resolve("cli.csv");
        assertThat(ModelBenchCli.run(new String[] {"predict", "--model", model.toString(), "--data", data.toString(), "--out", cli.toString()},
                new PrintStream(new ByteArrayOutputStream()), System.err)).isZero();

        byte[] zip = Files.readAllBytes(model);
        Path out = dir.resolve("scored");
        SparkScoring.Scored s = SparkScoring.score(sc, ModelCache.get(model, zip), zip, data.toString(), out.toString(), 3);

        assertThat(s.rows()).isEqualTo(2000);
        assertThat(s.parts()).isGreaterThanOrEqualTo(3);
        List<List<String>> expected = records(Files.readString(cli));
        List<List<String>> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<List<String>> r = records(Files.readString(part));
                if (!r.isEmpty()) {
                    assertThat(r.get(0)).as("each part's header").isEqualTo(expected.get(0));
                    rows.addAll(r.subList(1, r.size()));
                }
            }
        }
        assertThat(rows).hasSize(2000);
        assertThat(rows).isEqualTo(expected.subList(1, expected.size()));
        assertThat(expected.get(0)).contains("prediction", "p_setosa");
        // local mode: the driver's load is the executors' (one JVM), so the broadcast bytes found the model cached
        assertThat(ModelCache.size()).isEqualTo(1);
    }

    private static List<List<String>> records(String csv) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVFormat.DEFAULT.parse(new StringReader(csv))) {
            p.forEach(r -> rows.add(List.of(r.values())));
        }
        return rows;
    }

    @Test
    void aSweepOnSparkFinishesItsTrialsAndAnswersWithTheCliSweepJson() throws Exception {
        Dataset data = Sweeps.open("sample:iris");
        TrainingRequest base = Sweeps.baseRequest(data, "species", 42);
        SweepSpec spec = new SweepSpec(Sweeps.parseSpace("{\"learning_rate\": [0.01, 0.05], \"epochs\": 8}", "test"),
                SweepStrategy.GRID, 2, 0, 1, 42);
        Path out = dir.resolve("sweep");
        List<TrialResult> seen = new ArrayList<>();
        SweepResult result = SparkSweep.run(sc, new SparkSweep.Setup("sample:iris", "species", spec, out), data, base,
                finished(seen, null), new StopSignal());

        assertThat(result.trials()).hasSize(2).allSatisfy(t -> {
            assertThat(t.status()).isIn(TrialResult.FINISHED, TrialResult.STOPPED_EARLY);
            assertThat(Path.of(t.model())).exists();
        });
        assertThat(result.trials()).extracting(t -> t.params().get("learning_rate")).containsExactly(0.01, 0.05);
        assertThat(seen).hasSize(2);
        assertThat(result.trials()).allSatisfy(t -> assertThat(out.resolve("runs").resolve(t.run()).resolve("run.json")).exists());
        assertThat(out.resolve("sweep.json")).exists();
        assertThat(result.best()).isNotNull();
        assertThat(Path.of(result.best().model())).isEqualTo(out.resolve("best.zip").toAbsolutePath()).exists();

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(io.modelbench.engine.app.SweepReports.json(result)));
        assertThat(json.fieldNames()).toIterable().containsExactly("trials", "best");
        assertThat(json.get("trials").get(0).fieldNames()).toIterable().containsExactly("params", "validation", "epochs", "status", "seconds");
        assertThat(json.get("best").fieldNames()).toIterable().containsExactly("params", "validation", "test", "model");
        assertThat(json.get("best").get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("trials").get(0).get("validation").has("accuracy")).isTrue();
    }

    @Test
    void ashaOnSparkStopsTheWeakTrialsAtTheirRungsAndPromotesTheStrongExactlyAsTheCliSweepDoes() throws Exception {
        Dataset data = Sweeps.open("sample:iris");
        TrainingRequest base = Sweeps.baseRequest(data, "species", 42);
        // learning rates from too small to learn in 9 epochs to ones that learn: rungs at epochs 1 and 3
        SweepSpec spec = new SweepSpec(Sweeps.parseSpace("{\"learning_rate\": {\"min\": 0.000001, \"max\": 0.1, \"scale\": \"log\"}, "
                + "\"epochs\": 9, \"patience\": 0}", "test"),
                SweepStrategy.ASHA, 6, 0, 1, 42);
        Path out = dir.resolve("asha-spark");
        List<TrialResult> seen = new ArrayList<>();
        SweepResult spark = SparkSweep.run(sc, new SparkSweep.Setup("sample:iris", "species", spec, out), data, base,
                finished(seen, null), new StopSignal());
        SweepResult local = new Sweeps().run(data, base, spec, null, dir.resolve("asha-local"), null, new StopSignal());

        assertThat(spark.trials()).as(spark.trials() + "\nlocal: " + local.trials()).hasSize(6);
        assertThat(spark.trials()).filteredOn(t -> t.status().equals(TrialResult.PRUNED)).isNotEmpty()
                .allSatisfy(t -> assertThat(t.epochs()).isLessThan(9));
        double strongest = spark.trials().stream().mapToDouble(t -> ((Number) t.params().get("learning_rate")).doubleValue()).max().orElseThrow();
        assertThat(spark.trials()).filteredOn(t -> t.params().get("learning_rate").equals(strongest)).singleElement()
                .satisfies(t -> assertThat(t.epochs()).isEqualTo(9));
        assertThat(spark.best().params().get("learning_rate")).isEqualTo(strongest);
        assertThat(spark.trials()).extracting(TrialResult::status).containsExactlyElementsOf(
                local.trials().stream().map(TrialResult::status).toList());
        assertThat(spark.trials()).extracting(TrialResult::epochs).containsExactlyElementsOf(
                local.trials().stream().map(TrialResult::epochs).toList());
        // a promoted trial is one run continued from its checkpoint, not a new run per rung
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            assertThat(runs.count()).isEqualTo(6);
        }
        assertThat(seen).hasSize(6);
    }

    @Test
    void aSparkSweepStoppedAndRunAgainContinuesWithoutRetrainingTheTrialsThatEnded() throws Exception {
        Dataset data = Sweeps.open("sample:iris");
        TrainingRequest base = Sweeps.baseRequest(data, "species", 42);
        SweepSpec spec = new SweepSpec(Sweeps.parseSpace("{\"learning_rate\": [0.01, 0.02, 0.05], \"epochs\": 6}", "test"),
                SweepStrategy.GRID, 3, 0, 1, 42);
        Path out = dir.resolve("resumed");
        StopSignal stop = new StopSignal();
        SweepResult first = SparkSweep.run(sc, new SparkSweep.Setup("sample:iris", "species", spec, out), data, base,
                finished(new ArrayList<>(), stop), stop);
        assertThat(first.trials()).hasSizeLessThan(3).isNotEmpty();

        SweepResult again = SparkSweep.run(sc, new SparkSweep.Setup("sample:iris", "species", spec, out), data, base,
                finished(new ArrayList<>(), null), new StopSignal());
        assertThat(again.trials()).hasSize(3);
        for (TrialResult t : first.trials()) {   // the same run and figures: recorded, not trained again
            assertThat(again.trials().get(t.number() - 1)).isEqualTo(t);
        }
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            assertThat(runs.count()).isEqualTo(3);
        }
        assertThat(again.best()).isNotNull();
    }

    /** Collects the trials as they end; requests {@code stop} (when given) after the first. */
    private static io.modelbench.engine.api.SweepListener finished(List<TrialResult> seen, StopSignal stop) {
        return e -> {
            if (e instanceof io.modelbench.engine.api.SweepEvent.TrialFinished f) {
                synchronized (seen) {
                    seen.add(f.result());
                }
                if (stop != null) {
                    stop.request();
                }
            }
        };
    }
}
