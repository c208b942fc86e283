package io.modelbench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Many clients at once, shutting down with requests in flight, swapping a model under load, the request log. */
class ServeLoadTest {

    static String row(int i) {
        double[] a = {5.1, 6.4, 7.7, 5.0, 6.1};
        return "{\"instances\": [{\"sepal_length_cm\": " + a[i % 5] + ", \"sepal_width_cm\": 3.0, \"petal_length_cm\": " + (1 + i % 6)
                + ", \"petal_width_cm\": " + (0.2 + (i % 4) * 0.5) + ", \"site\": \"north\"}]}";
    }

    @Test
    void sixteenClientsTimesAHundredRequestsAllSucceedWithTheAnswersOfRequestsAlone(@TempDir Path dir) throws Exception {
        ConcurrentLinkedQueue<ServedRequest> seen = new ConcurrentLinkedQueue<>();
        try (ModelServer s = ModelServer.start(ServeSecurityTest.config(dir), Map.of("iris", TestModels.iris()), seen::add)) {
            TestClient one = new TestClient(s.url(), s.token());
            List<String> alone = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                alone.add(one.post("/v1/models/iris:predict", row(i)).body());
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            AtomicInteger failures = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    TestClient tc = new TestClient(s.url(), s.token());
                    for (int i = 0; i < 100; i++) {
                        int k = (client * 100 + i) % 20;
                        TestClient.Reply r = tc.post("/v1/models/iris:predict", row(k));
                        if (r.status() != 200 || !r.body().equals(alone.get(k))) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(failures).hasValue(0);
            // a request is counted just after its answer is sent: the last ones may still be on their way
            long until = System.currentTimeMillis() + 10_000;
            while (s.stats().models().get(0).requests() < 1620 && System.currentTimeMillis() < until) {
                Thread.sleep(5);
            }
            ServeStats stats = s.stats();
            assertThat(stats.models().get(0).requests()).isEqualTo(1620);
            assertThat(stats.models().get(0).errors()).isZero();
            assertThat(stats.requestsPerSecond()).isGreaterThan(0);
            assertThat(stats.p99Ms()).isGreaterThanOrEqualTo(stats.p50Ms());
            assertThat(s.metrics().scrape().length).isGreaterThan(0);
            assertThat(new String(s.metrics().scrape(), StandardCharsets.UTF_8)).contains("modelbench_batch_rows_bucket");
        }
        assertThat(seen).hasSize(1620).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        List<String> log = Files.readAllLines(dir.resolve("logs").resolve(RequestLog.FILE));
        assertThat(log).hasSize(1620);
        JsonNode line = TestClient.JSON.readTree(log.get(0));
        assertThat(line.fieldNames()).toIterable().containsExactly("time", "request_id", "model", "protocol", "status", "rows", "latency_ms", "client");
        assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
        assertThat(String.join("\n", log)).doesNotContain("sepal").doesNotContain("north").doesNotContain("instances");
    }

    /** A request on a plain socket, sent up to the middle of its body: in flight until {@link #finish}. */
    static Socket halfSent(ModelServer s, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Socket sock = new Socket(s.url().getHost(), s.port());
        String head = "POST /v1/models/iris:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = sock.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(b, 0, b.length / 2);
        out.flush();
        return sock;
    }

    /** Sends the rest of the body and reads the whole answer. */
    static String finish(Socket sock, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        sock.getOutputStream().write(b, b.length / 2, b.length - b.length / 2);
        sock.getOutputStream().flush();
        String answer = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        sock.close();
        return answer;
    }

    @Test
    void closeWithRequestsInFlightAnswersThemAllFirst(@TempDir Path dir) throws Exception {
        ModelServer s = ModelServer.start(ServeSecurityTest.config(dir), Map.of("iris", TestModels.iris()), null);
        List<Socket> flying = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            flying.add(halfSent(s, row(i)));
        }
        long until = System.currentTimeMillis() + 60_000;
        while (s.stats().inFlight() < 4 && System.currentTimeMillis() < until) {
            Thread.sleep(5);
        }
        assertThat(s.stats().inFlight()).as("four requests half sent").isEqualTo(4);
        Thread closer = new Thread(s::close);
        closer.start();
        while (s.ready() && closer.isAlive()) {
            Thread.sleep(1);
        }
        Thread.sleep(200);
        assertThat(closer.isAlive()).as("close waits for the requests in flight").isTrue();
        for (int i = 0; i < 4; i++) {
            String answer = finish(flying.get(i), row(i));
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"prediction\"");
        }
        closer.join(60_000);
        assertThat(closer.isAlive()).isFalse();
        assertThatThrownBy(() -> new TestClient(s.url(), s.token()).get("/v2/health/live"))
                .as("the closed server no longer listens").hasRootCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
    }

    @Test
    void swappingAModelUnderLoadDropsNoRequest(@TempDir Path dir) throws Exception {
        Path newer = dir.resolve("iris-newer.zip");
        Files.copy(TestModels.iris(), newer);
        try (ModelServer s = ModelServer.start(ServeSecurityTest.config(dir), Map.of("iris", TestModels.iris()), null)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger ok = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            long end = System.currentTimeMillis() + 2500;
            for (int c = 0; c < 4; c++) {
                done.add(pool.submit(() -> {
                    TestClient tc = new TestClient(s.url(), s.token());
                    for (int i = 0; System.currentTimeMillis() < end; i++) {
                        if (tc.post("/v1/models/iris:predict", row(i)).status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            Thread.sleep(800);
            s.swap("iris", newer);
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(failures).hasValue(0);
            assertThat(ok.get()).isGreaterThan(10);
            JsonNode meta = new TestClient(s.url(), s.token()).get("/v2/models/iris").json();
            assertThat(meta.get("parameters").get("model_file").asText()).isEqualTo("iris-newer.zip");
        }
    }
}
