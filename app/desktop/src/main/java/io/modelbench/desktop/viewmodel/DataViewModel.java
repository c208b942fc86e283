package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.QualityHints;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.project.DatasetRecipe;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Data page: open a CSV file, an image folder or a bundled sample (read and, for a table, profiled once on a
 * worker), see the table and each column's profile, set column types and roles, and how missing values and scaling
 * are handled ({@link DataColumns}); for images the classes and the size, colour and augmentation settings
 * ({@link ImageOptions}).
 */
public final class DataViewModel {

    /** One class of an image folder: its name, how many images, and a few of them (file URIs) to show. */
    public record ImageClassRow(String label, int count, List<String> thumbnails) {
    }

    private final Workspace workspace;
    /** Reading (and profiling) a table or reading an image folder, with progress; cancellable. */
    private final TaskRunner loader;
    private final DataColumns columns;
    private final ImageOptions images;
    private final SeriesChoice series;
    private final SequenceChoice sequences;
    private final ObservableList<Samples.Sample> samples = FXCollections.observableArrayList();
    private final ObservableList<String> columnNames = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper hints = new ReadOnlyStringWrapper(this, "hints", "");
    /** The open table's quality hints (without the leak lines, which follow the target). */
    private String qualityHints = "";
    /** Checking the columns for leaks for the current target, off the UI thread (see {@link Datasets#leaks}). */
    private final TaskRunner leakCheck;
    /** True while a newly read table is being shown: its target is set then, and the leak check follows once. */
    private boolean opening;
    /** Where the open data came from, as a recipe names it: an absolute path, or sample:ID. */
    private String openSource;
    private String loadingSource;
    /** What to do once the data being read is open (a project's recipe), or null. */
    private Runnable after;

