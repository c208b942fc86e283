package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Data page's time-series choice (issue 15): the columns of the open table whose values read as times are
 * offered (and the first suggested in words, never chosen for the user); with a time column chosen and the other
 * settings typed — window, horizon, stride, id column, covariates, missing steps, period: the same
 * {@link SeriesSettings} the command line's {@code train --time-column ...} builds — {@link #apply()} reads the table as
 * a {@link SeriesDataset} on a worker and puts it in {@link Workspace#seriesProperty()} (so the run gets every setting
 * with the data), with the chart of it and its split ({@link Datasets#seriesChart}). {@link #NONE} keeps the table as a
 * table. UI thread only.
 */
public final class SeriesChoice {

    /** The choice that keeps the open table a plain table (and, as the id column, one series). */
    public static final String NONE = "none";
    /** The window offered first: as the command line's default. */
    static final String DEFAULT_WINDOW = "12";
    /** How missing steps can be handled, as {@code --missing-steps} takes them. */
    public static final List<String> MISSING_CHOICES = List.of("interpolate", "drop");
    /** Points the chart gets over all its lines: about two per pixel of a wide window. */
    static final int CHART_POINTS = 2_000;
    /** The split the Train page asks for (its seed does not matter: a series is split by time). */
    private static final SplitSettings SPLIT = SplitSettings.defaults(TrainingSettings.DEFAULT_SEED);

    private final Workspace workspace;
    private final TaskRunner reader;
    private final ObservableList<String> timeColumns = FXCollections.observableArrayList(NONE);
    private final ObservableList<String> idColumns = FXCollections.observableArrayList(NONE);
    private final ObservableList<String> covariateColumns = FXCollections.observableArrayList();
    private final ObservableList<String> covariates = FXCollections.observableArrayList();
    private final StringProperty timeColumn = new SimpleStringProperty(this, "timeColumn", NONE);
    private final StringProperty window = new SimpleStringProperty(this, "window", DEFAULT_WINDOW);
    private final StringProperty horizon = new SimpleStringProperty(this, "horizon", "1");
    private final StringProperty stride = new SimpleStringProperty(this, "stride", "1");
    private final StringProperty idColumn = new SimpleStringProperty(this, "idColumn", NONE);
    private final StringProperty missing = new SimpleStringProperty(this, "missing", MISSING_CHOICES.get(0));
    private final StringProperty period = new SimpleStringProperty(this, "period", "");
    private final ReadOnlyStringWrapper suggestion = new ReadOnlyStringWrapper(this, "suggestion", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper spans = new ReadOnlyStringWrapper(this, "spans", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<Datasets.SeriesChart> chart = new ReadOnlyObjectWrapper<>(this, "chart");
    /** What to do once the series being read is read or refused (a project being restored), or null. */
    private Runnable pending;
    /** True while saved settings are being shown: the time column's change then does not read the series yet. */
    private boolean restoring;

    /** The series read on the worker, and its chart. */
    private record Read(SeriesDataset data, Datasets.SeriesChart chart) {
    }

    SeriesChoice(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.reader = new TaskRunner(background, ui);
        workspace.tableProperty().addListener((o, was, now) -> {
            reader.cancel();
            timeColumns.remove(1, timeColumns.size());
            timeColumn.set(NONE);
            idColumn.set(NONE);
            covariates.clear();
            period.set("");
            suggestion.set("");
            clear();
            refreshColumns();
            done();
        });
        // a series of another target is read again; "none" drops the series at once
        workspace.targetColumnProperty().addListener((o, was, now) -> {
            refreshColumns();
            if (workspace.seriesProperty().get() != null) {
                apply();
            }
        });
        // choosing a time column reads the series at once; other settings are read with apply() (the page's button)
        timeColumn.addListener((o, was, now) -> {
            refreshColumns();
            if (!restoring) {
                apply();
            }
        });
        idColumn.addListener((o, was, now) -> refreshColumns());
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
        refreshColumns();
    }

    /**
     * The id and covariate columns on offer: every other column may tell series apart; the numeric ones (as profiled)
     * may be read beside the target. A chosen one that is no longer on offer is dropped.
     */
    private void refreshColumns() {
        Table t = workspace.getTable();
        String target = workspace.targetColumnProperty().get();
        String time = timeColumn.get();
        List<String> others = new ArrayList<>();
        if (t != null) {
            t.columns().stream().filter(c -> !c.equals(target) && !c.equals(time)).forEach(others::add);
        }
        if (!idColumns.subList(1, idColumns.size()).equals(others)) {
            String was = idColumn.get();
            idColumns.remove(1, idColumns.size());
            idColumns.addAll(others);
            idColumn.set(others.contains(was) ? was : NONE);
        }
        TableDataset d = workspace.getDataset() == null ? null : workspace.getDataset().map(x -> x, images -> null, s -> s.table());
        List<String> numbers = d == null ? List.of() : d.profiles().stream().filter(SeriesChoice::numeric).map(ColumnProfile::name).toList();
        List<String> offered = others.stream().filter(c -> numbers.contains(c) && !c.equals(idColumn.get())).toList();
        if (!covariateColumns.equals(offered)) {
            covariateColumns.setAll(offered);
        }
        covariates.removeIf(c -> !offered.contains(c));
    }

    /** Numbers, or a 0/1 flag (profiled as boolean): what a series reads as a covariate. */
    private static boolean numeric(ColumnProfile p) {
        return p.type().isNumber() || p.type() == io.modelbench.engine.api.ColumnType.BOOLEAN
                && p.topValues().stream().allMatch(v -> v.value().strip().matches("[01](\\.0*)?"));
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

    /** Steps between consecutive windows (1: every step starts one). */
    public StringProperty strideProperty() {
        return stride;
    }

    /** "none", then the columns that could tell several series apart. */
    public ObservableList<String> getIdColumns() {
        return idColumns;
    }

    /** The column that tells series apart (one model over all), or {@link #NONE}. */
    public StringProperty idColumnProperty() {
        return idColumn;
    }

    /** The numeric columns that can be read beside the target (known covariates). */
    public ObservableList<String> getCovariateColumns() {
        return covariateColumns;
    }

    /** The covariates chosen, in the order chosen. */
    public ObservableList<String> getCovariates() {
        return covariates;
    }

    /** "interpolate" or "drop" ({@link #MISSING_CHOICES}). */
    public StringProperty missingProperty() {
        return missing;
    }

    /** The season length in steps for the seasonal-naive forecast; empty (or 0): detected. */
    public StringProperty periodProperty() {
        return period;
    }

    public ReadOnlyStringProperty suggestionProperty() {
        return suggestion.getReadOnlyProperty();
    }

    /** What reading the series found (steps, format, gaps filled), or "". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Where the training, validation and test spans begin and how many windows each holds, or "". */
    public ReadOnlyStringProperty spansProperty() {
        return spans.getReadOnlyProperty();
    }

    /** Why the table cannot be read as a series with these settings (the engine's words), or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The series read and its split, as the chart draws them; null without a series. */
    public ReadOnlyObjectProperty<Datasets.SeriesChart> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    /**
     * The settings typed, as {@code train}'s series options make them; an {@code InputException} naming the setting that
     * is not a whole number.
     */
    SeriesSettings settings() {
        String id = NONE.equals(idColumn.get()) ? null : idColumn.get();
        String p = period.get() == null ? "" : period.get().trim();
        return new SeriesSettings(timeColumn.get(), id, whole(window.get(), "window"), whole(horizon.get(), "horizon"),
                whole(stride.get(), "stride"), List.copyOf(covariates), missing.get(), p.isEmpty() ? 0 : whole(p, "period"));
    }

    /** The settings of the series read now (what a project saves), or null for a plain table. */
    public SeriesSettings applied() {
        SeriesDataset d = workspace.seriesProperty().get();
        return d == null ? null : d.settings();
    }

    /**
     * Shows saved settings and reads the open table with them (a project reopened); {@code then} runs once it is read or
     * refused, so what follows (the project's model and training settings) comes after the series' own defaults.
     */
    void restore(SeriesSettings s, Runnable then) {
        window.set(String.valueOf(s.window()));
        horizon.set(String.valueOf(s.horizon()));
        stride.set(String.valueOf(s.stride()));
        missing.set(s.missing());
        period.set(s.period() == 0 ? "" : String.valueOf(s.period()));
        restoring = true;
        try {
            timeColumn.set(s.timeColumn());  // offers the id and covariate columns without it
        } finally {
            restoring = false;
        }
        idColumn.set(s.idColumn() == null ? NONE : s.idColumn());
        covariates.setAll(s.covariates());
        pending = then;
        apply();
    }

    /** Reads the open table as a series with the settings typed; "none" makes it a table again. */
    public void apply() {
        reader.cancel();
        error.set("");
        String time = timeColumn.get();
        Table t = workspace.getTable();
        String target = workspace.targetColumnProperty().get();
        if (time == null || NONE.equals(time) || t == null || target == null) {
            clear();
            done();
            return;
        }
        SeriesSettings settings;
        try {
            settings = settings();
        } catch (InputException e) {
            error.set(e.getMessage());
            done();
            return;
        }
        TableDataset open = workspace.getDataset() == null ? null : workspace.getDataset().map(x -> x, images -> null, s -> s.table());
        reader.run(BackgroundTask.of(ctx -> {
                    SeriesDataset d = Datasets.series(open != null && open.table() == t ? open : Datasets.table(t), target, settings);
                    // the chart's split is the windows cut and split as training will: a bad window is said here
                    return new Read(d, Datasets.seriesChart(d, SPLIT, CHART_POINTS));
                })
                .describedAs("Could not read the table as a time series")
                .onSuccess(r -> {
                    read(r);
                    done();
                })
                .onFailure(msg -> {
                    clear();
                    error.set(msg);
                    done();
                }));
    }

    private void clear() {
        workspace.seriesProperty().set(null);
        chart.set(null);
        status.set("");
        spans.set("");
    }

    private void done() {
        Runnable then = pending;
        pending = null;
        if (then != null) {
            then.run();
        }
    }

    private void read(Read r) {
        SeriesDataset d = r.data();
        SeriesSettings s = d.settings();
        workspace.seriesProperty().set(d);
        chart.set(r.chart());
        String notes = String.join("; ", d.notes());
        String many = d.series().size() > 1 ? String.format(" in %,d series by '%s'", d.series().size(), s.idColumn()) : "";
        String extra = (s.stride() > 1 ? ", stride " + s.stride() : "") + (s.covariates().isEmpty() ? "" : ", with " + String.join(", ", s.covariates()));
        status.set(String.format("Time series of '%s' by '%s' · %,d steps%s · window %d, horizon %d%s · split by time "
                        + "(last 20 %% test, 10 %% before it validation)%s", d.targetColumn(), s.timeColumn(), d.steps(), many,
                s.window(), s.horizon(), extra, notes.isEmpty() ? "" : " · " + notes));
        int[] w = r.chart().windows();
        spans.set(String.format("Training: %,d windows before %s · validation: %,d from %s · test: %,d from %s%s", w[0],
                r.chart().validationTime(), w[1], r.chart().validationTime(), w[2], r.chart().testTime(), r.chart().dropped() == 0 ? ""
                        : String.format(" · %,d windows left out: they touch a missing step", r.chart().dropped())));
    }

    private static int whole(String text, String name) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw InputException.setting(name, text, "enter a whole number of time steps");
        }
    }
}
