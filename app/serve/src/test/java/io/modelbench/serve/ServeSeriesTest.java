package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.WindowForecasts;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forecasting models served: windows of past values over KServe v1 (a list of values, a list of steps, an object of
 * channels) and OIP v2 (one tensor {@code window} of shape [n, window, channels]) give exactly the forecasts of
 * {@link WindowForecasts} for the same windows, the metadata says the window and horizon, and a wrong window is a 400
 * saying how many values the model reads.
 */
class ServeSeriesTest {

    @TempDir
    static Path work;
    static ModelServer server;
    static TestClient client;
    static Path sunspots;
    static Path sales;

    private static Path train(SeriesDataset d, String name) {
        TrainingSettings t = TrainingSettings.defaults().withEpochs(2).withModel(ModelSpec.lstm(1));
        var o = new Trainer().train(d, new TrainingRequest(d.targetColumn(), null, List.of(), SplitSettings.defaults(42), t),
                TrainingListener.NONE, new StopSignal(), null);
        Path zip = work.resolve(name + ".zip");
        ModelFiles.save(o.model(), zip);
        return zip;
    }

    /** Monthly sales driven by a temperature covariate (the model reads two channels). */
    static Table salesTable() {
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[96];
        for (int t = 0; t < 96; t++) {
            double temp = 10 + 8 * Math.sin(2 * Math.PI * t / 12);
            rows.add(new String[] {String.format("%d-%02d", 2000 + t / 12, t % 12 + 1), Double.toString(100 + 0.5 * t + 2 * temp),
                Double.toString(temp)});
            lines[t] = t + 2;
        }
        return new Table("sales.csv", List.of("month", "sales", "temperature"), rows, lines, null);
    }

