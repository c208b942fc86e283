package io.modelbench.serve;

import io.modelbench.engine.api.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Security on by default: the token and its file, loopback, body limit, TLS, CORS, and start-up refusals. */
class ServeSecurityTest {

    static ServeConfig config(Path dir) {
        return ServeConfig.defaults().withPort(0).withTokenFile(dir.resolve("token")).withLogDir(dir.resolve("logs"));
    }

    static final String ROW = "{\"instances\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2}]}";

    @Test
    void healthNeedsNoTokenButEverythingElseDoesAndTheTokenFileIsOwnerOnly(@TempDir Path dir) throws Exception {
        try (ModelServer s = ModelServer.start(config(dir), Map.of("iris", TestModels.iris()), null)) {
            TestClient anonymous = new TestClient(s.url(), null);
            assertThat(anonymous.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(anonymous.get("/v2/health/ready").status()).isEqualTo(200);
            for (String path : List.of("/", "/v2", "/v2/models/iris", "/metrics", "/openapi.json", "/v2/models/nope")) {
                TestClient.Reply r = anonymous.get(path);
                assertThat(r.status()).as(path).isEqualTo(401);
                assertThat(r.json().get("error").asText()).contains("Authorization: Bearer");
            }
            assertThat(anonymous.post("/v1/models/iris:predict", ROW).status()).isEqualTo(401);
            assertThat(anonymous.withToken("0".repeat(64)).get("/v2/models/iris").status()).isEqualTo(401);
            assertThat(anonymous.withToken(s.token()).get("/v2/models/iris").status()).isEqualTo(200);
            assertThat(anonymous.withToken(s.token()).post("/v1/models/iris:predict", ROW).status()).isEqualTo(200);

            assertThat(s.token()).matches("[0-9a-f]{64}");
            assertThat(s.tokenFile()).isEqualTo(dir.resolve("token").toAbsolutePath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.tokenFile()))).isEqualTo("rw-------");
            assertThat(Files.readString(s.tokenFile()).strip()).isEqualTo(s.token());
            assertThat(s.url().getHost()).isEqualTo("127.0.0.1");
        }
        // the next start keeps the token clients already have
        String first = Files.readString(dir.resolve("token")).strip();
        try (ModelServer again = ModelServer.start(config(dir), Map.of("iris", TestModels.iris()), null)) {
            assertThat(again.token()).isEqualTo(first);
        }
    }

    @Test
    void aTokenFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "a".repeat(64));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ModelServer.start(config(dir), Map.of("iris", TestModels.iris()), null))
                .isInstanceOf(InputException.class).hasMessageContaining("can be read by others").hasMessageContaining("chmod 600");
    }

    @Test
    void noTokenIsRefusedOffLoopbackAndServesOpenlyOnLoopback(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelServer.start(config(dir).withHost("0.0.0.0").withNoToken(true), Map.of("iris", TestModels.iris()), null))
                .isInstanceOf(InputException.class).hasMessageContaining("--no-token").hasMessageContaining("loopback");
        try (ModelServer s = ModelServer.start(config(dir).withNoToken(true), Map.of("iris", TestModels.iris()), null)) {
            assertThat(s.token()).isNull();
            assertThat(new TestClient(s.url(), null).post("/v1/models/iris:predict", ROW).status()).isEqualTo(200);
            assertThat(dir.resolve("token")).doesNotExist();
        }
    }

    @Test
    void aBodyOverTheLimitIs413AndTheServerKeepsServing(@TempDir Path dir) {
        try (ModelServer s = ModelServer.start(config(dir), Map.of("iris", TestModels.iris()), null)) {
            TestClient c = new TestClient(s.url(), s.token());
            StringBuilder big = new StringBuilder("{\"instances\": [");
            while (big.length() < ServeConfig.DEFAULT_MAX_BODY_BYTES + 1000) {
                big.append("{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2},");
            }
            big.setLength(big.length() - 1);
            big.append("]}");
            TestClient.Reply r = c.post("/v1/models/iris:predict", big.toString());
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.json().get("error").asText()).contains("--max-body-mb");
            assertThat(c.post("/v1/models/iris:predict", ROW).status()).isEqualTo(200);
        }
        try (ModelServer small = ModelServer.start(config(dir).withMaxBodyBytes(100), Map.of("iris", TestModels.iris()), null)) {
            assertThat(new TestClient(small.url(), small.token()).post("/v1/models/iris:predict", ROW).status()).isEqualTo(413);
        }
    }

    @Test
    void aBusyPortAndABadZipAreRefusedBeforeListening(@TempDir Path dir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ModelServer.start(config(dir).withPort(busy.getLocalPort()), Map.of("iris", TestModels.iris()), null))
                    .isInstanceOf(InputException.class).hasMessageContaining("--port").hasMessageContaining("in use");
        }
        Path notAModel = dir.resolve("notes.zip");
        Files.writeString(notAModel, "not a zip");
        assertThatThrownBy(() -> ModelServer.start(config(dir), Map.of("iris", notAModel), null))
                .isInstanceOf(InputException.class).hasMessageContaining("notes.zip");
        assertThatThrownBy(() -> ModelServer.start(config(dir), Map.of("bad name/", TestModels.iris()), null))
                .isInstanceOf(InputException.class).hasMessageContaining("model name");
    }

    @Test
    void tlsServesHttpsWithAPkcs12KeystoreMadeByKeytool(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "secret12", "-keypass", "secret12")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        try (ModelServer s = ModelServer.start(config(dir).withTls(ks, "secret12".toCharArray()), Map.of("iris", TestModels.iris()), null)) {
            assertThat(s.url().getScheme()).isEqualTo("https");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "secret12".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
            TestClient c = new TestClient(https, s.url(), s.token());
            assertThat(c.post("/v1/models/iris:predict", ROW).json().get("predictions").get(0).get("prediction").asText()).isEqualTo("setosa");
            // plain HTTP to the TLS port gets no answer
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + s.port() + "/v2/health/live"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
        assertThatThrownBy(() -> ModelServer.start(config(dir).withTls(ks, "wrong".toCharArray()), Map.of("iris", TestModels.iris()), null))
                .isInstanceOf(InputException.class).hasMessageContaining("server.p12");
    }

    @Test
    void corsIsOffUnlessAnOriginIsGiven(@TempDir Path dir) {
        HttpRequest.Builder fromPage = HttpRequest.newBuilder().header("Origin", "https://app.example");
        try (ModelServer off = ModelServer.start(config(dir), Map.of("iris", TestModels.iris()), null)) {
            TestClient c = new TestClient(off.url(), off.token());
            var r = c.send(fromPage.copy().uri(off.url().resolve("/v2/health/live")).GET().build());
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
        try (ModelServer on = ModelServer.start(config(dir).withCorsOrigin("https://app.example"), Map.of("iris", TestModels.iris()), null)) {
            TestClient c = new TestClient(on.url(), on.token());
            var r = c.send(fromPage.copy().uri(on.url().resolve("/v2/health/live")).GET().build());
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
            var preflight = c.send(fromPage.copy().uri(on.url().resolve("/v1/models/iris:predict"))
                    .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(v -> assertThat(v).contains("Authorization"));
            var other = c.send(HttpRequest.newBuilder(on.url().resolve("/v2/health/live")).header("Origin", "https://evil.example").GET().build());
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
