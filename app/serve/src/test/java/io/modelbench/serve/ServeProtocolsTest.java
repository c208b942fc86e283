package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.io.PredictionsCsv;
import io.modelbench.engine.model.TrainedModel;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Both protocols against what {@code modelbench predict} writes for the same rows, and their errors. */
class ServeProtocolsTest {

    @TempDir
    static Path work;
    static ModelServer server;
    static TestClient client;

    @BeforeAll
    static void start() {
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("iris", TestModels.iris());
        models.put("diabetes", TestModels.diabetes());
        models.put("digits", TestModels.digits());
        server = ModelServer.start(ServeConfig.defaults().withPort(0).withTokenFile(work.resolve("token"))
                .withLogDir(work.resolve("logs")), models, ServeListener.NONE);
        client = new TestClient(server.url(), server.token());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What predict writes for the table: the CSV, parsed. */
    static List<CSVRecord> predictCsv(Path zip, Table table) throws Exception {
        TrainedModel m = ModelFiles.load(zip);
        StringWriter w = new StringWriter();
        PredictionsCsv.write(table, m.predict(table), w);
        return CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(w.toString())).getRecords();
    }

    static ObjectNode instance(Table t, int r) {
        ObjectNode o = TestClient.JSON.createObjectNode();
        for (int c = 0; c < t.columnCount(); c++) {
            String v = t.value(r, c);
            if (t.isMissing(r, c)) {
                o.putNull(t.columns().get(c));
            } else if (io.modelbench.engine.data.Values.number(v) != null) {
                o.put(t.columns().get(c), Double.parseDouble(v)); // a JSON number, as a client sends it
            } else {
                o.put(t.columns().get(c), v);
            }
        }
        return o;
    }

