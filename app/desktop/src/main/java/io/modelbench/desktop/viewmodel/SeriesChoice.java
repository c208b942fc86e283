package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.Table;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Data page's time-series choice (issue 15): the columns of the open table whose values read as times are
 * offered (and the first suggested in words, never chosen for the user); with a time column chosen, the window and
 * horizon typed, {@link #apply()} reads the table as a {@link SeriesDataset} on a worker (engine.app.Datasets, as the
 * command line's {@code train --time-column} does) and puts it in {@link Workspace#seriesProperty()}: the Model page
 * then offers the LSTM and the Train page trains on the series. {@link #NONE} keeps the table as a table. UI thread only.
 */
public final class SeriesChoice {

    /** The choice that keeps the open table a plain table. */
    public static final String NONE = "none";
    /** The window offered first: as the command line's default. */
    static final String DEFAULT_WINDOW = "12";

    private final Workspace workspace;
    private final TaskRunner reader;
    private final ObservableList<String> timeColumns = FXCollections.observableArrayList(NONE);
    private final StringProperty timeColumn = new SimpleStringProperty(this, "timeColumn", NONE);
    private final StringProperty window = new SimpleStringProperty(this, "window", DEFAULT_WINDOW);
    private final StringProperty horizon = new SimpleStringProperty(this, "horizon", "1");
    private final ReadOnlyStringWrapper suggestion = new ReadOnlyStringWrapper(this, "suggestion", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    SeriesChoice(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.reader = new TaskRunner(background, ui);
        workspace.tableProperty().addListener((o, was, now) -> {
            reader.cancel();
            timeColumns.remove(1, timeColumns.size());
            timeColumn.set(NONE);
            suggestion.set("");
            workspace.seriesProperty().set(null);
            status.set("");
            error.set("");
        });
        // a series of another target is read again; "none" drops the series at once
        workspace.targetColumnProperty().addListener((o, was, now) -> {
            if (workspace.seriesProperty().get() != null) {
                apply();
            }
        });
        // choosing a time column reads the series at once; a new window or horizon is read with apply() (the page's button)
        timeColumn.addListener((o, was, now) -> apply());
    }

    /** On the worker that opened the table: the columns that read as times. */
    static List<String> detect(Table table) {
        return table == null ? List.of() : Datasets.timeColumns(table);
    }

    /** The open table's time columns (found while it was read), and the sentence suggesting the first. */
    void offer(List<String> columns) {
        // "none" stays in place (a combo box bound to the choice would lose its value if it were removed and added again)
        timeColumns.remove(1, timeColumns.size());
        timeColumns.addAll(columns);
        suggestion.set(columns.isEmpty() ? "" : "Column '" + columns.get(0) + "' holds times: choose it as the time column "
                + "to forecast '" + workspace.targetColumnProperty().get() + "' from its past values (a time series).");
    }

    /** True when no time column is chosen (the table stays a table). */
    public boolean isNone() {
        return timeColumn.get() == null || NONE.equals(timeColumn.get());
    }

    /** "none", then the open table's columns whose values read as times. */
    public ObservableList<String> getTimeColumns() {
        return timeColumns;
    }

    public StringProperty timeColumnProperty() {
        return timeColumn;
    }

    /** Past steps the model reads. */
    public StringProperty windowProperty() {
        return window;
    }

    /** Steps ahead to forecast (1: the next step). */
    public StringProperty horizonProperty() {
        return horizon;
    }

    public ReadOnlyStringProperty suggestionProperty() {
        return suggestion.getReadOnlyProperty();
    }

    /** What reading the series found (steps, format, gaps filled), or "". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the table cannot be read as a series with these settings (the engine's words), or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Reads the open table as a series with the chosen time column, window and horizon; "none" makes it a table again. */
    public void apply() {
        reader.cancel();
        error.set("");
        String time = timeColumn.get();
        Table t = workspace.getTable();
        String target = workspace.targetColumnProperty().get();
        if (time == null || NONE.equals(time) || t == null || target == null) {
            workspace.seriesProperty().set(null);
            status.set("");
            return;
        }
        SeriesSettings settings;
        try {
            settings = SeriesSettings.of(time, whole(window.get(), "window"), whole(horizon.get(), "horizon"));
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        // the split the Train page asks for (its seed does not matter: a series is split by time)
        reader.run(BackgroundTask.of(ctx -> Datasets.checkedSeries(Datasets.table(t), target, settings,
                        SplitSettings.defaults(TrainingSettings.DEFAULT_SEED)))
                .describedAs("Could not read the table as a time series")
                .onSuccess(this::read)
                .onFailure(msg -> {
                    workspace.seriesProperty().set(null);
                    status.set("");
                    error.set(msg);
                }));
    }

    private void read(SeriesDataset d) {
        workspace.seriesProperty().set(d);
        String notes = String.join("; ", d.notes());
        status.set(String.format("Time series of '%s' by '%s' · %,d steps · window %d, horizon %d · split by time "
                        + "(last 20 %% test, 10 %% before it validation)%s", d.targetColumn(), d.settings().timeColumn(), d.steps(),
                d.settings().window(), d.settings().horizon(), notes.isEmpty() ? "" : " · " + notes));
    }

    private static int whole(String text, String name) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw InputException.setting(name, text, "enter a whole number of time steps");
        }
    }
}
