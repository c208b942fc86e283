package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code modelbench serve} as a process, as users and init systems run it: the ready line, requests, SIGTERM. */
class CliServeIT {

    @TempDir
    static Path work;
    static Path jar;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        String p = System.getProperty("cli.jar");
        assertThat(p).as("system property cli.jar (set by failsafe)").isNotBlank();
        jar = Path.of(p).toAbsolutePath();
        model = work.resolve("iris.zip");
        Proc r = run("train", "--data", "sample:iris", "--out", model.toString(), "--epochs", "5");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    record Proc(int exitCode, List<String> out, List<String> err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" + String.join("\n", err);
        }
    }

    static List<String> command(String... args) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs the jar to its end (stdout and stderr to files). */
    static Proc run(String... args) throws Exception {
        Path out = Files.createTempFile(work, "stdout", ".txt");
        Path err = Files.createTempFile(work, "stderr", ".txt");
        Process p = new ProcessBuilder(command(args)).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("modelbench did not finish in 180 s: " + List.of(args));
        }
        return new Proc(p.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }

    static Process serve(List<String> extra, Path stderr) throws Exception {
        List<String> cmd = command("serve");
        cmd.addAll(extra);
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectError(stderr.toFile()).start();
    }

    @Test
    void theReadyLineThenRequestsThenSigtermStopsItWithExitZero() throws Exception {
        Path err = work.resolve("serve.err");
        Process p = serve(List.of("--model", "iris=" + model, "--port", "0", "--token-file", work.resolve("token").toString(),
                "--log-dir", work.resolve("logs").toString()), err);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String ready = line.get(120, TimeUnit.SECONDS);
            assertThat(ready).as(Files.readString(err)).isNotNull();
            JsonNode j = CliRun.parse(ready);
            assertThat(j.fieldNames()).toIterable().containsExactly("url", "models", "token_file", "log_dir");
            assertThat(j.get("url").asText()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(j.get("models").toString()).isEqualTo("[\"iris\"]");
            assertThat(j.get("token_file").asText()).isEqualTo(work.resolve("token").toAbsolutePath().toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("token")))).isEqualTo("rw-------");
            String token = Files.readString(work.resolve("token")).strip();

            URI base = URI.create(j.get("url").asText());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/v2/health/ready")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/v2/models/iris")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            HttpResponse<String> pred = http.send(HttpRequest.newBuilder(base.resolve("/v1/models/iris:predict"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, "
                            + "\"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pred.statusCode()).as(pred.body()).isEqualTo(200);
            assertThat(pred.body()).contains("\"prediction\":\"setosa\"");

            // SIGTERM as an init system sends it (Process.destroy would also close our end of stdout)
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            assertThat(out.readLine()).as("nothing after the ready line on stdout").isNull();
            assertThat(Files.readAllLines(work.resolve("logs").resolve("requests.jsonl"))).hasSize(3);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBusyPortOrABadZipIsExitTwoWithOneLineBeforeListening() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Proc r = run("serve", "--model", "iris=" + model, "--port", Integer.toString(busy.getLocalPort()),
                    "--token-file", work.resolve("token2").toString(), "--log-dir", work.resolve("logs2").toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).hasSize(1);
            assertThat(r.err().get(0)).startsWith("error: setting '--port' = '" + busy.getLocalPort() + "'").contains("in use");
        }
        Path bad = work.resolve("broken.zip");
        Files.writeString(bad, "PK not really");
        Proc r = run("serve", "--model", "m=" + bad, "--port", "0", "--token-file", work.resolve("token3").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).hasSize(1);
        assertThat(r.err().get(0)).startsWith("error: " + bad);
        assertThat(work.resolve("token3")).as("nothing was set up for a server that did not start").doesNotExist();
    }
}
