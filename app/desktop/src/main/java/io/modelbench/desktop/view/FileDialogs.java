package io.modelbench.desktop.view;

import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/** The native file dialogs the views use (one place, so tests can replace them). */
public class FileDialogs {

    private File lastFolder;

    public Optional<Path> chooseTable(Window owner) {
        return open(owner, "Open a table",
                new FileChooser.ExtensionFilter("Tables (*.csv, *.tsv, *.txt)", "*.csv", "*.tsv", "*.txt"));
    }

    /** A new project is a folder: the user picks where, and names it (a new folder is made). */
    public Optional<Path> chooseNewProject(Window owner) {
        FileChooser fc = chooser("New project: choose a folder and type the project's name");
        fc.setInitialFileName("my-project");
        return remember(fc.showSaveDialog(owner));
    }

    public Optional<Path> chooseProject(Window owner) {
        return folder(owner, "Open a project folder");
    }

    public Optional<Path> chooseKeras(Window owner) {
        return open(owner, "Import a Keras model's layers", new FileChooser.ExtensionFilter("Keras models (*.h5, *.hdf5)", "*.h5", "*.hdf5"));
    }

    /** A model zip ModelBench exported (the Serve page). */
    public Optional<Path> chooseModel(Window owner) {
        return open(owner, "Choose a model to serve", new FileChooser.ExtensionFilter("Model zips (*.zip)", "*.zip"));
    }

    public Optional<Path> chooseImage(Window owner) {
        return open(owner, "Choose an image",
                new FileChooser.ExtensionFilter("Images (*.png, *.jpg, *.jpeg, *.bmp, *.gif)", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif"));
    }

    public Optional<Path> chooseImageFolder(Window owner) {
        return folder(owner, "Open a folder of images (one subfolder per class)");
    }

    /** An open dialog with the given filter first and "All files" second, starting in the last folder used. */
    private Optional<Path> open(Window owner, String title, FileChooser.ExtensionFilter filter) {
        FileChooser fc = chooser(title);
        fc.getExtensionFilters().addAll(filter, new FileChooser.ExtensionFilter("All files", "*.*"));
        return remember(fc.showOpenDialog(owner));
    }

    private Optional<Path> folder(Window owner, String title) {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle(title);
        if (lastFolder != null && lastFolder.isDirectory()) {
            dc.setInitialDirectory(lastFolder);
        }
        return remember(dc.showDialog(owner));
    }

    private FileChooser chooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        return fc;
    }

    private Optional<Path> remember(File f) {
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    public Optional<Path> choosePredictionsTarget(Window owner, String suggestedName) {
        return chooseSaveTarget(owner, "Export predictions", suggestedName, new FileChooser.ExtensionFilter("CSV (*.csv)", "*.csv"));
    }

    public Optional<Path> chooseReportTarget(Window owner, String suggestedName) {
        return chooseSaveTarget(owner, "Export report", suggestedName, new FileChooser.ExtensionFilter("HTML (*.html)", "*.html"));
    }

    /** Where to save the ONNX file (".onnx" added when the name does not end with it). */
    public Optional<Path> chooseOnnxTarget(Window owner, String suggestedName) {
        return chooseSaveTarget(owner, "Export as ONNX", suggestedName, new FileChooser.ExtensionFilter("ONNX model (*.onnx)", "*.onnx"))
                .map(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx") ? p
                        : p.resolveSibling(p.getFileName() + ".onnx"));
    }

    /** Where to save a chart; {@code pattern} is the format's "*.png" or "*.svg". */
    public Optional<Path> chooseChartTarget(Window owner, String suggestedName, String description, String pattern) {
        return chooseSaveTarget(owner, "Export the chart", suggestedName, new FileChooser.ExtensionFilter(description, pattern));
    }

    private Optional<Path> chooseSaveTarget(Window owner, String title, String suggestedName, FileChooser.ExtensionFilter filter) {
        FileChooser fc = chooser(title);
        fc.setInitialFileName(suggestedName);
        fc.getExtensionFilters().add(filter);
        return remember(fc.showSaveDialog(owner));
    }

    public Optional<Path> chooseModelTarget(Window owner, String suggestedName) {
        return chooseSaveTarget(owner, "Export the model", suggestedName,
                new FileChooser.ExtensionFilter("DL4J model zip (*.zip)", "*.zip"))
                .map(p -> p.getFileName().toString().toLowerCase().endsWith(".zip") ? p : p.resolveSibling(p.getFileName() + ".zip"));
    }

}
