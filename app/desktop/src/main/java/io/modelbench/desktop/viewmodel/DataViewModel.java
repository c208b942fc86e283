package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The Data page: open a CSV file or a bundled sample, see the table, choose the column to predict. */
public final class DataViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(DataViewModel.class);

    private final Workspace workspace;
    private final Executor background;
    private final UiScheduler ui;
    private final ObservableList<Samples.Sample> samples = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public DataViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.background = background;
        this.ui = ui;
        samples.setAll(Samples.list());
        workspace.tableProperty().addListener((o, was, table) -> {
            columns.setAll(table == null ? List.of() : table.columns());
            updateSummary();
        });
        workspace.targetColumnProperty().addListener((o, was, now) -> updateSummary());
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
        return loading;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Opens a bundled sample in the background; its usual target column is chosen. */
    public void openSample(Samples.Sample sample) {
        load(() -> Samples.open(sample), sample.target());
    }

    /** Opens a CSV file in the background; the last column is chosen as the target. */
    public void openFile(Path file) {
        load(() -> CsvTables.read(file), null);
    }

    private void load(Supplier<Table> reader, String target) {
        loading.set(true);
        error.set("");
        background.execute(() -> {
            try {
                Table t = reader.get();
                ui.execute(() -> {
                    workspace.outcomeProperty().set(null);
                    workspace.tableProperty().set(t);
                    String chosen = target != null && t.indexOf(target) >= 0 ? target : t.columns().get(t.columnCount() - 1);
                    workspace.targetColumnProperty().set(chosen);
                    loading.set(false);
                });
            } catch (RuntimeException e) {
                LOG.warn("Could not open the table", e);
                ui.execute(() -> {
                    error.set(Errors.message(e));
                    loading.set(false);
                });
            }
        });
    }

    private void updateSummary() {
        Table t = workspace.getTable();
        if (t == null) {
            summary.set("");
            return;
        }
        summary.set(String.format("%s · %,d rows × %d columns · predicting '%s'", t.source(), t.rowCount(),
                t.columnCount(), workspace.targetColumnProperty().get()));
    }
}
