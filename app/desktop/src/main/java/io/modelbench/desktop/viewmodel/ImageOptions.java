package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.data.ImageDataset;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Data page's image-folder section: the classes with a few thumbnails each, the files skipped, and the size,
 * colour and augmentation settings as typed. Augmentation applies to training batches only, so changing it gives the
 * open images the new setting at once; size and colour need the folder read again ({@link DataViewModel}). Part of
 * {@link DataViewModel}; UI thread only.
 */
final class ImageOptions {

    /** One class of an image folder: its name, how many images, and a few of them (file URIs) to show. */
    static final int THUMBNAILS_PER_CLASS = 12;

    private final Workspace workspace;
    private final Consumer<String> error;
    private final ObservableList<DataViewModel.ImageClassRow> imageClasses = FXCollections.observableArrayList();
    private final ObservableList<String> skippedFiles = FXCollections.observableArrayList();
    private final StringProperty imageWidth = new SimpleStringProperty(this, "imageWidth", "28");
    private final StringProperty imageHeight = new SimpleStringProperty(this, "imageHeight", "28");
    private final BooleanProperty grayscale = new SimpleBooleanProperty(this, "grayscale", true);
    private final BooleanProperty augmentFlip = new SimpleBooleanProperty(this, "augmentFlip");
    private final StringProperty augmentShift = new SimpleStringProperty(this, "augmentShift", "0");
    private final StringProperty augmentRotate = new SimpleStringProperty(this, "augmentRotate", "0");
    private boolean showingSettings;

    /** @param error where a bad setting's message goes ("" clears it) */
    ImageOptions(Workspace workspace, Consumer<String> error) {
        this.workspace = workspace;
        this.error = error;
        javafx.beans.InvalidationListener augmentation = o -> augmentationChanged();
        augmentFlip.addListener(augmentation);
        augmentShift.addListener(augmentation);
        augmentRotate.addListener(augmentation);
    }

    ObservableList<DataViewModel.ImageClassRow> classes() {
        return imageClasses;
    }

    ObservableList<String> skipped() {
        return skippedFiles;
    }

    StringProperty width() {
        return imageWidth;
    }

    StringProperty height() {
        return imageHeight;
    }

    BooleanProperty grayscale() {
        return grayscale;
    }

    BooleanProperty flip() {
        return augmentFlip;
    }

    StringProperty shift() {
        return augmentShift;
    }

    StringProperty rotate() {
        return augmentRotate;
    }

    /** Image data was opened (or closed: null): its classes, thumbnails, skipped files and settings. */
    void imagesChanged(ImageDataset images) {
        imageClasses.clear();
        skippedFiles.clear();
        if (images == null) {
            return;
        }
        int[] counts = images.classCounts();
        List<List<String>> thumbs = new ArrayList<>();
        images.labels().forEach(l -> thumbs.add(new ArrayList<>()));
        for (ImageDataset.Item it : images.items()) {
            List<String> t = thumbs.get(it.label());
            if (t.size() < THUMBNAILS_PER_CLASS) {
                t.add(it.file().toUri().toString());
            }
        }
        for (int c = 0; c < counts.length; c++) {
            imageClasses.add(new DataViewModel.ImageClassRow(images.labels().get(c), counts[c], List.copyOf(thumbs.get(c))));
        }
        images.skipped().forEach(k -> skippedFiles.add(images.relative(k.file()) + " — " + k.reason()));
        show(images.settings());
    }

    /** The settings as typed; an {@link InputException} naming the one that is not valid. */
    ImageSettings settings() {
        int w = parse(imageWidth.get(), "image width");
        int h = parse(imageHeight.get(), "image height");
        return new ImageSettings(w, h, grayscale.get(), "0..1", augmentation());
    }

    private ImageSettings.Augmentation augmentation() {
        int shift = parse(augmentShift.get(), "augmentation shift");
        double rotate;
        try {
            rotate = Double.parseDouble(augmentRotate.get().trim());
        } catch (NumberFormatException e) {
            throw InputException.setting("augmentation rotation", augmentRotate.get(), "enter degrees, such as 10");
        }
        return new ImageSettings.Augmentation(augmentFlip.get(), shift, rotate);
    }

    private static int parse(String text, String name) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw InputException.setting(name, text, "enter a whole number");
        }
    }

    private void show(ImageSettings s) {
        showingSettings = true;
        try {
            imageWidth.set(String.valueOf(s.width()));
            imageHeight.set(String.valueOf(s.height()));
            grayscale.set(s.grayscale());
            augmentFlip.set(s.augmentation().flip());
            augmentShift.set(String.valueOf(s.augmentation().shiftPixels()));
            augmentRotate.set(String.valueOf((int) s.augmentation().rotateDegrees()));
        } finally {
            showingSettings = false;
        }
    }

    /** Augmentation applies to training batches only: the open images keep their pixels and get the new setting. */
    private void augmentationChanged() {
        ImageDataset d = workspace.getImages();
        if (showingSettings || d == null) {
            return;
        }
        try {
            ImageSettings s = d.settings().withAugmentation(augmentation());
            error.accept("");
            replace(d, s);
        } catch (InputException e) {
            error.accept(e.getMessage());
        }
    }

    /** The open images with other settings (the same pixels): as a project's recipe or a new augmentation says. */
    void replace(ImageDataset d, ImageSettings s) {
        ImageDataset changed = new ImageDataset(d.folder(), d.source(), d.labels(), d.items(), d.skipped(), d.pixels(), s, d.sha256());
        workspace.datasetProperty().set(changed);
        workspace.imagesProperty().set(changed);
    }
}
