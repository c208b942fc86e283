package io.modelbench.desktop.view;

import io.modelbench.desktop.app.ModelBenchApp;
import io.modelbench.engine.api.BackendStatus;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The start-up the window tests share: the whole app as the launcher builds it, in a real window (headless under
 * Monocle), the native backend loading in the background as on a user's start, and shut down after each test.
 */
@ExtendWith(ApplicationExtension.class)
abstract class AppWindowTest {

    protected ModelBenchApp.Parts parts;

    /** The file dialogs the app gets; a test that saves files answers them itself. */
    protected FileDialogs dialogs() {
        return new FileDialogs();
    }

    /** Builds and shows the app: each test's own {@code @Start} calls it (TestFX looks for {@code @Start} in the test class only). */
    protected void open(Stage stage) {
        parts = ModelBenchApp.create(dialogs());
        stage.setScene(parts.scene());
        stage.show();
        parts.loadBackend();
    }

    @AfterEach
    void tearDown() {
        parts.shutdown();
    }

    /** Waits, as a user does, until the native backend is ready. */
    protected void awaitBackend() throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> parts.viewModel().backendProperty().get().state() == BackendStatus.State.READY);
    }
}
