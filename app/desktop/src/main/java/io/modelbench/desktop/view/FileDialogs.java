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
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a table");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Tables (*.csv, *.tsv, *.txt)", "*.csv", "*.tsv", "*.txt"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showOpenDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    /** A new project is a folder: the user picks where, and names it (a new folder is made). */
    public Optional<Path> chooseNewProject(Window owner) {
        FileChooser fc = new FileChooser();
        fc.setTitle("New project: choose a folder and type the project's name");
        fc.setInitialFileName("my-project");
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showSaveDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    public Optional<Path> chooseProject(Window owner) {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Open a project folder");
        if (lastFolder != null && lastFolder.isDirectory()) {
            dc.setInitialDirectory(lastFolder);
        }
        File f = dc.showDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    public Optional<Path> chooseKeras(Window owner) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import a Keras model's layers");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Keras models (*.h5, *.hdf5)", "*.h5", "*.hdf5"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showOpenDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    public Optional<Path> chooseImage(Window owner) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Choose an image");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images (*.png, *.jpg, *.jpeg, *.bmp, *.gif)", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showOpenDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    public Optional<Path> chooseImageFolder(Window owner) {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Open a folder of images (one subfolder per class)");
        if (lastFolder != null && lastFolder.isDirectory()) {
            dc.setInitialDirectory(lastFolder);
        }
        File f = dc.showDialog(owner);
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

    /** Where to save a chart; {@code pattern} is the format's "*.png" or "*.svg". */
    public Optional<Path> chooseChartTarget(Window owner, String suggestedName, String description, String pattern) {
        return chooseSaveTarget(owner, "Export the chart", suggestedName, new FileChooser.ExtensionFilter(description, pattern));
    }

    private Optional<Path> chooseSaveTarget(Window owner, String title, String suggestedName, FileChooser.ExtensionFilter filter) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(suggestedName);
        fc.getExtensionFilters().add(filter);
        if (lastFolder != null && lastFolder.isDirectory()) {
            fc.setInitialDirectory(lastFolder);
        }
        File f = fc.showSaveDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    public Optional<Path> chooseModelTarget(Window owner, String suggestedName) {
        return chooseSaveTarget(owner, "Export the model", suggestedName,
                new FileChooser.ExtensionFilter("DL4J model zip (*.zip)", "*.zip"))
                .map(p -> p.getFileName().toString().toLowerCase().endsWith(".zip") ? p : p.resolveSibling(p.getFileName() + ".zip"));
    }

}
