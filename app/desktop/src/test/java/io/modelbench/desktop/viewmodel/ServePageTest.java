package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.serve.ColumnDrift;
import io.modelbench.serve.ServeConfig;
import io.modelbench.serve.ServedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Serve page's view model with no toolkit: every executor runs on the calling thread, so Start, Stop and
 * Replace have finished when they return, and a real server (port 0) answers real HTTP requests.
 */
class ServePageTest {

    private final Executor direct = Runnable::run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MainViewModel vm;
    @TempDir
    Path home;

    @AfterEach
    void tearDown() {
        if (vm != null) {
            vm.serve().close();
        }
    }

    private MainViewModel trained(int epochs) {
        vm = opened();
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set(String.valueOf(epochs));
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        return vm;
    }

    /**
     * The app with the backend loaded and the server's token and request log in the test's temporary folder (not the
     * user's ~/.modelbench/serve), no data open yet.
     */
    private MainViewModel opened() {
        MainViewModel m = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        m.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        m.serve().setBaseConfig(ServeConfig.defaults().withTokenFile(home.resolve("token")).withLogDir(home.resolve("logs")));
        return m;
    }

    /** Trains on what {@link #vm} has open with the Train page's settings, then serves the run on a free port. */
    private ServeViewModel trainedAndServed() {
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        ServeViewModel serve = vm.serve();
        serve.portProperty().set("0");
        serve.start();
        assertThat(serve.errorProperty().get()).isEmpty();
        return serve;
    }

