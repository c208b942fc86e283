package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;

/**
 * What the pages share: the open table or image folder, the chosen target column, how the table is prepared, the backend's
 * state and the latest trained model. Changed on the UI thread only.
 */
public final class Workspace {

    private final ObjectProperty<Dataset> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final ObjectProperty<Table> table = new SimpleObjectProperty<>(this, "table");
    private final ObjectProperty<ImageDataset> images = new SimpleObjectProperty<>(this, "images");
    private final ObjectProperty<io.modelbench.engine.project.Project> project = new SimpleObjectProperty<>(this, "project");
    private final StringProperty targetColumn = new SimpleStringProperty(this, "targetColumn");
    private final ObjectProperty<BackendStatus> backend = new SimpleObjectProperty<>(this, "backend", BackendStatus.loading());
    private final ObjectProperty<TrainingOutcome> outcome = new SimpleObjectProperty<>(this, "outcome");
    private final ObjectProperty<PreparationSettings> preparation =
            new SimpleObjectProperty<>(this, "preparation", PreparationSettings.defaults());
    private final ObjectProperty<List<String>> ignoredColumns = new SimpleObjectProperty<>(this, "ignoredColumns", List.of());
    /** The open table read as a time series when a time column is chosen on the Data page (issue 15); null: a plain table. */
    private final ObjectProperty<io.modelbench.engine.data.SeriesDataset> series = new SimpleObjectProperty<>(this, "series");
    /** The open table read as labelled sequences to classify (one row per sequence, with its schema), or null (issue 15). */
    private final ObjectProperty<TableDataset> sequences = new SimpleObjectProperty<>(this, "sequences");
    private final javafx.collections.ObservableList<RunRecord> runs = javafx.collections.FXCollections.observableArrayList();

    /**
     * The open data as the engine takes it: a table with its column profiles (worked out once, when it was read) or an
     * image folder. Set before {@link #tableProperty()} or {@link #imagesProperty()} change, so their listeners find it;
     * replaced by the same table with its schema once the Model page has worked that out (training then reuses it),
     * which changes neither of them.
     */
    /**
     * A table as opened with its schema for the target chosen then and the number of model inputs, worked out on the
     * worker that read it, for the preparation settings of that moment: the Model page shows it with the table instead
     * of a worker's turn later. At start that turn came after the backend had begun loading and the page had been
     * laid out once (its layer table's columns then did not fit their content, as JavaFX sizes them only then).
     */
    record Primed(TableDataset data, PreparationSettings prep, int inputWidth) {
    }

    private Primed primed;

    Primed primed() {
        return primed;
    }

    void setPrimed(Primed p) {
        this.primed = p;
    }

    public ObjectProperty<Dataset> datasetProperty() {
        return dataset;
    }

    public Dataset getDataset() {
        return dataset.get();
    }

    public ObjectProperty<Table> tableProperty() {
        return table;
    }

    public Table getTable() {
        return table.get();
    }

    /** The open image folder (one subfolder per class), or null; at most one of table and images is set. */
    public ObjectProperty<ImageDataset> imagesProperty() {
        return images;
    }

    public ImageDataset getImages() {
        return images.get();
    }

    /** The open project (runs are saved into it), or null: runs then live for this session only. */
    public ObjectProperty<io.modelbench.engine.project.Project> projectProperty() {
        return project;
    }

    public io.modelbench.engine.project.Project getProject() {
        return project.get();
    }

    /** True when a table or an image folder is open. */
    public boolean hasData() {
        return table.get() != null || images.get() != null;
    }

    public ObjectProperty<io.modelbench.engine.data.SeriesDataset> seriesProperty() {
        return series;
    }

    /**
     * The open table read as sequences to classify when a sequence id column is chosen on the Data page: one row per
     * sequence ({@code TableDataset.sequences}) with its schema for the label; null otherwise. The long table stays the
     * {@link #datasetProperty()} (predictions and exports read it as the model card says).
     */
    public ObjectProperty<TableDataset> sequencesProperty() {
        return sequences;
    }

    /** What a run trains on: the sequences or the series when chosen, else the open table or image folder. */
    public Dataset trainingData() {
        return sequences.get() != null ? sequences.get() : series.get() != null ? series.get() : dataset.get();
    }

    public StringProperty targetColumnProperty() {
        return targetColumn;
    }

    public ObjectProperty<BackendStatus> backendProperty() {
        return backend;
    }

    public boolean isBackendReady() {
        return backend.get() != null && backend.get().state() == BackendStatus.State.READY;
    }

    /** Column types the user set, missing-value strategy, normalization, class weights. */
    public ObjectProperty<PreparationSettings> preparationProperty() {
        return preparation;
    }

    /** Columns the user chose to leave out (identifiers and text are left out by the engine anyway). */
    public ObjectProperty<List<String>> ignoredColumnsProperty() {
        return ignoredColumns;
    }

    /** The runs trained in this session, newest first. */
    public javafx.collections.ObservableList<RunRecord> getRuns() {
        return runs;
    }

    public ObjectProperty<TrainingOutcome> outcomeProperty() {
        return outcome;
    }

    public TrainingOutcome getOutcome() {
        return outcome.get();
    }
}
