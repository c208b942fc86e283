package io.modelbench.desktop.app;

import io.modelbench.desktop.view.FileDialogs;
import io.modelbench.desktop.view.Views;
import io.modelbench.desktop.viewmodel.MainViewModel;
import io.modelbench.desktop.viewmodel.TrainingService;
import io.modelbench.desktop.viewmodel.UiScheduler;
import io.modelbench.desktop.viewmodel.Workspace;
import io.modelbench.engine.app.RunService;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.project.RecentProjects;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: creates the executors, the view models and the window, then loads the native backend
 * in the background so the window appears first. {@code --open FILE} or a plain file argument opens a table;
 * {@code --sample ID} opens a bundled sample.
 */
public final class ModelBenchApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBenchApp.class);

    private ExecutorService background;
    private ExecutorService training;
    private Runnable savePlacement = () -> { };
    private Runnable closeServer = () -> { };

    /** Everything a window needs; tests build one of these around their own stage. */
    public record Parts(MainViewModel viewModel, Scene scene, Views.Window window, ExecutorService background, ExecutorService training,
                        UiScheduler ui) {
        /**
         * Starts loading the native backend in the background; call once the window has painted its first frame
         * (see {@link BackendLoader}).
         */
        public void loadBackend() {
            viewModel.loadBackend(BackendLoader::load, background, ui);
        }

        public void shutdown() {
            viewModel.serve().close();   // a server still running answers its requests under way, then stops
            background.shutdownNow();
            training.shutdownNow();
        }
    }

    /** Builds the view models and the scene; {@link Parts#loadBackend()} starts the backend. Call on the JavaFX thread. */
    public static Parts create(FileDialogs dialogs) {
        ExecutorService background = Executors.newFixedThreadPool(2, daemon("modelbench-worker"));
        ExecutorService training = Executors.newSingleThreadExecutor(daemon("modelbench-training"));
        UiScheduler ui = new FxUiScheduler();
        MainViewModel vm = new MainViewModel(new Workspace(), background, training, ui,
                new RecentProjects(RecentProjects.defaultFile()), TrainingService.of(new RunService()));
        long t0 = System.nanoTime();
        Views.Window window = Views.load(vm, dialogs);
        Scene scene = new Scene(window.root(), 1100, 720);
        LOG.info("Window content built in {} ms ({} ms after the JVM started)", (System.nanoTime() - t0) / 1_000_000,
                System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        scene.getStylesheets().add(Views.stylesheet());
        return new Parts(vm, scene, window, background, training, ui);
    }

    @Override
    public void start(Stage stage) {
        Parts parts = create(new FileDialogs());
        background = parts.background();
        training = parts.training();
        closeServer = parts.viewModel().serve()::close;
        stage.titleProperty().bind(parts.viewModel().project().titleProperty());
        stage.setScene(parts.scene());
        savePlacement = placeWindow(stage);
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            try (InputStream icon = Views.class.getResourceAsStream("/io/modelbench/desktop/icons/modelbench-" + size + ".png")) {
                if (icon != null) {
                    stage.getIcons().add(new Image(icon));
                }
            } catch (Exception e) {
                LOG.debug("No window icon", e);
            }
        }
        stage.show();
        reportFirstWindow();
        // after the first frame: the native backend (in the background) and the other pages, one at a time
        Platform.runLater(() -> {
            parts.loadBackend();
            parts.window().loadHiddenPages();
        });
        boolean opened = openFromArguments(parts.viewModel(), getParameters().getRaw());
        // carry on where the user left off: the last project (a run that was training shows as interrupted, resumable)
        if (!opened && System.getProperty("modelbench.screenshot") == null
                && !"false".equals(System.getProperty("modelbench.reopen"))) {
            parts.viewModel().project().reopenLast();  // reads the recent list on a worker
        }
        if (Boolean.getBoolean("modelbench.stallmonitor")) {
            StallMonitor monitor = new StallMonitor();
            monitor.start();
            parts.viewModel().train().runningProperty().addListener((o, was, running) -> {
                if (running) {
                    monitor.reset();
                } else {
                    // two seconds more, so that publishing the result (the Evaluate page's first fill) is counted
                    javafx.animation.PauseTransition after = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
                    after.setOnFinished(e -> {
                        LOG.info("Longest time without a frame while training and publishing its result: "
                                        + "{} ms over {} frames; gaps over 100 ms: {}",
                                String.format("%.1f", monitor.maxGapMillis()), monitor.frames(), monitor.longGaps());
                        // for the benchmark (app/bench 'ui'): one line "max_gap_ms frames gap;gap;..."
                        String report = System.getProperty("modelbench.stall.report");
                        if (report != null) {
                            try {
                                java.nio.file.Files.writeString(Path.of(report), String.format(java.util.Locale.ROOT, "%.1f %d %s",
                                        monitor.maxGapMillis(), monitor.frames(), String.join(";", monitor.longGaps())));
                            } catch (java.io.IOException ex) {
                                LOG.warn("Cannot write {}", report, ex);
                            }
                        }
                    });
                    after.play();
                }
            });
        }
        String shot = System.getProperty("modelbench.screenshot");
        if (shot != null) {
            ScreenshotScript.run(parts, Path.of(shot), System.getProperty("modelbench.screenshot.page", "data"));
        }
    }

    /**
     * Logs how long after the JVM started the first window was shown (after its first pulse), and writes the
     * milliseconds to the file named by -Dmodelbench.startup.report (for the start-up benchmark).
     */
    private static void reportFirstWindow() {
        Platform.runLater(() -> {
            long ms = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            LOG.info("First window shown {} ms after the JVM started", ms);
            String report = System.getProperty("modelbench.startup.report");
            if (report != null) {
                try {
                    java.nio.file.Files.writeString(Path.of(report), Long.toString(ms));
                } catch (java.io.IOException e) {
                    LOG.warn("Cannot write {}", report, e);
                }
            }
        });
    }

    /** Opens what the command line names (a project folder, a table, an image folder, a sample); true if anything. */
    private static boolean openFromArguments(MainViewModel vm, List<String> args) {
        boolean any = false;
        for (int i = 0; i < args.size(); i++) {
            any = true;
            String a = args.get(i);
            if (a.equals("--sample") && i + 1 < args.size()) {
                vm.data().openSample(Samples.find(args.get(++i)));
            } else if (a.equals("--open") && i + 1 < args.size()) {
                vm.data().openFile(Path.of(args.get(++i)));
            } else if (!a.startsWith("--")) {
                vm.open(Path.of(a));  // a project folder or file, a table, an image folder
            }
        }
        return any;
    }

    /**
     * Opens the window where and as large as it was last time (if that still fits on a screen), and remembers it
     * when the window closes. Off with -Dmodelbench.reopen=false (benchmarks and screenshots want the default).
     */
    private static Runnable placeWindow(Stage stage) {
        if ("false".equals(System.getProperty("modelbench.reopen")) || System.getProperty("modelbench.screenshot") != null) {
            return () -> { };
        }
        Path file = WindowPlacement.defaultFile();
        List<javafx.geometry.Rectangle2D> screens = javafx.stage.Screen.getScreens().stream()
                .map(javafx.stage.Screen::getVisualBounds).toList();
        WindowPlacement.load(file, screens).ifPresent(w -> {
            stage.setX(w.x());
            stage.setY(w.y());
            stage.setWidth(w.width());
            stage.setHeight(w.height());
            stage.setMaximized(w.maximized());
        });
        Runnable save = () -> new WindowPlacement(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                stage.isMaximized()).save(file);
        stage.setOnHidden(e -> save.run());
        return save;   // also on File > Exit, which ends the app without hiding the window
    }

    @Override
    public void stop() {
        savePlacement.run();
        closeServer.run();
        if (background != null) {
            background.shutdownNow();
            training.shutdownNow();
        }
        Platform.exit();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static void writeSnapshot(Scene scene, Path file) {
        // the snapshot on the JavaFX thread, the PNG encoding (~150 ms) on another: the window keeps painting
        javafx.scene.image.WritableImage image = scene.snapshot(null);
        Thread writer = new Thread(() -> {
            try {
                // whole or not at all: whoever waits for the file never reads half of it
                Path tmp = file.resolveSibling(file.getFileName() + ".part");
                ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", tmp.toFile());
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Screenshot written to {}", file);
                // done: the app closes as on File > Exit (a server stops), unless the stall monitor still has to
                // report (the UI benchmark reads its line, then ends the app) or -Dmodelbench.screenshot.exit=false
                if (!Boolean.getBoolean("modelbench.stallmonitor") && !"false".equals(System.getProperty("modelbench.screenshot.exit"))) {
                    Platform.runLater(Platform::exit);
                }
            } catch (Exception e) {
                LOG.warn("Screenshot failed", e);
                if (!Boolean.getBoolean("modelbench.stallmonitor") && !"false".equals(System.getProperty("modelbench.screenshot.exit"))) {
                    Platform.runLater(Platform::exit);   // a script waiting for the file learns from the log, not by waiting forever
                }
            }
        }, "modelbench-screenshot");
        writer.setDaemon(true);
        writer.start();
    }
}
