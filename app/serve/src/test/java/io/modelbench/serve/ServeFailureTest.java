package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client sees when the server fails, and that one large request does not hold up small ones. */
class ServeFailureTest {

    @Test
    void anUnexpectedFailureIs500WithARequestIdThatTheLogHasAndTheServerGoesOn(@TempDir Path dir) throws Exception {
        try (ModelServer s = ModelServer.start(ServeSecurityTest.config(dir).withWorkers(1), Map.of("iris", TestModels.iris()), null)) {
            TestClient c = new TestClient(s.url(), s.token());
            assertThat(c.post("/v1/models/iris:predict", ServeSecurityTest.ROW).status()).isEqualTo(200);
            s.hosted("iris").model.network().close(); // frees the network under the only worker: its next call fails
            TestClient.Reply r = c.post("/v1/models/iris:predict", ServeSecurityTest.ROW);
            assertThat(r.status()).isEqualTo(500);
            String id = r.json().get("request_id").asText();
            assertThat(r.json().get("error").asText()).contains(id).doesNotContain("Exception");
            assertThat(r.headers().firstValue("X-Request-Id")).hasValue(id);
            assertThat(c.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(c.get("/v2/models/iris").status()).isEqualTo(200);
        }
        List<String> log = Files.readAllLines(dir.resolve("logs").resolve(RequestLog.FILE));
        JsonNode failed = log.stream().map(l -> {
            try {
                return TestClient.JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).filter(n -> n.get("status").asInt() == 500).findFirst().orElseThrow();
        assertThat(failed.get("request_id").asText()).isNotBlank();
        assertThat(failed.get("model").asText()).isEqualTo("iris");
    }

    @Test
    void smallRequestsAreAnsweredWhileALargeOneIsPredicted(@TempDir Path dir) throws Exception {
        StringBuilder big = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < 60_000; i++) {
            big.append(i == 0 ? "" : ",").append("{\"sepal_length_cm\": ").append(4 + i % 40 / 10.0)
                    .append(", \"sepal_width_cm\": 3, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2, \"site\": \"east\"}");
        }
        big.append("]}");
        try (ModelServer s = ModelServer.start(ServeSecurityTest.config(dir).withMaxBodyBytes(64L << 20), Map.of("iris", TestModels.iris()), null)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> large = http.sendAsync(HttpRequest.newBuilder(s.url().resolve("/v1/models/iris:predict"))
                    .header("Authorization", "Bearer " + s.token()).POST(HttpRequest.BodyPublishers.ofString(big.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            long until = System.currentTimeMillis() + 10_000;
            while (s.stats().inFlight() == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(1);
            }
            TestClient c = new TestClient(s.url(), s.token());
            int answeredMeanwhile = 0;
            for (int i = 0; i < 5; i++) {
                assertThat(c.post("/v1/models/iris:predict", ServeSecurityTest.ROW).status()).isEqualTo(200);
                if (!large.isDone()) {
                    answeredMeanwhile++;
                }
            }
            assertThat(answeredMeanwhile).as("small requests answered while the large one was in flight").isEqualTo(5);
            HttpResponse<String> r = large.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestClient.JSON.readTree(r.body()).get("predictions")).hasSize(60_000);
        }
    }
}
