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

/**
 * Loads the FXML views (from the ui-resources module) with their controllers, each constructed with its view
 * model, and the message bundle.
 */
public final class Views {

    private static final String ROOT = "/io/modelbench/desktop/";

    private Views() {
    }

    public static ResourceBundle messages() {
        return ResourceBundle.getBundle("io.modelbench.desktop.i18n.messages");
    }

    public static String stylesheet() {
        return Views.class.getResource(ROOT + "css/modelbench.css").toExternalForm();
    }

    /** The whole main window's content. */
    public static Parent load(MainViewModel vm, FileDialogs dialogs) {
        ResourceBundle messages = messages();
        MainView main = new MainView(vm, dialogs);
        Parent root = load("MainView", messages, type -> main);
        ExportView export = new ExportView(vm.export(), dialogs);
        Map<Page, Node> pages = new EnumMap<>(Page.class);
        pages.put(Page.DATA, load("DataView", messages, type -> new DataView(vm.data(), dialogs)));
        pages.put(Page.MODEL, load("ModelView", messages, type -> new ModelView(vm.model(), dialogs)));
        pages.put(Page.TRAIN, load("TrainView", messages, type -> new TrainView(vm.train(), messages)));
        pages.put(Page.RUNS, load("RunsView", messages, type -> new RunsView(vm.runs(), messages)));
        pages.put(Page.EVALUATE, load("EvaluateView", messages, type -> new EvaluateView(vm.evaluate(), dialogs)));
        pages.put(Page.TRY, load("TryView", messages, type -> new TryView(vm.tryIt(), messages, dialogs)));
        pages.put(Page.EXPORT, load("ExportView", messages, type -> export));
        main.setPages(pages, export);
        return root;
    }

    private static Parent load(String name, ResourceBundle messages, Function<Class<?>, Object> controller) {
        FXMLLoader loader = new FXMLLoader(Views.class.getResource(ROOT + "view/" + name + ".fxml"), messages);
        loader.setControllerFactory(controller::apply);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + name + ".fxml", e);
        }
    }
}
