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
 * -Dmodelbench.screenshot.page=data|model|train|evaluate|export|serve|experiments, -Dmodelbench.screenshot.sample=ID, default
 * iris): opens the sample, trains when the page
 * needs a model, shows the page and writes a PNG of the window. The Serve page also starts serving (on
 * -Dmodelbench.screenshot.port, default 0; the log says where) and waits -Dmodelbench.screenshot.wait seconds
 * (default 15) for requests from outside clients before the PNG. A forecasting sample (its title says so) is read as
 * a time series by the first time column the Data page offers, or by -Dmodelbench.screenshot.time=COLUMN (none: a
 * table); the PNG waits until the series and its chart are read. The Experiments page makes a new project in a
 * temporary folder and runs a small sweep in it (4 random trials of 5 epochs, 2 at a time) before the PNG.
 * -Dmodelbench.screenshot.data=FILE.csv opens that table instead of a sample; -Dmodelbench.screenshot.sequence=ID[:TIME]
 * reads it as sequences to classify by that id (and time) column once the page has suggested an id column, and the PNG
 * waits until they are read.
 */
final class ScreenshotScript {

    private ScreenshotScript() {
    }

    static void run(ModelBenchApp.Parts parts, Path file, String pageName) {
        MainViewModel vm = parts.viewModel();
        Page page = Page.valueOf(pageName.toUpperCase(Locale.ROOT));
        Samples.Sample sample = Samples.find(System.getProperty("modelbench.screenshot.sample", "iris"));
        String time = System.getProperty("modelbench.screenshot.time", sample.title().contains("forecasting") ? "" : "none");
        io.modelbench.desktop.viewmodel.SeriesChoice series = vm.data().series();
        boolean asSeries = !time.equals("none");
        if (asSeries) {
            series.getTimeColumns().addListener((javafx.collections.ListChangeListener<String>) c -> {
                if (series.isNone() && series.getTimeColumns().size() > 1) {
                    series.timeColumnProperty().set(time.isEmpty() ? series.getTimeColumns().get(1) : time);
                }
            });
        }
        io.modelbench.desktop.viewmodel.SequenceChoice seq = vm.data().sequences();
        String[] sequence = System.getProperty("modelbench.screenshot.sequence", "").split(":", 2);
        boolean asSequences = !sequence[0].isEmpty();
        if (asSequences) {
            seq.suggestionProperty().addListener((o, was, now) -> {
                if (seq.isNone() && !now.isEmpty()) {
                    seq.idColumnProperty().set(sequence[0]);
                    seq.timeColumnProperty().set(sequence.length > 1 ? sequence[1] : io.modelbench.desktop.viewmodel.SequenceChoice.NONE);
                }
            });
        }
        java.util.function.BooleanSupplier seriesRead = () -> (!asSeries || series.chartProperty().get() != null
                || !series.errorProperty().get().isEmpty()) && (!asSequences || !seq.statusProperty().get().isEmpty()
                || !seq.errorProperty().get().isEmpty());
        String data = System.getProperty("modelbench.screenshot.data");
        if (data != null) {
            vm.data().openFile(Path.of(data));
        } else {
            vm.data().openSample(sample);
        }
        boolean needsTraining = page.compareTo(Page.TRAIN) >= 0 && page != Page.EXPERIMENTS;
        String epochs = System.getProperty("modelbench.screenshot.epochs");
        if (epochs != null) {
            vm.train().epochsProperty().set(epochs);
        }
        Runnable shoot = () -> {
            vm.pageProperty().set(page);
            if (page == Page.SERVE) {
                serveThenShoot(parts, file);
                return;
            }
            if (page == Page.EXPERIMENTS) {
                sweepThenShoot(parts, file);
                return;
            }
            PauseTransition settle = new PauseTransition(Duration.millis(800));
            settle.setOnFinished(e -> ModelBenchApp.writeSnapshot(parts.scene(), file));
            settle.play();
        };
        if (needsTraining) {
            Timeline poll = new Timeline();
            poll.getKeyFrames().add(new KeyFrame(Duration.millis(200), e -> {
                // like a user, who takes longer than the ~1 s the app needs to build its other pages after the first window
                if (!parts.window().allPagesLoaded() || !seriesRead.getAsBoolean()) {
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
            Timeline poll = new Timeline();
            long started = System.nanoTime();
            poll.getKeyFrames().add(new KeyFrame(Duration.millis(200), e -> {
                // at least 3 s (the page settles), and the series read when there is one
                if (System.nanoTime() - started > 3_000_000_000L && seriesRead.getAsBoolean()) {
                    poll.stop();
                    shoot.run();
                }
            }));
            poll.setCycleCount(Animation.INDEFINITE);
            poll.play();
        }
    }

    private static void sweepThenShoot(ModelBenchApp.Parts parts, Path file) {
        MainViewModel vm = parts.viewModel();
        io.modelbench.desktop.viewmodel.ExperimentsViewModel ex = vm.experiments();
        vm.project().newProject(Path.of(System.getProperty("java.io.tmpdir"), "modelbench-shot-" + ProcessHandle.current().pid()));
        ex.runningProperty().addListener((o, was, running) -> {
            if (was && !running) {
                PauseTransition shown = new PauseTransition(Duration.millis(800));
                shown.setOnFinished(e -> ModelBenchApp.writeSnapshot(parts.scene(), file));
                shown.play();
            }
        });
        Timeline poll = new Timeline();
        poll.getKeyFrames().add(new KeyFrame(Duration.millis(300), e -> {
            // as a user does: once the form shows the default space for the data
            if (ex.canStartBinding().get() && ex.setup().space().row("learning_rate").onProperty().get()) {
                poll.stop();
                ex.setup().trialsProperty().set("4");
                ex.setup().space().row("epochs").onProperty().set(true);
                ex.setup().space().row("epochs").textProperty().set(System.getProperty("modelbench.screenshot.epochs", "5"));
                ex.start();
            }
        }));
        poll.setCycleCount(Animation.INDEFINITE);
        poll.play();
    }

    private static void serveThenShoot(ModelBenchApp.Parts parts, Path file) {
        io.modelbench.desktop.viewmodel.ServeViewModel serve = parts.viewModel().serve();
        serve.portProperty().set(System.getProperty("modelbench.screenshot.port", "0"));
        serve.runningProperty().addListener((o, was, running) -> {
            if (running) {
                org.slf4j.LoggerFactory.getLogger(ScreenshotScript.class).info("Screenshot: serving at {}, token in {}",
                        serve.urlProperty().get(), serve.tokenFileProperty().get());
                PauseTransition clients = new PauseTransition(Duration.seconds(Double.parseDouble(
                        System.getProperty("modelbench.screenshot.wait", "15"))));
                clients.setOnFinished(e -> {
                    // -Dmodelbench.screenshot.tab=N shows the N-th tab below the charts (0 requests, 1 drift, 2 errors)
                    if (parts.scene().lookup("#bottomTabs") instanceof javafx.scene.control.TabPane tabs) {
                        tabs.getSelectionModel().select(Integer.getInteger("modelbench.screenshot.tab", 0));
                    }
                    PauseTransition shown = new PauseTransition(Duration.millis(600));
                    shown.setOnFinished(f -> ModelBenchApp.writeSnapshot(parts.scene(), file));
                    shown.play();
                });
                clients.play();
            }
        });
        serve.start();
    }
}
