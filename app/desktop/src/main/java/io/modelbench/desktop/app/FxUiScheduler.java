package io.modelbench.desktop.app;

import io.modelbench.desktop.viewmodel.UiScheduler;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;

/** Runs view-model work on the JavaFX thread, at once or after a delay (no thread is blocked for the delay). */
final class FxUiScheduler implements UiScheduler {

    @Override
    public void schedule(Runnable task, long delayMillis) {
        if (delayMillis <= 0) {
            Platform.runLater(task);
            return;
        }
        Platform.runLater(() -> {
            PauseTransition pause = new PauseTransition(Duration.millis(delayMillis));
            pause.setOnFinished(e -> task.run());
            pause.play();
        });
    }
}