    public DataViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.loader = new TaskRunner(background, ui);
        this.leakCheck = new TaskRunner(background, ui);
        this.columns = new DataColumns(workspace);
        this.images = new ImageOptions(workspace, error::set);
        this.series = new SeriesChoice(workspace, background, ui);
        this.sequences = new SequenceChoice(workspace, series, background, ui);
        samples.setAll(Samples.list());
        workspace.tableProperty().addListener((o, was, table) -> {
            columnNames.setAll(table == null ? List.of() : table.columns());
            updateSummary();
            columns.clear();
        });
        workspace.targetColumnProperty().addListener((o, was, now) -> {
            updateSummary();
            if (!opening) {
                checkLeaks();
            }
        });
        workspace.preparationProperty().addListener((o, was, now) -> showLeakHints()); // a leak kept or left out again
        workspace.sequencesProperty().addListener((o, was, now) -> showLeakHints());   // a sequence id is no leak
        workspace.imagesProperty().addListener((o, was, now) -> {
            images.imagesChanged(now);
            updateSummary();
        });
    }

    // ---- opening data ---------------------------------------------------------------------------------------

    public ObservableList<Samples.Sample> getSamples() {
        return samples;
    }

    /** Opens a bundled sample in the background; its usual target column is chosen. */
    public void openSample(Samples.Sample sample) {
        loadingSource = "sample:" + sample.id();
        load(p -> Datasets.openSample(sample, p), sample.isImages() ? null : sample.target());
    }

    /**
     * Opens a CSV file, or a folder of images with one subfolder per class, in the background with progress;
     * for a table the last column is chosen as the target.
     */
    public void openFile(Path file) {
        loadingSource = file.toAbsolutePath().normalize().toString();
        load(p -> Datasets.open(file, p), null);
    }

    /** Reads the open image folder again with the size and colour set here. */
    public void applyImageSettings() {
        ImageDataset open = workspace.getImages();
        if (open == null) {
            return;
        }
        ImageSettings s;
        try {
            s = images.settings();
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        loadingSource = openSource;
        load(p -> Datasets.openImages(open.folder(), open.source(), s, p), null);
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loader.runningProperty();
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

    private void load(Function<TaskProgress, Dataset> reader, String target) {
        if (loader.isRunning()) {
            return;
        }
        error.set("");
        String source = loadingSource;
        PreparationSettings prep = columns.forNewTable();
        // the quality hints read every cell: worked out here, off the JavaFX thread
        loader.run(BackgroundTask.of(ctx -> {
                    Opened o = prime(reader.apply(ctx), target, prep);
                    return java.util.Map.entry(o, o.data().map(t -> QualityHints.of(t.table()).stream().map(h -> "Hint: " + h)
                            .collect(java.util.stream.Collectors.joining("\n")), i -> "", s -> ""));
                })
                .describedAs("Could not open the table")
                .onSuccess(r -> {
                    qualityHints = r.getValue();
                    hints.set(qualityHints);
                    opened(r.getKey(), target, source);
                    series.offer(r.getKey().timeColumns());
                })
                .onCancelled(this::cancelled)
                .onFailure(msg -> {
                    error.set(msg);
                    after = null;
                }));
    }

    /** Data read, and for a table its schema for the target it gets (see {@link Workspace.Primed}); null if none. */
    private record Opened(Dataset data, Workspace.Primed primed, List<String> timeColumns) {
    }

    /** On the worker: a table's schema for the target it will get, as the Model page will ask for it first. */
    private static Opened prime(Dataset data, String target, PreparationSettings prep) {
        TableDataset table = data.map(t -> t, images -> null, series -> null);
        if (table == null) {
            return new Opened(data, null, List.of());
        }
        List<String> times = SeriesChoice.detect(table.table());
        try {
            TableDataset checked = table.withSchema(DataColumns.targetOf(table.table(), target), null, List.of(), prep);
            return new Opened(checked, new Workspace.Primed(checked, prep, checked.inputWidth(prep)), times);
        } catch (RuntimeException e) {
            return new Opened(data, null, times);  // the Model page works it out again and says what is wrong
        }
    }

    private void opened(Opened o, String target, String source) {
        Dataset data = o.data();
        opening = true;
        try {
            show(o, data, target);
        } finally {
            opening = false;
        }
        openSource = source;
        Runnable then = after;
        after = null;
        if (then != null) {
            then.run();
        }
        // last, as when the profiles came from a worker: the rows' roles follow the target and a project's choices
        TableDataset table = workspace.getDataset() == null ? null : workspace.getDataset().map(t -> t, images -> null, series -> series.table());
        if (table != null) {
            columns.show(table);
            checkLeaks();
        }
    }

    private void show(Opened o, Dataset data, String target) {
        workspace.outcomeProperty().set(null);
        workspace.setPrimed(o.primed());
        workspace.datasetProperty().set(data);
        data.accept(new Dataset.Cases<Void>() {
            @Override
            public Void table(TableDataset d) {
                Table t = d.table();
                workspace.imagesProperty().set(null);
                workspace.tableProperty().set(t);
                workspace.targetColumnProperty().set(DataColumns.targetOf(t, target));
                return null;
            }

            @Override
            public Void images(ImageDataset d) {
                workspace.tableProperty().set(null);
                workspace.targetColumnProperty().set(null);
                workspace.imagesProperty().set(d);
                return null;
            }

            @Override
            public Void series(io.modelbench.engine.data.SeriesDataset d) {
                workspace.imagesProperty().set(null);
                workspace.tableProperty().set(d.table().table());
                workspace.targetColumnProperty().set(d.targetColumn());
                return null;
            }
        });
    }

    /**
     * Works out which columns would be left out as leaks for the current target (issue 18: the reason showed only after
     * training) on a worker, then shows them as "ignore" with the reason, and a hint line each; a newer target's check
     * makes an older one stale.
     */
    private void checkLeaks() {
        TableDataset data = workspace.getDataset() == null ? null : workspace.getDataset().map(t -> t, images -> null, series -> null);
        String target = workspace.targetColumnProperty().get();
        if (data == null || target == null) {
            return;
        }
        PreparationSettings prep = workspace.preparationProperty().get();
        java.util.Map<String, io.modelbench.engine.api.ColumnType> types = prep == null ? java.util.Map.of() : prep.types();
        leakCheck.run(BackgroundTask.of(ctx -> Datasets.leaks(data, target, types))
                .describedAs("Could not check the columns for leaks")
                .onSuccess(found -> {
                    columns.showLeaks(target, found);
                    showLeakHints();
                })
                .onFailure(msg -> showLeakHints()));
    }

    /** The quality hints and a line per column left out as a leak, with how to keep it. */
    private void showLeakHints() {
        String leaks = columns.leakHints();
        hints.set(qualityHints.isEmpty() ? leaks : leaks.isEmpty() ? qualityHints : qualityHints + "\n" + leaks);
    }

    // ---- projects -------------------------------------------------------------------------------------------

    /**
     * Opens the data a project's recipe names, prepared as it says; {@code done} gets "" or a warning that the
     * data changed since the recipe was written (its content hash differs), on the UI thread.
     */
    public void openRecipe(DatasetRecipe r, Consumer<String> done) {
        if (r == null || r.source() == null) {
            return;
        }
        after = () -> {
            if (r.forImages()) {
                ImageDataset d = workspace.getImages();
                if (d != null && r.images() != null && !d.settings().equals(r.images())) {
                    images.replace(d, d.settings().withAugmentation(r.images().augmentation()));
                }
            } else if (workspace.getTable() != null) {
                columns.apply(r);
            }
            Dataset now = workspace.getDataset();
            String warning = r.sha256() != null && now != null && !r.sha256().equals(now.sha256())
                    ? "The data changed since this project last used it (" + r.source() + " has different content now): "
                    + "the runs below were trained on the earlier version. Train again to use the new data." : "";
            if (r.sequences() != null && workspace.getTable() != null) {
                sequences.restore(r.sequences(), () -> done.accept(warning));  // the model and settings follow the sequences
            } else if (r.series() != null && workspace.getTable() != null) {
                series.restore(r.series(), () -> done.accept(warning));  // the model and settings follow the series' defaults
            } else {
                done.accept(warning);
            }
        };
        if (r.fromSample()) {
            openSample(Samples.find(r.source().substring(7)));
        } else if (r.forImages() && r.images() != null) {
            Path folder = Path.of(r.source());
            loadingSource = folder.toAbsolutePath().normalize().toString();
            load(p -> Datasets.openImages(folder, folder.toString(), r.images(), p), null);
        } else {
            openFile(Path.of(r.source()));
        }
    }

    /** The open data as a recipe (for a project), or null. */
    public DatasetRecipe currentRecipe() {
        ImageDataset open = workspace.getImages();
        if (open != null) {
            return new DatasetRecipe("images", openSource, open.sha256(), "class", List.of(), null, open.settings());
        }
        Table t = workspace.getTable();
        if (t == null) {
            return null;
        }
        return new DatasetRecipe("table", openSource, t.sha256(), workspace.targetColumnProperty().get(),
                workspace.ignoredColumnsProperty().get(), workspace.preparationProperty().get(), null, series.applied(), sequences.applied());
    }

    // ---- the table --------------------------------------------------------------------------------------------

    public ObservableList<String> getColumns() {
        return columnNames;
    }

    public ReadOnlyObjectProperty<Table> tableProperty() {
        return workspace.tableProperty();
    }

    public StringProperty targetColumnProperty() {
        return workspace.targetColumnProperty();
    }

    /** Per column: profile, editable type and role (input, target, ignore). */
    public ObservableList<ColumnRow> getColumnRows() {
        return columns.rows();
    }

    public ObjectProperty<Normalization> normalizationProperty() {
        return columns.normalization();
    }

    /** null: the default per type (mean for numbers, most frequent value otherwise). */
    public ObjectProperty<MissingStrategy> missingProperty() {
        return columns.missing();
    }

    public StringProperty missingConstantProperty() {
        return columns.missingConstant();
    }

    public BooleanProperty weightClassesProperty() {
        return columns.weightClasses();
    }

    /** The time-series choice: a time column and the other series settings, the series chart (issue 15). */
    public SeriesChoice series() {
        return series;
    }

    /** The sequence choice: a sequence id and time column to classify whole sequences (issue 15). */
    public SequenceChoice sequences() {
        return sequences;
    }

    // ---- image folders ------------------------------------------------------------------------------------------

    /** The open image folder's classes with a few thumbnails each. */
    public ObservableList<ImageClassRow> getImageClasses() {
        return images.classes();
    }

    /** Files of the open image folder that were skipped, each with the reason. */
    public ObservableList<String> getSkippedFiles() {
        return images.skipped();
    }

    public ReadOnlyObjectProperty<ImageDataset> imagesProperty() {
        return workspace.imagesProperty();
    }

    public StringProperty imageWidthProperty() {
        return images.width();
    }

    public StringProperty imageHeightProperty() {
        return images.height();
    }

    public BooleanProperty grayscaleProperty() {
        return images.grayscale();
    }

    public BooleanProperty augmentFlipProperty() {
        return images.flip();
    }

    public StringProperty augmentShiftProperty() {
        return images.shift();
    }

    public StringProperty augmentRotateProperty() {
        return images.rotate();
    }

    // ---- status -------------------------------------------------------------------------------------------------

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * An analyst's hints on the open table, one a line (engine.data.QualityHints: columns that repeat another, mostly
     * empty columns, impossible values, each with what to do); empty for images or a clean table.
     */
    public ReadOnlyStringProperty hintsProperty() {
        return hints.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    private void updateSummary() {
        summary.set(DataColumns.summary(workspace));
    }
}
