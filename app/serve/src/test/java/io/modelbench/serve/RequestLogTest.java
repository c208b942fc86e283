package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogTest {

    @Test
    void theLogRotatesBySizeKeepingFiveOlderFilesOfWholeJsonLines(@TempDir Path dir) throws Exception {
        try (RequestLog log = new RequestLog(dir, 2000)) {
            for (int i = 0; i < 300; i++) {
                log.write(new ServedRequest(Instant.now(), "id-" + i, "iris", "v1", 200, 1, 1.5, "127.0.0.1", null));
            }
        }
        assertThat(dir.resolve("requests.jsonl")).exists();
        for (int i = 1; i <= RequestLog.KEEP; i++) {
            assertThat(dir.resolve(RequestLog.rotated(i))).exists();
            assertThat(Files.size(dir.resolve(RequestLog.rotated(i)))).isLessThanOrEqualTo(2000);
        }
        assertThat(dir.resolve(RequestLog.rotated(RequestLog.KEEP + 1))).doesNotExist();
        List<String> newest = new ArrayList<>(Files.readAllLines(dir.resolve(RequestLog.rotated(1))));
        newest.addAll(Files.readAllLines(dir.resolve("requests.jsonl")));
        for (String line : newest) {
            JsonNode n = TestClient.JSON.readTree(line);
            assertThat(n.get("status").asInt()).isEqualTo(200);
        }
        // the last request is the last line of the current file, the ones before it in order
        assertThat(TestClient.JSON.readTree(newest.get(newest.size() - 1)).get("request_id").asText()).isEqualTo("id-299");
    }

    @Test
    void latencyPercentilesAndRateCoverTheWindow() {
        LatencyWindow w = new LatencyWindow();
        long now = System.nanoTime();
        for (int i = 1; i <= 100; i++) {
            w.add(now - 1_000_000_000L + i, i);
        }
        w.add(now - 20_000_000_000L, 1000); // too old: not counted
        double[] s = w.summary(now, 5);
        assertThat(s[1]).isEqualTo(50);
        assertThat(s[2]).isEqualTo(95);
        assertThat(s[3]).isEqualTo(99);
        assertThat(s[0]).isGreaterThan(0);
    }
}
