package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.MainViewModel;
import io.modelbench.desktop.viewmodel.Page;
import io.modelbench.engine.Versions;
import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.data.Samples;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.StatusBar;

import java.io.File;
import java.util.EnumMap;
import java.util.Map;

/** The main window's view: menu, page navigation, status bar, drag and drop of table files. */
public final class MainView {

    private final MainViewModel vm;
    private final FileDialogs dialogs;
    private final Map<Page, ToggleButton> navButtons = new EnumMap<>(Page.class);
    private final Map<Page, Node> pageNodes = new EnumMap<>(Page.class);
    private final Map<Page, java.util.function.Supplier<Node>> pageLoaders = new EnumMap<>(Page.class);
    private ExportView exportView;

    @FXML private BorderPane root;
    @FXML private Menu samplesMenu;
    @FXML private MenuItem exportItem;
    @FXML private MenuItem startItem;
    @FXML private MenuItem stopItem;
    @FXML private MenuItem pauseItem;
    @FXML private ToggleGroup navGroup;
    @FXML private ToggleButton navData;
    @FXML private ToggleButton navModel;
    @FXML private ToggleButton navTrain;
    @FXML private ToggleButton navRuns;
    @FXML private ToggleButton navEvaluate;
    @FXML private ToggleButton navTry;
    @FXML private ToggleButton navOptimize;
    @FXML private ToggleButton navExport;
    @FXML private ToggleButton navServe;
    @FXML private ToggleButton navExperiments;
    @FXML private StackPane pages;
    @FXML private StatusBar statusBar;
    @FXML private javafx.scene.control.Menu recentMenu;
    @FXML private MenuItem saveItem;
    @FXML private javafx.scene.control.Label projectError;

