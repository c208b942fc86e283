package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.data.TableProfiler;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The Data page: open a CSV file or a bundled sample, see the table and each column's profile, set column
 * types and roles (input, target, ignore), and how missing values and scaling are handled.
 */
public final class DataViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(DataViewModel.class);

    private final Workspace workspace;
    /** Reading a table or an image folder, with progress; cancellable. */
    private final TaskRunner loader;
    /** Profiling the open table's columns. */
    private final TaskRunner profiler;
    private final ObservableList<Samples.Sample> samples = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<ColumnRow> columnRows = FXCollections.observableArrayList();
    private final ObjectProperty<Normalization> normalization = new SimpleObjectProperty<>(this, "normalization", Normalization.STANDARDIZE);
    private final ObjectProperty<MissingStrategy> missing = new SimpleObjectProperty<>(this, "missing");
    private final StringProperty missingConstant = new SimpleStringProperty(this, "missingConstant", "0");
    private final BooleanProperty weightClasses = new SimpleBooleanProperty(this, "weightClasses");
    private final Map<String, ColumnType> typeOverrides = new HashMap<>();
    private final Set<String> ignored = new LinkedHashSet<>();
    private boolean updatingRoles;

    /** One class of an image folder: its name, how many images, and a few of them (file URIs) to show. */
    public record ImageClassRow(String label, int count, List<String> thumbnails) {
    }

    private static final int THUMBNAILS_PER_CLASS = 12;
    private final ObservableList<ImageClassRow> imageClasses = FXCollections.observableArrayList();
    private final ObservableList<String> skippedFiles = FXCollections.observableArrayList();
    private final StringProperty imageWidth = new SimpleStringProperty(this, "imageWidth", "28");
    private final StringProperty imageHeight = new SimpleStringProperty(this, "imageHeight", "28");
    private final BooleanProperty grayscale = new SimpleBooleanProperty(this, "grayscale", true);
    private final BooleanProperty augmentFlip = new SimpleBooleanProperty(this, "augmentFlip");
    private final StringProperty augmentShift = new SimpleStringProperty(this, "augmentShift", "0");
    private final StringProperty augmentRotate = new SimpleStringProperty(this, "augmentRotate", "0");
    private boolean showingImageSettings;
    /** Where the open data came from, as a recipe names it: an absolute path, or sample:ID. */
    private String openSource;
    private String loadingSource;

    public DataViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.loader = new TaskRunner(background, ui);
        this.profiler = new TaskRunner(background, ui);
        samples.setAll(Samples.list());
        workspace.tableProperty().addListener((o, was, table) -> {
            columns.setAll(table == null ? List.of() : table.columns());
            columnRows.clear();
            typeOverrides.clear();
            ignored.clear();
            updatePreparation();
            updateSummary();
            if (table != null) {
                profile(table);
            } else {
                profiler.cancel();
            }
        });
        workspace.targetColumnProperty().addListener((o, was, now) -> {
            updateSummary();
            updateRoles();
        });
        workspace.imagesProperty().addListener((o, was, images) -> {
            imageClasses.clear();
            skippedFiles.clear();
            if (images != null) {
                int[] counts = images.classCounts();
                List<List<String>> thumbs = new java.util.ArrayList<>();
                images.labels().forEach(l -> thumbs.add(new java.util.ArrayList<>()));
                for (ImageDataset.Item it : images.items()) {
                    List<String> t = thumbs.get(it.label());
                    if (t.size() < THUMBNAILS_PER_CLASS) {
                        t.add(it.file().toUri().toString());
                    }
                }
                for (int c = 0; c < counts.length; c++) {
                    imageClasses.add(new ImageClassRow(images.labels().get(c), counts[c], List.copyOf(thumbs.get(c))));
                }
                images.skipped().forEach(k -> skippedFiles.add(images.relative(k.file()) + " — " + k.reason()));
                showImageSettings(images.settings());
            }
            updateSummary();
        });
        javafx.beans.InvalidationListener augmentation = o -> augmentationChanged();
        augmentFlip.addListener(augmentation);
        augmentShift.addListener(augmentation);
        augmentRotate.addListener(augmentation);
        normalization.addListener((o, a, b) -> updatePreparation());
        missing.addListener((o, a, b) -> updatePreparation());
        missingConstant.addListener((o, a, b) -> updatePreparation());
        weightClasses.addListener((o, a, b) -> updatePreparation());
    }

    /** Per column: profile, editable type and role (input, target, ignore). */
    public ObservableList<ColumnRow> getColumnRows() {
        return columnRows;
    }

    public ObjectProperty<Normalization> normalizationProperty() {
        return normalization;
    }

    /** null: the default per type (mean for numbers, most frequent value otherwise). */
    public ObjectProperty<MissingStrategy> missingProperty() {
        return missing;
    }

    public StringProperty missingConstantProperty() {
        return missingConstant;
    }

    public BooleanProperty weightClassesProperty() {
        return weightClasses;
    }

    private void profile(Table table) {
        profiler.run(BackgroundTask.of(ctx -> TableProfiler.profile(table))
                .describedAs("Could not profile the table")
                .onSuccess(this::showProfiles)
                .onFailure(error::set));
    }

    private void showProfiles(List<ColumnProfile> profiles) {
        List<ColumnRow> rows = new java.util.ArrayList<>();
        for (ColumnProfile p : profiles) {
            ColumnRow row = new ColumnRow(p, defaultRole(p));
            row.roleProperty().addListener((o, a, role) -> roleChanged(row, role));
            row.typeProperty().addListener((o, a, type) -> {
                typeOverrides.put(row.getName(), type);
                updatePreparation();
            });
            rows.add(row);
        }
        columnRows.setAll(rows);
    }

    private ColumnRole defaultRole(ColumnProfile p) {
        if (p.name().equals(workspace.targetColumnProperty().get())) {
            return ColumnRole.TARGET;
        }
        if (ignored.contains(p.name())) {
            return ColumnRole.IGNORE;
        }
        if (typeOverrides.containsKey(p.name())) {
            return ColumnRole.FEATURE;
        }
        return p.usableAsFeature() && p.type() != ColumnType.TEXT ? ColumnRole.FEATURE : ColumnRole.IGNORE;
    }

    private void roleChanged(ColumnRow row, ColumnRole role) {
        if (updatingRoles) {
            return;
        }
        String name = row.getName();
        switch (role) {
            case TARGET -> {
                ignored.remove(name);
                workspace.targetColumnProperty().set(name);
            }
            case IGNORE -> {
                ignored.add(name);
                if (name.equals(workspace.targetColumnProperty().get())) {
                    workspace.targetColumnProperty().set(null);
                }
            }
            case FEATURE -> {
                ignored.remove(name);
                if (!row.profile().usableAsFeature() || row.profile().type() == ColumnType.TEXT) {
                    // the user wants a column the engine would leave out: record its type as chosen
                    typeOverrides.put(name, row.typeProperty().get() == ColumnType.TEXT
                            ? ColumnType.CATEGORICAL : row.typeProperty().get());
                    row.typeProperty().set(typeOverrides.get(name));
                }
                if (name.equals(workspace.targetColumnProperty().get())) {
                    workspace.targetColumnProperty().set(null);
                }
            }
        }
        updatePreparation();
        updateRoles();
    }

    /** Keeps exactly the target column's role as TARGET (after the target is chosen elsewhere). */
    private void updateRoles() {
        updatingRoles = true;
        try {
            String target = workspace.targetColumnProperty().get();
            for (ColumnRow r : columnRows) {
                if (r.getName().equals(target)) {
                    r.roleProperty().set(ColumnRole.TARGET);
                } else if (r.roleProperty().get() == ColumnRole.TARGET) {
                    r.roleProperty().set(defaultRole(r.profile()));
                }
            }
        } finally {
            updatingRoles = false;
        }
    }

    private void updatePreparation() {
        workspace.preparationProperty().set(new PreparationSettings(Map.copyOf(typeOverrides), missing.get(), Map.of(),
                missingConstant.get(), normalization.get(), weightClasses.get()));
        workspace.ignoredColumnsProperty().set(List.copyOf(ignored));
    }

    public ObservableList<Samples.Sample> getSamples() {
        return samples;
    }

    public ObservableList<String> getColumns() {
        return columns;
    }

    public ReadOnlyObjectProperty<Table> tableProperty() {
        return workspace.tableProperty();
    }

    public StringProperty targetColumnProperty() {
        return workspace.targetColumnProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loader.runningProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The share of the file read so far while loading (-1: not known). */
    public ReadOnlyDoubleProperty progressProperty() {
        return loader.progressProperty();
    }

    /** Stops the import in progress; the table open before stays. */
    public void cancel() {
        if (loader.cancel()) {
            cancelled();
        }
    }

    private void cancelled() {
        error.set("Import cancelled; the data open before is still open.");
        after = null;
    }

    /** Opens a bundled sample in the background; its usual target column is chosen. */
    public void openSample(Samples.Sample sample) {
        loadingSource = "sample:" + sample.id();
        if (sample.isImages()) {
            load(p -> {
                Path folder = Samples.unpackImages(sample, Samples.defaultCacheRoot());
                return ImageFolders.load(folder, "sample:" + sample.id(), ImageFolders.suggest(folder), p);
            }, null);
            return;
        }
        load(p -> Samples.open(sample), sample.target());
    }

    /**
     * Opens a CSV file, or a folder of images with one subfolder per class, in the background with progress;
     * for a table the last column is chosen as the target.
     */
    public void openFile(Path file) {
        loadingSource = file.toAbsolutePath().normalize().toString();
        if (ImageFolders.isImageFolder(file)) {
            load(p -> ImageFolders.load(file, ImageFolders.suggest(file), p), null);
            return;
        }
        load(p -> CsvTables.read(file, p), null);
    }

    // ---- image folders --------------------------------------------------------------------------------

    /** The open image folder's classes with a few thumbnails each. */
    public ObservableList<ImageClassRow> getImageClasses() {
        return imageClasses;
    }

    /** Files of the open image folder that were skipped, each with the reason. */
    public ObservableList<String> getSkippedFiles() {
        return skippedFiles;
    }

    public ReadOnlyObjectProperty<ImageDataset> imagesProperty() {
        return workspace.imagesProperty();
    }

    public StringProperty imageWidthProperty() {
        return imageWidth;
    }

    public StringProperty imageHeightProperty() {
        return imageHeight;
    }

    public BooleanProperty grayscaleProperty() {
        return grayscale;
    }

    public BooleanProperty augmentFlipProperty() {
        return augmentFlip;
    }

    public StringProperty augmentShiftProperty() {
        return augmentShift;
    }

    public StringProperty augmentRotateProperty() {
        return augmentRotate;
    }

    /** Reads the open image folder again with the size and colour set here. */
    public void applyImageSettings() {
        ImageDataset open = workspace.getImages();
        if (open == null) {
            return;
        }
        ImageSettings s;
        try {
            s = imageSettings();
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        loadingSource = openSource;
        load(p -> ImageFolders.load(open.folder(), open.source(), s, p), null);
    }

    private ImageSettings imageSettings() {
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

    private void showImageSettings(ImageSettings s) {
        showingImageSettings = true;
        try {
            imageWidth.set(String.valueOf(s.width()));
            imageHeight.set(String.valueOf(s.height()));
            grayscale.set(s.grayscale());
            augmentFlip.set(s.augmentation().flip());
            augmentShift.set(String.valueOf(s.augmentation().shiftPixels()));
            augmentRotate.set(String.valueOf((int) s.augmentation().rotateDegrees()));
        } finally {
            showingImageSettings = false;
        }
    }

    /** Augmentation applies to training batches only: the open images keep their pixels and get the new setting. */
    private void augmentationChanged() {
        ImageDataset d = workspace.getImages();
        if (showingImageSettings || d == null) {
            return;
        }
        try {
            ImageSettings s = d.settings().withAugmentation(augmentation());
            error.set("");
            workspace.imagesProperty().set(new ImageDataset(d.folder(), d.source(), d.labels(), d.items(), d.skipped(),
                    d.pixels(), s, d.sha256()));
        } catch (InputException e) {
            error.set(e.getMessage());
        }
    }

    /**
     * Opens the data a project's recipe names, prepared as it says; {@code done} gets "" or a warning that the
     * data changed since the recipe was written (its content hash differs), on the UI thread.
     */
    public void openRecipe(DatasetRecipe r, java.util.function.Consumer<String> done) {
        if (r == null || r.source() == null) {
            return;
        }
        after = () -> {
            if (r.forImages()) {
                ImageDataset d = workspace.getImages();
                if (d != null && r.images() != null && !d.settings().equals(r.images())) {
                    ImageSettings s = d.settings().withAugmentation(r.images().augmentation());
                    workspace.imagesProperty().set(new ImageDataset(d.folder(), d.source(), d.labels(), d.items(), d.skipped(), d.pixels(), s, d.sha256()));
                }
            } else if (workspace.getTable() != null) {
                PreparationSettings p = r.preparation() == null ? PreparationSettings.defaults() : r.preparation();
                typeOverrides.putAll(p.types());
                ignored.addAll(r.ignoredColumns());
                missingConstant.set(p.constant());
                missing.set(p.missing());
                normalization.set(p.normalization());
                weightClasses.set(p.weightClasses());
                if (r.targetColumn() != null && workspace.getTable().indexOf(r.targetColumn()) >= 0) {
                    workspace.targetColumnProperty().set(r.targetColumn());
                }
                updatePreparation();
            }
            String now = workspace.getImages() != null ? workspace.getImages().sha256() : workspace.getTable() == null ? null : workspace.getTable().sha256();
            done.accept(r.sha256() != null && now != null && !r.sha256().equals(now)
                    ? "The data changed since this project last used it (" + r.source() + " has different content now): "
                    + "the runs below were trained on the earlier version. Train again to use the new data."
                    : "");
        };
        if (r.fromSample()) {
            openSample(Samples.find(r.source().substring(7)));
        } else if (r.forImages()) {
            Path folder = Path.of(r.source());
            ImageSettings s = r.images() == null ? null : r.images();
            loadingSource = folder.toAbsolutePath().normalize().toString();
            load(p -> ImageFolders.load(folder, s == null ? ImageFolders.suggest(folder) : s, p), null);
        } else {
            openFile(Path.of(r.source()));
        }
    }

    /** The open data as a recipe (for a project), or null. */
    public DatasetRecipe currentRecipe() {
        ImageDataset images = workspace.getImages();
        if (images != null) {
            return new DatasetRecipe("images", openSource, images.sha256(), "class", List.of(), null, images.settings());
        }
        Table t = workspace.getTable();
        if (t == null) {
            return null;
        }
        return new DatasetRecipe("table", openSource, t.sha256(), workspace.targetColumnProperty().get(),
                workspace.ignoredColumnsProperty().get(), workspace.preparationProperty().get(), null);
    }

    private Runnable after;

    private void load(Function<TaskProgress, Object> reader, String target) {
        if (loader.isRunning()) {
            return;
        }
        error.set("");
        String source = loadingSource;
        loader.run(BackgroundTask.of(reader::apply)
                .describedAs("Could not open the table")
                .onSuccess(data -> {
                    workspace.outcomeProperty().set(null);
                    if (data instanceof ImageDataset images) {
                        workspace.tableProperty().set(null);
                        workspace.targetColumnProperty().set(null);
                        workspace.imagesProperty().set(images);
                    } else {
                        Table t = (Table) data;
                        workspace.imagesProperty().set(null);
                        workspace.tableProperty().set(t);
                        String chosen = target != null && t.indexOf(target) >= 0 ? target : t.columns().get(t.columnCount() - 1);
                        workspace.targetColumnProperty().set(chosen);
                    }
                    openSource = source;
                    Runnable then = after;
                    after = null;
                    if (then != null) {
                        then.run();
                    }
                })
                .onCancelled(this::cancelled)
                .onFailure(msg -> {
                    error.set(msg);
                    after = null;
                }));
    }

    private void updateSummary() {
        Table t = workspace.getTable();
        ImageDataset images = workspace.getImages();
        if (images != null) {
            ImageSettings s = images.settings();
            summary.set(String.format("%s · %,d images in %d classes · read as %d×%d %s%s", images.source(), images.size(),
                    images.labels().size(), s.width(), s.height(), s.grayscale() ? "grayscale" : "RGB",
                    images.skipped().isEmpty() ? "" : String.format(" · %,d files skipped (listed below)", images.skipped().size())));
            return;
        }
        if (t == null) {
            summary.set("");
            return;
        }
        summary.set(String.format("%s · %,d rows × %d columns · predicting '%s'", t.source(), t.rowCount(),
                t.columnCount(), workspace.targetColumnProperty().get()));
    }
}
