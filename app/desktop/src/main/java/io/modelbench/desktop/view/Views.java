package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.MainViewModel;
import io.modelbench.desktop.viewmodel.Page;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loads the FXML views (from the ui-resources module) with their controllers, each constructed with its view
 * model, and the message bundle.
 */
public final class Views {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Views.class);
    private static final String ROOT = "/io/modelbench/desktop/";

    private Views() {
    }

    public static ResourceBundle messages() {
        return ResourceBundle.getBundle("io.modelbench.desktop.i18n.messages");
    }

    public static String stylesheet() {
        return Views.class.getResource(ROOT + "css/modelbench.css").toExternalForm();
    }

    /**
     * The main window's content: the menu, navigation and status bar, and the page shown first. The other pages
     * are loaded when first shown, or one at a time by {@link Window#loadHiddenPages()} once the window is up
     * (loading all seven before the first window took ~0.9 s of the start-up).
     */
    public static Window load(MainViewModel vm, FileDialogs dialogs) {
        ResourceBundle messages = messages();
        MainView main = new MainView(vm, dialogs);
        Parent root = load("MainView", messages, type -> main);
        ExportView export = new ExportView(vm.export(), dialogs);
        Map<Page, Supplier<Node>> pages = new EnumMap<>(Page.class);
        pages.put(Page.DATA, () -> load("DataView", messages, type -> new DataView(vm.data(), dialogs)));
        pages.put(Page.MODEL, () -> load("ModelView", messages, type -> new ModelView(vm.model(), dialogs)));
        pages.put(Page.TRAIN, () -> load("TrainView", messages, type -> new TrainView(vm.train(), messages)));
        pages.put(Page.RUNS, () -> load("RunsView", messages, type -> new RunsView(vm.runs(), messages)));
        pages.put(Page.EVALUATE, () -> load("EvaluateView", messages, type -> new EvaluateView(vm.evaluate(), vm.forecast(), dialogs)));
        pages.put(Page.TRY, () -> load("TryView", messages, type -> new TryView(vm.tryIt(), messages, dialogs)));
        pages.put(Page.OPTIMIZE, () -> load("OptimizeView", messages, type -> new OptimizeView(vm.optimize(), dialogs)));
        pages.put(Page.EXPORT, () -> load("ExportView", messages, type -> export));
        pages.put(Page.SERVE, () -> load("ServeView", messages, type -> new ServeView(vm.serve(), messages, dialogs)));
        pages.put(Page.EXPERIMENTS, () -> load("ExperimentsView", messages, type -> new ExperimentsView(vm.experiments(), messages)));
        main.setPages(pages, export);
        return new Window(root, main);
    }

    /** The window's content and a way to load the pages not yet shown. */
    public record Window(Parent root, MainView main) {
        /** Loads the pages not yet loaded, one per step with frames between them; call once the window is shown. */
        public void loadHiddenPages() {
            main.loadHiddenPages();
        }

        /** Whether every page has been loaded. */
        public boolean allPagesLoaded() {
            return main.loadedPages().size() == Page.values().length;
        }
    }

    private static Parent load(String name, ResourceBundle messages, Function<Class<?>, Object> controller) {
        long t0 = System.nanoTime();
        try {
            return loadFxml(name, messages, controller);
        } finally {
            LOG.info("{} loaded in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static Parent loadFxml(String name, ResourceBundle messages, Function<Class<?>, Object> controller) {
        FXMLLoader loader = new FXMLLoader(Views.class.getResource(ROOT + "view/" + name + ".fxml"), messages);
        loader.setControllerFactory(controller::apply);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + name + ".fxml", e);
        }
    }
}