    public MainView(MainViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        navButtons.put(Page.DATA, navData);
        navButtons.put(Page.MODEL, navModel);
        navButtons.put(Page.TRAIN, navTrain);
        navButtons.put(Page.RUNS, navRuns);
        navButtons.put(Page.EVALUATE, navEvaluate);
        navButtons.put(Page.TRY, navTry);
        navButtons.put(Page.OPTIMIZE, navOptimize);
        navButtons.put(Page.EXPORT, navExport);
        navButtons.put(Page.SERVE, navServe);
        navButtons.put(Page.EXPERIMENTS, navExperiments);
        navButtons.forEach((page, button) -> button.setOnAction(e -> vm.pageProperty().set(page)));
        // a toggle in the group can be clicked off; keep one selected
        navGroup.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null && was != null) {
                was.setSelected(true);
            }
        });
        vm.pageProperty().addListener((o, a, page) -> showPage(page));

        for (Samples.Sample s : vm.data().getSamples()) {
            MenuItem item = new MenuItem(s.title());
            item.setId("sample-" + s.id());
            item.setOnAction(e -> {
                vm.data().openSample(s);
                vm.pageProperty().set(Page.DATA);
            });
            samplesMenu.getItems().add(item);
        }
        exportItem.disableProperty().bind(vm.export().canExportBinding().not());
        startItem.disableProperty().bind(vm.train().canStartBinding().not());
        stopItem.disableProperty().bind(vm.train().runningProperty().not());
        pauseItem.disableProperty().bind(vm.train().runningProperty().not());

        statusBar.textProperty().bind(vm.backendTextProperty());
        javafx.scene.control.Label projectMessage = new javafx.scene.control.Label();
        projectMessage.textProperty().bind(vm.project().messageProperty());
        statusBar.getRightItems().add(projectMessage);
        projectError.textProperty().bind(vm.project().errorProperty());
        projectError.visibleProperty().bind(vm.project().errorProperty().isNotEmpty());
        projectError.managedProperty().bind(projectError.visibleProperty());
        saveItem.disableProperty().bind(vm.project().titleProperty().isEqualTo("ModelBench"));
        vm.project().getRecent().addListener((javafx.collections.ListChangeListener<java.nio.file.Path>) c -> fillRecent());
        fillRecent();
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        spinner.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.backendProperty().get() == null || vm.backendProperty().get().state() == BackendStatus.State.LOADING,
                vm.backendProperty()));
        statusBar.getLeftItems().add(spinner);

        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
            boolean ok = false;
            if (e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty()) {
                File f = e.getDragboard().getFiles().get(0);
                vm.open(f.toPath());  // a project or data: the view model looks on a worker
                vm.pageProperty().set(Page.DATA);
                ok = true;
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** Called with the pages' loaders (a page is loaded when first shown); also installs Ctrl+1..9 and Ctrl+0 for the pages. */
    void setPages(Map<Page, java.util.function.Supplier<Node>> loaders, ExportView export) {
        this.exportView = export;
        pageLoaders.putAll(loaders);
        // only the shown page is in the scene: hidden pages cost no CSS or layout (the first window appears ~1 s sooner)
        pages.getChildren().clear();
        showPage(vm.pageProperty().get());
        root.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                Page[] all = Page.values();
                for (int i = 0; i < all.length; i++) {
                    Page p = all[i];
                    // the tenth page (Experiments) is Ctrl+0
                    scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(String.valueOf((i + 1) % 10)),
                            KeyCombination.SHORTCUT_DOWN), () -> vm.pageProperty().set(p));
                }
            }
        });
    }

    /**
     * Loads the pages not loaded yet, one every 150 ms, and puts each in the scene hidden, so that its controls get
     * their skins, styles and first layout now, while nothing else happens, and not when it is first shown (the
     * Train page's first showing cost ~300 ms, the Evaluate page's first fill with a result ~400 ms). A page shown
     * before its turn is loaded then. Before the first window only the first page is built: it appears ~1 s sooner.
     */
    void loadHiddenPages() {
        Page next = null;
        for (Page p : Page.values()) {
            if (!pageNodes.containsKey(p) && pageLoaders.containsKey(p)) {
                next = p;
                break;
            }
        }
        if (next == null) {
            return;
        }
        Page page = next;
        javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(javafx.util.Duration.millis(150));
        wait.setOnFinished(e -> {
            Node node = page(page);
            if (node != null && !pages.getChildren().contains(node)) {
                // one frame in the scene, hidden: skins, styles, first layout; then out again, so that a hidden
                // page's updates (a finished run changes five pages) cost no styling or layout until it is shown
                node.setVisible(false);
                pages.getChildren().add(node);
                javafx.animation.PauseTransition styled = new javafx.animation.PauseTransition(javafx.util.Duration.millis(60));
                styled.setOnFinished(f -> {
                    if (vm.pageProperty().get() != page) {
                        pages.getChildren().remove(node);
                    }
                    node.setVisible(true);
                    loadHiddenPages();
                });
                styled.play();
            } else {
                loadHiddenPages();
            }
        });
        wait.play();
    }

    /** A loaded page's node (null if not loaded yet). */
    Node pageNode(Page page) {
        return pageNodes.get(page);
    }

    /** The pages loaded so far. */
    java.util.Set<Page> loadedPages() {
        return java.util.Set.copyOf(pageNodes.keySet());
    }

    private Node page(Page page) {
        return pageNodes.computeIfAbsent(page, p -> {
            java.util.function.Supplier<Node> loader = pageLoaders.get(p);
            return loader == null ? null : loader.get();
        });
    }

    private void showPage(Page page) {
        Node shown = page(page);
        if (shown != null) {
            shown.setVisible(true);
            pages.getChildren().setAll(shown);
        }
        ToggleButton b = navButtons.get(page);
        if (b != null && !b.isSelected()) {
            b.setSelected(true);
        }
    }

    @FXML
    private void openFile() {
        dialogs.chooseTable(root.getScene().getWindow()).ifPresent(p -> {
            vm.data().openFile(p);
            vm.pageProperty().set(Page.DATA);
        });
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (java.nio.file.Path p : vm.project().getRecent()) {
            MenuItem item = new MenuItem(p.getFileName() + "  (" + p.getParent() + ")");
            item.setMnemonicParsing(false);
            item.setOnAction(e -> vm.project().openProject(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    @FXML
    private void newProject() {
        dialogs.chooseNewProject(root.getScene().getWindow()).ifPresent(p -> vm.project().newProject(p));
    }

    @FXML
    private void openProject() {
        dialogs.chooseProject(root.getScene().getWindow()).ifPresent(p -> vm.project().openProject(p));
    }

    @FXML
    private void saveProject() {
        vm.project().saveNow();
    }

    @FXML
    private void undoLayers() {
        vm.model().undo();
    }

    @FXML
    private void redoLayers() {
        vm.model().redo();
    }

    @FXML
    private void openFolder() {
        dialogs.chooseImageFolder(root.getScene().getWindow()).ifPresent(p -> {
            vm.data().openFile(p);
            vm.pageProperty().set(Page.DATA);
        });
    }

    @FXML
    private void exportModel() {
        vm.pageProperty().set(Page.EXPORT);
        if (exportView != null) {
            exportView.export();
        }
    }

    @FXML
    private void startTraining() {
        vm.pageProperty().set(Page.TRAIN);
        vm.train().start();
    }

    @FXML
    private void pauseTraining() {
        vm.train().togglePause();
    }

    @FXML
    private void stopTraining() {
        vm.train().stop();
    }

    @FXML
    private void quit() {
        Platform.exit();
    }

    @FXML
    private void about() {
        Map<String, String> v = Versions.all();
        BackendStatus b = vm.backendProperty().get();
        Alert a = new Alert(Alert.AlertType.INFORMATION, String.format(
                "ModelBench %s%nJava %s · JavaFX %s%nDeeplearning4j %s (%s)%nBackend: %s%n%n"
                        + "Projects: folders you choose (File ▸ New Project), each with its project.modelbench; %s%n"
                        + "Recent projects list: %s%nBundled image samples unpacked to: %s%nLogs: %s",
                v.get("modelbench"), v.get("java"), System.getProperty("javafx.runtime.version", "?"),
                v.get("deeplearning4j"), v.get("native_platform"),
                b == null ? "?" : b.device() + ", " + b.detail(),
                vm.project().getRecent().isEmpty() ? "none opened yet" : "the last one is " + vm.project().getRecent().get(0),
                io.modelbench.engine.project.RecentProjects.defaultFile(),
                io.modelbench.engine.data.Samples.defaultCacheRoot(),
                System.getProperty("modelbench.log.dir", System.getProperty("user.home") + "/.modelbench/logs") + "/modelbench.log"),
                ButtonType.OK);
        a.setTitle("About ModelBench");
        a.setHeaderText("ModelBench");
        a.initOwner(root.getScene().getWindow());
        a.show();
    }
}