    @BeforeAll
    static void start() {
        TestModels.dir();   // loads the native backend
        sunspots = train(SeriesDataset.of(TableDataset.of(Samples.open(Samples.find("sunspots"))), "SUNACTIVITY",
                SeriesSettings.of("YEAR", 6, 1)), "sunspots");
        sales = train(SeriesDataset.of(TableDataset.of(salesTable()), "sales",
                SeriesSettings.of("month", 4, 2).withCovariates(List.of("temperature"))), "sales");
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("sunspots", sunspots);
        models.put("sales", sales);
        server = ModelServer.start(ServeConfig.defaults().withPort(0).withTokenFile(work.resolve("token"))
                .withLogDir(work.resolve("logs")), models, ServeListener.NONE);
        client = new TestClient(server.url(), server.token());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWindowOfPastSunspotValuesGivesTheEnginesForecastOverBothProtocols() {
        TrainedModel m = ModelFiles.load(sunspots);
        double[][] last = {{63.7}, {40.4}, {29.8}, {15.2}, {7.5}, {2.9}};
        double expected = WindowForecasts.forecast(m, last).value();

        TestClient.Reply v1 = client.post("/v1/models/sunspots:predict", "{\"instances\": [[63.7, 40.4, 29.8, 15.2, 7.5, 2.9]]}");
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat((float) v1.json().get("predictions").get(0).asDouble()).isEqualTo((float) expected);   // the forecast is a float sum

        TestClient.Reply v2 = client.post("/v2/models/sunspots/infer", "{\"id\": \"a\", \"inputs\": [{\"name\": \"window\", \"shape\": [1, 6, 1],"
                + " \"datatype\": \"FP32\", \"data\": [63.7, 40.4, 29.8, 15.2, 7.5, 2.9]}]}");
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        JsonNode out = v2.json().get("outputs").get(0);
        assertThat(out.get("name").asText()).isEqualTo("prediction");
        assertThat(out.get("shape").get(0).asInt()).isEqualTo(1);
        assertThat((float) out.get("data").get(0).asDouble()).isEqualTo((float) expected);

        JsonNode meta = client.get("/v2/models/sunspots").json();
        assertThat(meta.get("inputs").get(0).get("name").asText()).isEqualTo("window");
        assertThat(meta.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,6,1]");
        assertThat(meta.get("parameters").get("task").asText()).isEqualTo("forecasting");
        assertThat(meta.get("parameters").get("window").asInt()).isEqualTo(6);
        assertThat(meta.get("parameters").get("horizon").asInt()).isEqualTo(1);
        assertThat(meta.get("parameters").get("time_column").asText()).isEqualTo("YEAR");
        JsonNode v1meta = client.get("/v1/models/sunspots").json();
        assertThat(v1meta.get("window").asInt()).isEqualTo(6);
        assertThat(v1meta.get("horizon").asInt()).isEqualTo(1);
    }

    @Test
    void aModelWithACovariateTakesStepsOrChannelsAndBatchesOfWindows() {
        TrainedModel m = ModelFiles.load(sales);
        Table t = salesTable();
        double[][] a = new double[4][];
        double[][] b = new double[4][];
        for (int k = 0; k < 4; k++) {
            a[k] = new double[] {Double.parseDouble(t.value(90 + k, 1)), Double.parseDouble(t.value(90 + k, 2))};
            b[k] = new double[] {Double.parseDouble(t.value(92 + k, 1)), Double.parseDouble(t.value(92 + k, 2))};
        }
        double fa = WindowForecasts.forecast(m, a).value();
        double fb = WindowForecasts.forecast(m, b).value();

        StringBuilder steps = new StringBuilder("[");
        StringBuilder sales = new StringBuilder("[");
        StringBuilder temps = new StringBuilder("[");
        StringBuilder flat = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            String sep = k == 0 ? "" : ", ";
            steps.append(sep).append('[').append(a[k][0]).append(", ").append(a[k][1]).append(']');
            sales.append(sep).append(b[k][0]);
            temps.append(sep).append(b[k][1]);
        }
        for (double[][] w : List.of(a, b)) {
            for (double[] s : w) {
                flat.append(flat.length() == 0 ? "" : ", ").append(s[0]).append(", ").append(s[1]);
            }
        }
        String body = "{\"instances\": [" + steps + "], {\"sales\": " + sales + "], \"temperature\": " + temps + "]}]}";
        TestClient.Reply v1 = client.post("/v1/models/sales:predict", body);
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertThat(v1.json().get("predictions").get(0).asDouble()).isCloseTo((float) fa, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(v1.json().get("predictions").get(1).asDouble()).isCloseTo((float) fb, org.assertj.core.data.Offset.offset(1e-4));

        TestClient.Reply v2 = client.post("/v2/models/sales/infer", "{\"inputs\": [{\"name\": \"window\", \"shape\": [2, 4, 2],"
                + " \"datatype\": \"FP64\", \"data\": [" + flat + "]}]}");
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        assertThat(v2.json().get("outputs").get(0).get("data").get(1).asDouble())
                .isCloseTo((float) fb, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(client.get("/v2/models/sales").json().get("parameters").get("horizon").asInt()).isEqualTo(2);
    }

    @Test
    void aWrongWindowIsA400SayingHowManyValuesTheModelReads() {
        TestClient.Reply shortWindow = client.post("/v1/models/sunspots:predict", "{\"instances\": [[1, 2, 3]]}");
        assertThat(shortWindow.status()).isEqualTo(400);
        assertThat(shortWindow.json().get("error").asText()).isEqualTo("instance 0 has 3 values; the model reads 6: send the last 6 values"
                + " of SUNACTIVITY, oldest first");
        TestClient.Reply nullValue = client.post("/v1/models/sunspots:predict", "{\"instances\": [[1, 2, null, 4, 5, 6]]}");
        assertThat(nullValue.status()).isEqualTo(400);
        assertThat(nullValue.json().get("error").asText()).startsWith("instance 0, field 'SUNACTIVITY': expected a number");
        TestClient.Reply wrongName = client.post("/v2/models/sunspots/infer",
                "{\"inputs\": [{\"name\": \"SUNACTIVITY\", \"shape\": [1, 6], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4, 5, 6]}]}");
        assertThat(wrongName.status()).isEqualTo(400);
        assertThat(wrongName.json().get("error").asText()).contains("one input named 'window', shape [n, 6, 1]");
        TestClient.Reply step = client.post("/v1/models/sales:predict", "{\"instances\": [[[1, 2], [3, 4], [5], [7, 8]]]}");
        assertThat(step.status()).isEqualTo(400);
        assertThat(step.json().get("error").asText()).contains("step 3 has 1 values; the model reads 2 per step: sales, temperature");
        TestClient.Reply ok = client.post("/v1/models/sunspots:predict", "{\"instances\": [[1, 2, 3, 4, 5, 6]]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    /**
     * The card records each channel's training range, and a served window's values count against it: a temperature
     * of 100 (the training months had 2 to 18) shows as drift, per channel, as a table column's out-of-range values do.
     */
    @Test
    void servedWindowsCountTowardsEachChannelsDriftAgainstItsTrainingRange() throws Exception {
        TrainedModel m = ModelFiles.load(sales);
        var temperature = m.card().encoding().get(1);
        assertThat(temperature.column()).isEqualTo("temperature");
        assertThat(temperature.min()).isBetween(2.0, 2.5);
        assertThat(temperature.max()).isBetween(17.5, 18.0);
        try (ModelServer own = ModelServer.start(ServeConfig.defaults().withPort(0).withTokenFile(work.resolve("token"))
                .withLogDir(work.resolve("logs-drift")), Map.of("sales", sales), ServeListener.NONE)) {
            TestClient c = new TestClient(own.url(), own.token());
            TestClient.Reply r = c.post("/v1/models/sales:predict", "{\"instances\": [[[140, 10], [141, 12], [142, 14], [143, 16]],"
                    + " {\"sales\": [140, 141, 142, 143], \"temperature\": [100, 100, 12, 14]}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<ColumnDrift> drift = own.stats().models().get(0).drift();
            assertThat(drift).extracting(ColumnDrift::column).containsExactly("sales", "temperature");
            assertThat(drift.get(0).values()).isEqualTo(8);
            assertThat(drift.get(1).values()).isEqualTo(8);
            assertThat(drift.get(1).outOfRange()).isEqualTo(2.0 / 8);
            assertThat(drift.get(0).outOfRange()).isEqualTo(0.0);   // sales 140-143: inside the training months' range
        }
    }
}