    private HttpResponse<String> predict(ServeViewModel serve, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(serve.urlProperty().get() + "/v1/models/" + serve.nameProperty().get() + ":predict"))
                .header("Authorization", "Bearer " + serve.token()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCurrentRunIsServedAndEveryRequestShowsInTheTableTheChartsAndTheDrift() throws Exception {
        ServeViewModel serve = trained(3).serve();
        assertThat(serve.getSources()).containsExactly(ModelSource.current());
        assertThat(serve.nameProperty().get()).isEqualTo("iris");
        serve.portProperty().set("0");
        assertThat(serve.canStartBinding().get()).isTrue();

        serve.start();

        assertThat(serve.errorProperty().get()).isEmpty();
        assertThat(serve.runningProperty().get()).isTrue();
        assertThat(serve.urlProperty().get()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
        assertThat(serve.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Files.readString(Path.of(serve.tokenFileProperty().get())).strip()).isEqualTo(serve.token());
        // ready to paste: the real URL and name, a row of the model's inputs, the token read from its file
        assertThat(serve.curlProperty().get()).contains(serve.urlProperty().get() + "/v1/models/iris:predict")
                .contains("$(cat '" + serve.tokenFileProperty().get() + "')").contains("\"sepal_length_cm\": ")
                .doesNotContain(serve.token());
        assertThat(serve.pythonProperty().get()).contains("requests.post(").contains("\"petal_width_cm\": ")
                .doesNotContain(serve.token());
        assertThat(serve.canStartBinding().get()).isFalse();
        assertThat(serve.canReplaceBinding().get()).as("nothing newer than the served run").isFalse();

        // the snippet's own example row
        String example = serve.curlProperty().get().replaceAll("(?s).*-d '(.*)'\\s*$", "$1");
        HttpResponse<String> ok = predict(serve, example);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"predictions\"");
        HttpResponse<String> bad = predict(serve, "{\"instances\": [{\"sepal_length_cm\": \"long\", \"sepal_width_cm\": 3,"
                + " \"petal_length_cm\": 99, \"petal_width_cm\": 0.2}]}");
        assertThat(bad.statusCode()).isEqualTo(400);

        List<ServedRequest> seen = awaitRequests(serve, 2);
        assertThat(seen.get(0).status()).as("newest first").isEqualTo(400);
        assertThat(seen.get(1).status()).isEqualTo(200);
        assertThat(seen.get(1).rows()).isEqualTo(1);
        assertThat(seen.get(1).model()).isEqualTo("iris");
        assertThat(serve.monitor().getErrors()).hasSize(1);
        assertThat(serve.monitor().getErrors().get(0)).contains(" 400 ").contains(seen.get(0).requestId()).contains("sepal_length_cm");

        serve.refreshStats();
        assertThat(serve.monitor().getPoints()).hasSize(1);
        assertThat(serve.monitor().summaryProperty().get()).startsWith("2 requests · 1 error · last 5 s: ");
        assertThat(serve.monitor().getDrift()).extracting(ColumnDrift::column)
                .contains("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");

        serve.stop();
        assertThat(serve.runningProperty().get()).isFalse();
        assertThat(serve.urlProperty().get()).isEmpty();
        assertThat(serve.messageProperty().get()).contains("after 2 requests");
        assertThat(serve.canStartBinding().get()).isTrue();
    }

    @Test
    void aNewerRunReplacesTheServedModelWhileTheServerKeepsAnswering() throws Exception {
        ServeViewModel serve = trained(2).serve();
        serve.portProperty().set("0");
        serve.start();
        String url = serve.urlProperty().get();
        String row = "{\"instances\": [{\"sepal_length_cm\": 6.7, \"sepal_width_cm\": 3.0, \"petal_length_cm\": 5.2, \"petal_width_cm\": 2.3}]}";
        assertThat(predict(serve, row).statusCode()).isEqualTo(200);

        vm.train().epochsProperty().set("4");
        vm.train().start();
        assertThat(serve.canReplaceBinding().get()).isTrue();
        serve.replaceWithCurrentRun();

        assertThat(serve.errorProperty().get()).isEmpty();
        assertThat(serve.messageProperty().get()).startsWith("Replaced at");
        assertThat(serve.canReplaceBinding().get()).isFalse();
        assertThat(serve.urlProperty().get()).as("the same server").isEqualTo(url);
        assertThat(predict(serve, row).statusCode()).isEqualTo(200);
        assertThat(awaitRequests(serve, 2)).extracting(ServedRequest::status).containsExactly(200, 200);
    }

    @Test
    void badSettingsAndABusyPortAreNamedAndNothingRuns() throws Exception {
        ServeViewModel serve = trained(1).serve();
        serve.portProperty().set("80a");
        serve.start();
        assertThat(serve.errorProperty().get()).contains("'port'").contains("0 for any free port");
        serve.portProperty().set("0");
        serve.nameProperty().set("my model");
        serve.start();
        assertThat(serve.errorProperty().get()).contains("'name'").contains("letters, digits");
        assertThat(serve.runningProperty().get()).isFalse();

        serve.nameProperty().set("iris");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            serve.portProperty().set(String.valueOf(taken.getLocalPort()));
            serve.start();
            assertThat(serve.errorProperty().get()).contains("'port'").contains(String.valueOf(taken.getLocalPort()));
            assertThat(serve.errorProperty().get()).doesNotContain("Exception");
            assertThat(serve.runningProperty().get()).isFalse();
            assertThat(serve.busyProperty().get()).isFalse();
        }
    }

    @Test
    void anExportedZipAndTheProjectsRunsCanBeServed(@TempDir Path dir) throws Exception {
        MainViewModel app = trained(2);
        Path zip = dir.resolve("flowers-model.zip");
        app.export().export(zip);
        ServeViewModel serve = app.serve();
        serve.addZip(zip);
        assertThat(serve.sourceProperty().get()).isEqualTo(ModelSource.file(zip));
        assertThat(serve.nameProperty().get()).isEqualTo("flowers");
        serve.portProperty().set("0");
        serve.start();
        assertThat(serve.errorProperty().get()).isEmpty();
        assertThat(serve.servedProperty().get()).startsWith("flowers from flowers-model.zip");
        assertThat(serve.canReplaceBinding().get()).isFalse();
        // a run that finishes while the zip is served can replace it
        app.train().start();
        assertThat(serve.canReplaceBinding().get()).isTrue();
        serve.replaceWithCurrentRun();
        assertThat(serve.servedProperty().get()).startsWith("flowers from the current run");
        serve.stop();
        assertThat(Files.exists(zip)).as("a chosen zip is never deleted").isTrue();

        // a zip without a model card: a message naming the file
        Path notAModel = dir.resolve("photos.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(notAModel))) {
            out.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
            out.write(1);
        }
        serve.addZip(notAModel);
        serve.start();
        assertThat(serve.errorProperty().get()).contains("photos.zip").contains("model card");
        assertThat(serve.runningProperty().get()).isFalse();

        // with a project open, its finished runs are offered, served from their own model.zip
        app.project().newProject(dir.resolve("garden"));
        app.train().start();
        io.modelbench.engine.project.Project garden = io.modelbench.engine.project.Project.open(dir.resolve("garden"));
        String run = garden.runs().get(0).id();
        assertThat(serve.getSources()).contains(ModelSource.current())
                .anyMatch(s -> s.kind() == ModelSource.Kind.RUN && run.equals(s.runId()) && s.zip().equals(garden.modelFile(run)));
    }

