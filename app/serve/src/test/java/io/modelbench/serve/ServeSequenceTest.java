package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.train.Trainer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sequence classifiers served: whole sequences over KServe v1 (a list of steps, an object of channels, a plain list
 * for one channel; instances of different lengths in one request) and OIP v2 (one tensor {@code sequence} of shape
 * [n, steps, channels]) get what {@code modelbench predict} ({@link Exports#predict}) writes for the same sequences in
 * a long table; the metadata says the channels and the steps read; bad input is a 400 naming the instance and step.
 */
class ServeSequenceTest {

    @TempDir
    static Path work;
    static ModelServer server;
    static TestClient client;
    static Path trend;
    static Path level;

    /** Sequences whose channel a rises ("up") or falls; {@code lengths} fixed or 4..24 steps at random; b is noise. */
    static Table sequences(int n, long seed, boolean varying, boolean withB) {
        Random r = new Random(seed);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean up = r.nextBoolean();
            int len = varying ? 4 + r.nextInt(21) : 6;
            for (int k = 0; k < len; k++) {
                String a = Double.toString(Math.round(((up ? 0.3 : -0.3) * k + r.nextGaussian() * 0.5) * 1000) / 1000.0);
                String b = Double.toString(Math.round(r.nextGaussian() * 1000) / 1000.0);
                rows.add(withB ? new String[] {"s" + i, Integer.toString(k), a, b, up ? "up" : "down"}
                        : new String[] {"s" + i, Integer.toString(k), a, up ? "up" : "down"});
            }
        }
        long[] lines = java.util.stream.LongStream.range(2, rows.size() + 2L).toArray();
        return new Table("seq.csv", withB ? List.of("id", "t", "a", "b", "label") : List.of("id", "t", "a", "label"), rows, lines, null);
    }

    private static Path train(Table t, String name) {
        var d = Datasets.sequences(t, "id", "t", "label", List.of());
        TrainingSettings s = TrainingSettings.defaults().withEpochs(4).withLearningRate(0.01).withModel(ModelSpec.lstm(1));
        var o = new Trainer().train(d, new TrainingRequest("label", null, List.of(), SplitSettings.defaults(42), s),
                TrainingListener.NONE, new StopSignal(), null);
        Path zip = work.resolve(name + ".zip");
        ModelFiles.save(o.model(), zip);
        return zip;
    }

    @BeforeAll
    static void start() {
        TestModels.dir();   // loads the native backend
        trend = train(sequences(200, 7, true, true), "trend");
        level = train(sequences(100, 8, false, false), "level");
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("trend", trend);
        models.put("level", level);
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

    /** predict's probabilities for the long table, one row per sequence in the table's order. */
    private static double[][] predicted(Path zip, Table t) {
        return Exports.predict(ModelFiles.load(zip), t).predictions().probabilities();
    }

    /** Sequence {@code i}'s rows of the long table, as [steps][channels] text. */
    private static List<String[]> steps(Table t, String id, int channels) {
        List<String[]> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.value(r, 0).equals(id)) {
                out.add(java.util.Arrays.copyOfRange(t.row(r), 2, 2 + channels));
            }
        }
        return out;
    }

    private static void assertProbabilities(JsonNode probabilities, double[] expected, List<String> labels) {
        for (int k = 0; k < labels.size(); k++) {
            assertThat(probabilities.get(labels.get(k)).asDouble()).isCloseTo(expected[k], Offset.offset(1e-6));
        }
    }

    @Test
    void sequencesOfDifferentLengthsGetPredictsAnswersAsStepsAsChannelsAndAsOneTensor() {
        Table t = sequences(5, 99, true, true);
        double[][] expected = predicted(trend, t);
        List<String> labels = List.of("down", "up");
        StringBuilder body = new StringBuilder("{\"instances\": [");
        List<List<String[]>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String[]> s = steps(t, "s" + i, 2);
            all.add(s);
            body.append(i == 0 ? "" : ", ");
            if (i % 2 == 0) {   // a list of steps [[a, b], ...]
                body.append(s.stream().map(x -> "[" + x[0] + ", " + x[1] + "]").reduce((a, b) -> a + ", " + b).map(x -> "[" + x + "]").get());
            } else {   // channels by name
                body.append("{\"a\": [").append(String.join(", ", s.stream().map(x -> x[0]).toList())).append("], \"b\": [")
                        .append(String.join(", ", s.stream().map(x -> x[1]).toList())).append("]}");
            }
        }
        assertThat(all.stream().map(List::size).distinct().count()).isGreaterThan(1);   // lengths differ within the request
        TestClient.Reply v1 = client.post("/v1/models/trend:predict", body.append("]}").toString());
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertProbabilities(v1.json().get("predictions").get(i).get("probabilities"), expected[i], labels);
            assertThat(v1.json().get("predictions").get(i).get("prediction").asText()).isEqualTo(labels.get(expected[i][0] > expected[i][1] ? 0 : 1));
        }

        List<String[]> one = all.get(3);
        StringBuilder flat = new StringBuilder();
        one.forEach(x -> flat.append(flat.length() == 0 ? "" : ", ").append(x[0]).append(", ").append(x[1]));
        TestClient.Reply v2 = client.post("/v2/models/trend/infer", "{\"inputs\": [{\"name\": \"sequence\", \"shape\": [1, " + one.size()
                + ", 2], \"datatype\": \"FP32\", \"data\": [" + flat + "]}]}");
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        JsonNode probs = v2.json().get("outputs").get(1);
        assertThat(probs.get("name").asText()).isEqualTo("probabilities");
        assertThat(probs.get("data").get(0).asDouble()).isCloseTo(expected[3][0], Offset.offset(1e-6));
        assertThat(probs.get("data").get(1).asDouble()).isCloseTo(expected[3][1], Offset.offset(1e-6));

        JsonNode meta = client.get("/v2/models/trend").json();
        assertThat(meta.get("inputs").size()).isEqualTo(1);
        assertThat(meta.get("inputs").get(0).get("name").asText()).isEqualTo("sequence");
        assertThat(meta.get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,-1,2]");
        assertThat(meta.get("parameters").get("channels").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(meta.get("parameters").get("steps").asInt()).isEqualTo(24);
        assertThat(meta.get("parameters").get("min_steps").asInt()).isEqualTo(1);
        assertThat(meta.get("parameters").get("labels").toString()).isEqualTo("[\"down\",\"up\"]");
        JsonNode v1meta = client.get("/v1/models/trend").json();
        assertThat(v1meta.get("steps").asInt()).isEqualTo(24);
        assertThat(v1meta.get("channels").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void aOneChannelModelTakesPlainListsAndATensorOfItsSteps() {
        Table t = sequences(2, 5, false, false);
        double[][] expected = predicted(level, t);
        List<String> a = steps(t, "s0", 1).stream().map(x -> x[0]).toList();
        List<String> b = steps(t, "s1", 1).stream().map(x -> x[0]).toList();
        TestClient.Reply v1 = client.post("/v1/models/level:predict", "{\"instances\": [[" + String.join(", ", a) + "], ["
                + String.join(", ", b) + "]]}");
        assertThat(v1.status()).as(v1.body()).isEqualTo(200);
        assertProbabilities(v1.json().get("predictions").get(1).get("probabilities"), expected[1], List.of("down", "up"));
        TestClient.Reply v2 = client.post("/v2/models/level/infer", "{\"inputs\": [{\"name\": \"sequence\", \"shape\": [2, 6],"
                + " \"datatype\": \"FP64\", \"data\": [" + String.join(", ", a) + ", " + String.join(", ", b) + "]}]}");
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        assertThat(v2.json().get("outputs").get(1).get("data").get(2).asDouble()).isCloseTo(expected[1][0], Offset.offset(1e-6));
        assertThat(client.get("/v2/models/level").json().get("inputs").get(0).get("shape").toString()).isEqualTo("[-1,6,1]");
    }

    @Test
    void badSequencesAreA400NamingTheInstanceAndTheStep() {
        TestClient.Reply tooLong = client.post("/v1/models/trend:predict", "{\"instances\": [[[1, 2]], " + "[[1, 2]]".repeat(0)
                + "[" + "[1, 2], ".repeat(24) + "[1, 2]]]}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("error").asText()).startsWith("instance 1 has 25 steps; the model reads 1 to 24: send a sequence of 1 "
                + "to 24 steps, oldest first, each step the values of a, b");
        TestClient.Reply step = client.post("/v1/models/trend:predict", "{\"instances\": [[[1, 2], [3], [5, 6]]]}");
        assertThat(step.status()).isEqualTo(400);
        assertThat(step.json().get("error").asText()).isEqualTo("instance 0, step 2 has 1 values; the model reads 2 per step: a, b");
        TestClient.Reply notANumber = client.post("/v1/models/trend:predict", "{\"instances\": [{\"a\": [1, 2], \"b\": [3, \"x\"]}]}");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("error").asText()).startsWith("instance 0, step 2, channel 'b': expected a number");
        TestClient.Reply exact = client.post("/v1/models/level:predict", "{\"instances\": [[1, 2, 3]]}");
        assertThat(exact.status()).isEqualTo(400);
        assertThat(exact.json().get("error").asText()).startsWith("instance 0 has 3 steps; the model reads 6");
        TestClient.Reply wrongName = client.post("/v2/models/trend/infer",
                "{\"inputs\": [{\"name\": \"window\", \"shape\": [1, 2, 2], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}");
        assertThat(wrongName.status()).isEqualTo(400);
        assertThat(wrongName.json().get("error").asText()).contains("one input named 'sequence', shape [n, steps, 2]");
        TestClient.Reply values = client.post("/v2/models/trend/infer",
                "{\"inputs\": [{\"name\": \"sequence\", \"shape\": [2, 2, 2], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}");
        assertThat(values.status()).isEqualTo(400);
        assertThat(values.json().get("error").asText()).contains("has shape [2,2,2] but 4 values (need 8)");
    }

    /**
     * A served sequence's values count towards the drift of the card's columns {@code channel@k} (the training range of
     * each step): a of 50 at steps 1 and 2 is out of every range the training sequences had; a sequence of 2 steps
     * gives no value to the columns of steps 3 on.
     */
    @Test
    void servedSequencesCountTowardsEachStepColumnsDrift() throws Exception {
        try (ModelServer own = ModelServer.start(ServeConfig.defaults().withPort(0).withTokenFile(work.resolve("token"))
                .withLogDir(work.resolve("logs-drift")), Map.of("trend", trend), ServeListener.NONE)) {
            TestClient c = new TestClient(own.url(), own.token());
            TestClient.Reply r = c.post("/v1/models/trend:predict", "{\"instances\": [[[50, 0.1], [50, 0.2], [0.5, 0.3]],"
                    + " {\"a\": [0.1, 0.2], \"b\": [0.0, 0.1]}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            Map<String, ColumnDrift> drift = new LinkedHashMap<>();
            own.stats().models().get(0).drift().forEach(d -> drift.put(d.column(), d));
            assertThat(drift.get("a@1").values()).isEqualTo(2);
            assertThat(drift.get("a@1").outOfRange()).isEqualTo(0.5);
            assertThat(drift.get("a@2").outOfRange()).isEqualTo(0.5);
            assertThat(drift.get("b@1").outOfRange()).isEqualTo(0.0);
            assertThat(drift.get("a@3").values()).isEqualTo(1);
            assertThat(drift.get("a@3").outOfRange()).isEqualTo(0.0);
            assertThat(drift.get("a@4").values()).isZero();
        }
    }
}
