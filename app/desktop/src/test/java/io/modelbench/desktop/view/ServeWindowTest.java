package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ServeViewModel;
import io.modelbench.engine.data.Samples;
import io.modelbench.serve.ServedRequest;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Serve page in the real window (headless under Monocle): a model trained here is served on a free port from
 * the page, a request sent by this test with the JDK's HTTP client and the page's token shows in the requests
 * table, and Stop ends the server.
 */
class ServeWindowTest extends AppWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path home;


    @Test
    void aServerStartedFromThePageAnswersARequestThatShowsInTheTable(FxRobot robot) throws Exception {
        awaitBackend();
        robot.interact(() -> {
            parts.viewModel().data().openSample(Samples.find("iris"));
            parts.viewModel().train().epochsProperty().set("3");
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().train().canStartBinding().get());
        robot.interact(() -> parts.viewModel().train().start());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> parts.viewModel().export().canExportBinding().get());

        robot.clickOn("#navServe");
        WaitForAsyncUtils.waitForFxEvents();
        ServeViewModel serve = parts.viewModel().serve();
        serve.setBaseConfig(io.modelbench.serve.ServeConfig.defaults().withTokenFile(home.resolve("token")).withLogDir(home.resolve("logs")));
        assertThat(robot.lookup("#sourceBox").queryComboBox().getValue()).isNotNull();
        TextField port = robot.lookup("#portField").queryAs(TextField.class);
        assertThat(port.getText()).isEqualTo("8080");
        assertThat(robot.lookup("#hostField").queryAs(TextField.class).getText()).isEqualTo("127.0.0.1");
        robot.doubleClickOn(port).eraseText(port.getText().length()).write("0");
        Button start = robot.lookup("#startButton").queryButton();
        assertThat(start.isDisabled()).isFalse();
        robot.clickOn(start);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> serve.runningProperty().get());
        assertThat(serve.errorProperty().get()).isEmpty();
        String url = robot.lookup("#urlField").queryAs(TextField.class).getText();
        assertThat(url).startsWith("http://127.0.0.1:");
        // the Stop button follows the server's state on the JavaFX thread, a pulse after running turns true
        Button stop = robot.lookup("#stopButton").queryButton();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stop.isDisabled());
        assertThat(robot.lookup("#curlText").queryAs(javafx.scene.control.TextArea.class).getText()).contains(url);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/v1/models/" + serve.nameProperty().get() + ":predict"))
                .header("Authorization", "Bearer " + serve.token()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5,"
                        + " \"petal_length_cm\": 1.4, \"petal_width_cm\": 0.2}]}")).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);

        TableView<ServedRequest> table = robot.lookup("#requestsTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        ServedRequest seen = table.getItems().get(0);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.rows()).isEqualTo(1);
        assertThat(seen.client()).contains("127.0.0.1");
        // the charts get points while it runs (twice a second)
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !serve.monitor().getPoints().isEmpty());

        robot.clickOn("#stopButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !serve.runningProperty().get());
        assertThat(serve.messageProperty().get()).contains("after 1 request.");
        assertThat(start.isDisabled()).isFalse();
    }
}