    @Test
    void kserveV1PredictionsForEveryRowAreExactlyWhatPredictWrites() throws Exception {
        Table t = TestModels.irisWithSite();
        List<CSVRecord> csv = predictCsv(TestModels.iris(), t);
        ObjectNode body = TestClient.JSON.createObjectNode();
        ArrayNode inst = body.putArray("instances");
        for (int r = 0; r < t.rowCount(); r++) {
            inst.add(instance(t, r));
        }
        TestClient.Reply reply = client.post("/v1/models/iris:predict", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode preds = reply.json().get("predictions");
        assertThat(preds).hasSize(150);
        for (int r = 0; r < 150; r++) {
            assertThat(preds.get(r).get("prediction").asText()).isEqualTo(csv.get(r).get("prediction"));
            for (String label : List.of("setosa", "versicolor", "virginica")) {
                assertThat(preds.get(r).get("probabilities").get(label).doubleValue()).as("row %d %s", r, label)
                        .isEqualTo(Double.parseDouble(csv.get(r).get("p_" + label)));
            }
        }
    }

    /**
     * One row at a time is exactly what predict writes for a one-row file. (Against the 150-row file the last digit
     * can differ: OpenBLAS picks its kernel by matrix size, in predict as here.)
     */
    @Test
    void singleRowRequestsGiveWhatPredictWritesForAFileOfThatRow() throws Exception {
        Table t = TestModels.irisWithSite();
        for (int r = 0; r < t.rowCount(); r += 7) {
            List<CSVRecord> csv = predictCsv(TestModels.iris(), t.select(new int[] {r}));
            ObjectNode body = TestClient.JSON.createObjectNode();
            body.putArray("instances").add(instance(t, r));
            JsonNode p = client.post("/v1/models/iris:predict", body).json().get("predictions").get(0);
            assertThat(p.get("prediction").asText()).isEqualTo(csv.get(0).get("prediction"));
            for (String label : List.of("setosa", "versicolor", "virginica")) {
                assertThat(p.get("probabilities").get(label).doubleValue()).as("row %d %s", r, label)
                        .isEqualTo(Double.parseDouble(csv.get(0).get("p_" + label)));
            }
        }
    }

    @Test
    void anOipV2InferBuiltFromTheMetadataGivesTheSameAndEchoesTheId() throws Exception {
        JsonNode meta = client.get("/v2/models/iris").json();
        assertThat(meta.get("name").asText()).isEqualTo("iris");
        assertThat(meta.get("parameters").get("labels")).extracting(JsonNode::asText).containsExactly("setosa", "versicolor", "virginica");
        Map<String, String> types = new LinkedHashMap<>();
        meta.get("inputs").forEach(i -> types.put(i.get("name").asText(), i.get("datatype").asText()));
        assertThat(types).containsEntry("sepal_length_cm", "FP32").containsEntry("site", "BYTES").hasSize(5);
        assertThat(meta.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,1]");

        Table t = TestModels.irisWithSite();
        List<CSVRecord> csv = predictCsv(TestModels.iris(), t);
        ObjectNode body = TestClient.JSON.createObjectNode().put("id", "req-42");
        ArrayNode inputs = body.putArray("inputs");
        for (String name : types.keySet()) {
            ObjectNode in = inputs.addObject().put("name", name).put("datatype", types.get(name));
            in.putArray("shape").add(t.rowCount()).add(1);
            ArrayNode data = in.putArray("data");
            int c = t.indexOf(name);
            for (int r = 0; r < t.rowCount(); r++) {
                if (types.get(name).equals("FP32")) {
                    data.add(Double.parseDouble(t.value(r, c)));
                } else {
                    data.add(t.value(r, c));
                }
            }
        }
        TestClient.Reply reply = client.post("/v2/models/iris/infer", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode out = reply.json();
        assertThat(out.get("id").asText()).isEqualTo("req-42");
        assertThat(out.get("model_name").asText()).isEqualTo("iris");
        JsonNode pred = out.get("outputs").get(0);
        JsonNode probs = out.get("outputs").get(1);
        assertThat(pred.get("name").asText()).isEqualTo("prediction");
        assertThat(probs.get("shape").toString()).isEqualTo("[150,3]");
        for (int r = 0; r < 150; r++) {
            assertThat(pred.get("data").get(r).asText()).isEqualTo(csv.get(r).get("prediction"));
            assertThat(probs.get("data").get(r * 3 + 2).doubleValue()).isEqualTo(Double.parseDouble(csv.get(r).get("p_virginica")));
        }
    }

    @Test
    void aRegressionModelAnswersNumbersAsPredictWritesThem() throws Exception {
        Table t = TestModels.diabetesTable();
        List<CSVRecord> csv = predictCsv(TestModels.diabetes(), t);
        ObjectNode body = TestClient.JSON.createObjectNode();
        ArrayNode inst = body.putArray("instances");
        for (int r = 0; r < t.rowCount(); r++) {
            inst.add(instance(t, r));
        }
        JsonNode preds = client.post("/v1/models/diabetes:predict", body).json().get("predictions");
        for (int r = 0; r < 20; r++) {
            assertThat(preds.get(r).doubleValue()).isEqualTo(Double.parseDouble(csv.get(r).get("prediction")));
        }
        JsonNode meta = client.get("/v2/models/diabetes").json();
        assertThat(meta.get("outputs")).hasSize(1);
        assertThat(meta.get("outputs").get(0).get("datatype").asText()).isEqualTo("FP32");
    }

    @Test
    void imagesSentAsBase64PngGiveWhatPredictWritesForTheFiles() throws Exception {
        Path threes = TestModels.digitsFolder().resolve("3");
        List<Path> files;
        try (Stream<Path> s = Files.list(threes)) {
            files = s.sorted().limit(12).toList();
        }
        TrainedModel m = ModelFiles.load(TestModels.digits());
        var expected = m.predictImages(files);

        ObjectNode v1 = TestClient.JSON.createObjectNode();
        ArrayNode inst = v1.putArray("instances");
        ObjectNode v2 = TestClient.JSON.createObjectNode();
        ObjectNode in = v2.putArray("inputs").addObject().put("name", "image").put("datatype", "BYTES");
        in.putArray("shape").add(files.size());
        ArrayNode data = in.putArray("data");
        for (Path f : files) {
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(f));
            inst.addObject().putObject("image").put("b64", b64);
            data.add(b64);
        }
        JsonNode p1 = client.post("/v1/models/digits:predict", v1).json().get("predictions");
        JsonNode p2 = client.post("/v2/models/digits/infer", v2).json().get("outputs");
        for (int i = 0; i < files.size(); i++) {
            assertThat(p1.get(i).get("prediction").asText()).isEqualTo(expected.predicted()[i]);
            assertThat(p1.get(i).get("probabilities").get("3").doubleValue())
                    .isEqualTo(Double.parseDouble(PredictionsCsv.number(expected.probabilities()[i][3])));
            assertThat(p2.get(0).get("data").get(i).asText()).isEqualTo(expected.predicted()[i]);
        }
        JsonNode meta = client.get("/v2/models/digits").json();
        assertThat(meta.get("inputs")).hasSize(1);
        assertThat(meta.get("inputs").get(0).get("datatype").asText()).isEqualTo("BYTES");

        TestClient.Reply notImage = client.post("/v1/models/digits:predict", "{\"instances\": [{\"image\": {\"b64\": \"aGVsbG8=\"}}]}");
        assertThat(notImage.status()).isEqualTo(400);
        assertThat(notImage.json().get("error").asText()).startsWith("instance 0, field 'image': is not a readable image");
    }

    @Test
    void malformedJsonAndTextInANumberColumnAre400sNamingInstanceAndFieldAndTheServerKeepsServing() {
        TestClient.Reply bad = client.post("/v1/models/iris:predict", "{\"instances\": [{\"sepal_length_cm\": 5.1,,}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).startsWith("the body is not valid JSON");

        String rows = "{\"instances\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2},"
                + " {\"sepal_length_cm\": 5.1, \"sepal_width_cm\": \"wide\", \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2}]}";
        TestClient.Reply text = client.post("/v1/models/iris:predict", rows);
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("error").asText()).startsWith("instance 1, field 'sepal_width_cm': 'wide' is not a number");
        assertThat(text.body()).doesNotContain("Exception").doesNotContain("at io.");

        TestClient.Reply nested = client.post("/v2/models/iris/infer",
                "{\"inputs\": [{\"name\": \"nope\", \"shape\": [1, 1], \"datatype\": \"FP32\", \"data\": [1]}]}");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().get("error").asText()).contains("'nope'").contains("sepal_length_cm");

        TestClient.Reply ok = client.post("/v1/models/iris:predict",
                "{\"instances\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2, \"site\": \"north\"}]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("predictions").get(0).get("prediction").asText()).isEqualTo("setosa");
    }

    @Test
    void anUnknownModelIs404AndAnUnknownPathToo() {
        TestClient.Reply r = client.post("/v1/models/penguins:predict", "{\"instances\": []}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).contains("penguins").contains("iris, diabetes, digits");
        assertThat(client.get("/v2/models/penguins").status()).isEqualTo(404);
        assertThat(client.get("/v3/anything").status()).isEqualTo(404);
        assertThat(client.get("/v2/models/iris/infer").status()).isEqualTo(405);
        assertThat(client.get("/v2/models/iris/ready").status()).isEqualTo(200);
        assertThat(client.get("/v1/models/iris").json().get("ready").asBoolean()).isTrue();
    }

    @Test
    void openApiThePageAndServerMetadataDescribeTheServer() {
        JsonNode api = client.get("/openapi.json").json();
        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.get("paths").has("/v2/models/{model}/infer")).isTrue();
        assertThat(api.get("paths").has("/v1/models/{model}:predict")).isTrue();
        assertThat(api.get("servers").get(0).get("url").asText()).isEqualTo(server.url().toString());
        TestClient.Reply page = client.get("/");
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<code>iris</code>").contains("curl").contains("/v1/models/iris:predict")
                .doesNotContain(server.token());
        assertThat(client.get("/v2").json().get("name").asText()).isEqualTo("modelbench");
    }

    @Test
    void metricsHaveModelBenchSeriesAndDriftCountsValuesOutsideTraining() {
        String drifting = "{\"instances\": [{\"sepal_length_cm\": 50, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": null, \"site\": \"mars\"}]}";
        assertThat(client.post("/v1/models/iris:predict", drifting).status()).isEqualTo(200);
        // a request is counted just after its answer is sent
        long until = System.currentTimeMillis() + 10_000;
        while (server.stats().models().stream().filter(m -> m.model().equals("iris")).findFirst().orElseThrow().requests() == 0
                && System.currentTimeMillis() < until) {
            Thread.onSpinWait();
        }
        ServeStats stats = server.stats();
        ServeStats.ModelStats iris = stats.models().stream().filter(m -> m.model().equals("iris")).findFirst().orElseThrow();
        Map<String, ColumnDrift> drift = new LinkedHashMap<>();
        iris.drift().forEach(d -> drift.put(d.column(), d));
        assertThat(drift.get("sepal_length_cm").outOfRange()).isGreaterThan(0);
        assertThat(drift.get("sepal_width_cm").outOfRange()).isLessThan(drift.get("sepal_length_cm").outOfRange());
        assertThat(drift.get("petal_width_cm").missing()).isGreaterThan(0);
        assertThat(drift.get("site").unseenCategory()).isGreaterThan(0);
        assertThat(drift.get("site").outOfRange()).isNaN();
        assertThat(iris.requests()).isGreaterThan(0);

        String metrics = client.get("/metrics").body();
        assertThat(metrics).contains("modelbench_requests_total{model=\"iris\",protocol=\"v1\",status=\"200\"}")
                .contains("modelbench_request_duration_seconds_bucket{model=\"iris\"")
                .contains("modelbench_rows_total{model=\"iris\"}")
                .contains("modelbench_requests_in_flight")
                .contains("modelbench_model_load_seconds{model=\"digits\"}")
                .contains("modelbench_input_drift_ratio{column=\"site\",kind=\"unseen_category\",model=\"iris\"}")
                .contains("jvm_memory_used_bytes{area=\"heap\"}");
    }
}