    @Test
    void theMonitorKeepsTheLastThousandRequestsNewestFirstAndListsFailures() {
        ServeMonitor m = new ServeMonitor();
        m.clear();
        List<ServedRequest> batch = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            batch.add(request("r" + i, i % 100 == 0 ? 400 : 200, i % 100 == 0 ? "instance 0, field 'x': not a number" : null));
        }
        m.add(batch.subList(0, 700));
        m.add(batch.subList(700, 1_500));
        assertThat(m.getRequests()).hasSize(ServeMonitor.MAX_REQUESTS);
        assertThat(m.getRequests().get(0).requestId()).isEqualTo("r1499");
        assertThat(m.getRequests().get(999).requestId()).isEqualTo("r500");
        assertThat(m.getErrors()).hasSize(15);
        assertThat(m.getErrors().get(14)).contains("400").contains("r1400").contains("not a number");
        m.add(batch.subList(0, 3));
        assertThat(m.getRequests()).hasSize(ServeMonitor.MAX_REQUESTS);
        assertThat(m.getRequests().get(0).requestId()).isEqualTo("r2");
    }

    @Test
    void aColumnIsHighlightedWhenAnyShareIsOverFivePercent() {
        assertThat(ServeMonitor.drifting(new ColumnDrift("a", 100, 0.05, 0, 0))).isFalse();
        assertThat(ServeMonitor.drifting(new ColumnDrift("a", 100, 0.06, 0, 0))).isTrue();
        assertThat(ServeMonitor.drifting(new ColumnDrift("b", 100, 0, 0.2, 0))).isTrue();
        assertThat(ServeMonitor.drifting(new ColumnDrift("c", 100, 0, 0, 0.5))).isTrue();
    }

    @Test
    void aForecastingModelsSnippetSendsTheDatasLastWindowAndTheServerForecastsFromIt() throws Exception {
        vm = opened();
        vm.data().openSample(Samples.find("sunspots"));
        vm.data().series().windowProperty().set("12");
        vm.data().series().timeColumnProperty().set("YEAR");
        vm.train().epochsProperty().set("2");
        ServeViewModel serve = trainedAndServed();

        // a window of the series' last 12 years (the file's last lines), not one row of a table: the server refused that
        List<String> lines;
        try (var in = ServePageTest.class.getResourceAsStream("/modelbench/samples/sunspots_yearly.csv")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        String last12 = String.join(", ", lines.subList(lines.size() - 12, lines.size()).stream()
                .map(l -> String.valueOf(Double.parseDouble(l.split(",")[1]))).toList());
        assertThat(serve.curlProperty().get()).startsWith("# the last 12 values of SUNACTIVITY, oldest first (the data's last 12 steps); "
                + "the answer is SUNACTIVITY 1 step after the last\ncurl -s ").contains("{\"SUNACTIVITY\": [" + last12 + "]}");
        assertThat(serve.pythonProperty().get()).contains("row = {\"SUNACTIVITY\": [" + last12 + "]}");
        String example = serve.curlProperty().get().replaceAll("(?s).*-d '(.*)'\\s*$", "$1");
        HttpResponse<String> ok = predict(serve, example);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).matches("\\{\"predictions\": ?\\[-?[0-9.Ee-]+]}");
    }

    @Test
    void aSequenceClassifiersSnippetSendsOneSequencePerChannelAndTheServerClassifiesIt() throws Exception {
        vm = opened();
        vm.data().openFile(SequencePagesTest.motions());
        vm.data().targetColumnProperty().set("kind");
        vm.data().sequences().idColumnProperty().set("motion");
        vm.data().sequences().timeColumnProperty().set("step");
        vm.train().epochsProperty().set("1");
        ServeViewModel serve = trainedAndServed();

        // the open data's first sequence, m01 (motions.csv's first 8 lines), so the answer is its class
        assertThat(serve.curlProperty().get()).startsWith("# one sequence: 8 values of x, y, oldest first (the data's first sequence, 8 steps)")
                .contains("{\"x\": [1.675, 2.171, ");
        String example = serve.curlProperty().get().replaceAll("(?s).*-d '(.*)'\\s*$", "$1");
        HttpResponse<String> ok = predict(serve, example);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"predictions\"");
    }

    @Test
    void anImageModelsSnippetNamesTheOpenFoldersFirstImageAndTheServerClassifiesIt() throws Exception {
        vm = opened();
        vm.data().openSample(Samples.find("digits_images"));
        vm.train().epochsProperty().set("1");
        ServeViewModel serve = trainedAndServed();

        String curl = serve.curlProperty().get();
        assertThat(curl).startsWith("IMAGE='").contains("# the data's first image; any PNG or JPEG");
        Path image = Path.of(curl.substring("IMAGE='".length(), curl.indexOf("'", "IMAGE='".length())));
        assertThat(image).exists();
        assertThat(serve.pythonProperty().get()).contains("with open(\"" + image + "\", \"rb\")");
        String b64 = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(image));
        HttpResponse<String> ok = predict(serve, "{\"instances\": [{\"image\": {\"b64\": \"" + b64 + "\"}}]}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"prediction\"");
    }

    @Test
    void theExampleRowHoldsEachColumnsTypicalTrainingValue() {
        ModelCard card = new ModelCard(ModelCard.FORMAT, null, "classification", List.of("age", "smoker", "region"), "risk",
                List.of("low", "high"), null, null, null, null, null, List.of(
                new EncodedColumn("age", "numeric", List.of("age"), 41.2345678, null, List.of(), "mean"),
                new EncodedColumn("smoker", "boolean", List.of("smoker"), 0.0, null, List.of(), "most_frequent"),
                new EncodedColumn("region", "categorical", List.of("region=north", "region=south"), null, "south",
                        List.of("south", "north"), "most_frequent")), null, null, null);
        assertThat(ServeSnippets.json(ServeSnippets.exampleRow(card)))
                .isEqualTo("{\"age\": 41.23, \"smoker\": false, \"region\": \"south\"}");
        String curl = ServeSnippets.curl(URI.create("http://127.0.0.1:8080"), "risk", Path.of("/home/a b/token"), card);
        assertThat(curl).startsWith("curl -s http://127.0.0.1:8080/v1/models/risk:predict")
                .contains("$(cat '/home/a b/token')")
                .contains("-d '{\"instances\": [{\"age\": 41.23, \"smoker\": false, \"region\": \"south\"}]}'");
        assertThat(ServeSnippets.python(URI.create("http://127.0.0.1:8080/"), "risk", null, card))
                .contains("url = \"http://127.0.0.1:8080/v1/models/risk:predict\"").contains("headers = {}");
    }

    /**
     * The server tells its listener of a request after answering it, on its own thread: wait (up to 10 s) until the
     * page has seen {@code n}.
     */
    private static List<ServedRequest> awaitRequests(ServeViewModel serve, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (serve.monitor().getRequests().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(serve.monitor().getRequests()).hasSize(n);
        return serve.monitor().getRequests();
    }

    private static ServedRequest request(String id, int status, String error) {
        return new ServedRequest(Instant.now(), id, "m", "v1", status, 1, 1.5, "127.0.0.1", error);
    }
}
