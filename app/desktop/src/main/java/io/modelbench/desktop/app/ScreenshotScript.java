package io.modelbench.desktop.app;

import io.modelbench.desktop.viewmodel.MainViewModel;
import io.modelbench.desktop.viewmodel.Page;
import io.modelbench.engine.data.Samples;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.util.Duration;

import java.nio.file.Path;
import java.util.Locale;

/**
 * For the README and for looking at the app by eye (-Dmodelbench.screenshot=FILE.png
 * -Dmodelbench.screenshot.page=data|model|train|evaluate|export, -Dmodelbench.screenshot.sample=ID, default
 * iris): opens the sample, trains when the page
 * needs a model, shows the page and writes a PNG of the window.
 */
final class ScreenshotScript {

    private ScreenshotScript() {
    }

    static void run(ModelBenchApp.Parts parts, Path file, String pageName) {
        MainViewModel vm = parts.viewModel();
        Page page = Page.valueOf(pageName.toUpperCase(Locale.ROOT));
        vm.data().openSample(Samples.find(System.getProperty("modelbench.screenshot.sample", "iris")));
        boolean needsTraining = page.compareTo(Page.TRAIN) >= 0;
        String epochs = System.getProperty("modelbench.screenshot.epochs");
        if (epochs != null) {
            vm.train().epochsProperty().set(epochs);
        }
        Runnable shoot = () -> {
            vm.pageProperty().set(page);
            PauseTransition settle = new PauseTransition(Duration.millis(800));
            settle.setOnFinished(e -> ModelBenchApp.writeSnapshot(parts.scene(), file));
            settle.play();
        };
        if (needsTraining) {
            Timeline poll = new Timeline();
            poll.getKeyFrames().add(new KeyFrame(Duration.millis(200), e -> {
                // like a user, who takes longer than the ~1 s the app needs to build its other pages after the first window
                if (!parts.window().allPagesLoaded()) {
                    return;
                }
                if (vm.train().canStartBinding().get() && vm.train().getPoints().isEmpty()) {
                    // show the page first, as a user does before pressing Start: its first layout is not training's
                    if (vm.pageProperty().get() != Page.TRAIN) {
                        vm.pageProperty().set(Page.TRAIN);
                        return;
                    }
                    vm.train().start();
                } else if (!vm.train().runningProperty().get() && !vm.train().getPoints().isEmpty()) {
                    poll.stop();
                    shoot.run();
                }
            }));
            poll.setCycleCount(Animation.INDEFINITE);
            poll.play();
        } else {
            PauseTransition wait = new PauseTransition(Duration.seconds(3));
            wait.setOnFinished(e -> shoot.run());
            wait.play();
        }
    }
}
