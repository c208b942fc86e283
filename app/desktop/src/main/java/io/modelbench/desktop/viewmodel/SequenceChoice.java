package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.project.DatasetRecipe;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * The Data page's sequence choice (issue 15, sequence classification): a long table — one row per time step, a column
 * naming each row's sequence, one label per sequence — is read as sequences to classify once a sequence id column is
 * chosen, ordered by an optional time column (numbers or dates; none: the file's order). It is what the command line's
 * {@code train --target LABEL --sequence-id C [--time-column T]} reads: {@link Datasets#sequences} on a worker, the
 * label being the page's column to predict and the columns set to "ignore" left out; the result (one row per sequence,
 * with its schema) goes to {@link Workspace#sequencesProperty()}, so the Model page offers the LSTM and training gets it.
 * A column that repeats and along which the label never changes is suggested in words, never chosen for the user. The
 * engine's one-line message (two labels in a sequence, unequal lengths, a time twice, naming the sequence and line) is
 * the page's error. Choosing a sequence id drops a time-series choice and the other way round ({@link SeriesChoice}).
 * UI thread only.
 */
public final class SequenceChoice {

    /** No sequences: the table stays a table (or a series). */
    public static final String NONE = SeriesChoice.NONE;

    private final Workspace workspace;
    private final TaskRunner reader;
    private final TaskRunner suggester;
    private final ObservableList<String> idColumns = FXCollections.observableArrayList(NONE);
    private final ObservableList<String> timeColumns = FXCollections.observableArrayList(NONE);
    private final StringProperty idColumn = new SimpleStringProperty(this, "idColumn", NONE);
    private final StringProperty timeColumn = new SimpleStringProperty(this, "timeColumn", NONE);
    private final ReadOnlyStringWrapper suggestion = new ReadOnlyStringWrapper(this, "suggestion", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** What to do once the sequences being read are read or refused (a project being restored), or null. */
    private Runnable pending;
    /** True while saved settings or the table's columns are being shown: a change then reads nothing yet. */
    private boolean quiet;

    /** The sequences read on the worker, with their schema, and the count of sequences per class. */
    private record Read(TableDataset data, Map<String, Integer> classes) {
    }

    SequenceChoice(Workspace workspace, SeriesChoice series, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.reader = new TaskRunner(background, ui);
        this.suggester = new TaskRunner(background, ui);
        workspace.tableProperty().addListener((o, was, now) -> {
            reader.cancel();
            quietly(() -> {
                idColumn.set(NONE);
                timeColumn.set(NONE);
            });
            clear();
            refreshColumns();
            suggest();
            done();
        });
        workspace.targetColumnProperty().addListener((o, was, now) -> {
            refreshColumns();
            suggest();
            if (!isNone()) {
                apply();
            }
        });
        workspace.ignoredColumnsProperty().addListener((o, was, now) -> {
            if (workspace.sequencesProperty().get() != null) {
                apply();
            }
        });
        idColumn.addListener((o, was, now) -> {
            refreshColumns();
            if (!isNone()) {
                series.timeColumnProperty().set(SeriesChoice.NONE);  // one reading of the table at a time
            }
            if (!quiet) {
                apply();
            }
        });
        timeColumn.addListener((o, was, now) -> {
            if (!quiet && !isNone()) {
                apply();
            }
        });
        series.timeColumnProperty().addListener((o, was, now) -> {
            if (now != null && !SeriesChoice.NONE.equals(now)) {
                idColumn.set(NONE);
            }
        });
    }

    private void quietly(Runnable r) {
        boolean was = quiet;
        quiet = true;
        try {
            r.run();
        } finally {
            quiet = was;
        }
    }

    /** The id columns on offer (every column but the label) and the time columns (every column but the label and id). */
    private void refreshColumns() {
        Table t = workspace.getTable();
        String label = workspace.targetColumnProperty().get();
        List<String> ids = new ArrayList<>();
        if (t != null) {
            t.columns().stream().filter(c -> !c.equals(label)).forEach(ids::add);
        }
        List<String> times = ids.stream().filter(c -> !c.equals(idColumn.get())).toList();
        quietly(() -> {
            // "none" stays in place (a combo box bound to the choice would lose its value if it were removed and added again)
            if (!idColumns.subList(1, idColumns.size()).equals(ids)) {
                String was = idColumn.get();
                idColumns.remove(1, idColumns.size());
                idColumns.addAll(ids);
                idColumn.set(ids.contains(was) ? was : NONE);
            }
            if (!timeColumns.subList(1, timeColumns.size()).equals(times)) {
                String was = timeColumn.get();
                timeColumns.remove(1, timeColumns.size());
                timeColumns.addAll(times);
                timeColumn.set(times.contains(was) ? was : NONE);
            }
        });
    }

    /** Looks for a column that could name sequences, on a worker; the sentence suggests it. */
    private void suggest() {
        suggester.cancel();
        suggestion.set("");
        Table t = workspace.getTable();
        String label = workspace.targetColumnProperty().get();
        if (t == null || label == null || workspace.getImages() != null) {
            return;
        }
        suggester.run(BackgroundTask.of(ctx -> suggestedId(t, label)).onSuccess(id -> suggestion.set(id == null ? ""
                : "Column '" + id + "' repeats and '" + label + "' never changes within each of its values: if each row is one "
                + "time step, choose it as the sequence id to classify each sequence as a whole.")));
    }

    /**
     * The column most likely to name sequences of {@code label}: no empty cell, at least two values each on two rows or
     * more (on average), and the label the same on every row of each value; of several, the one with most values (a copy
     * of the label has only as many as there are classes). Null when none.
     */
    static String suggestedId(Table t, String label) {
        int lab = t.indexOf(label);
        String best = null;
        int bestGroups = 1;
        for (int c = 0; c < t.columnCount() && lab >= 0; c++) {
            int groups = c == lab ? 0 : groupsWithOneLabel(t, c, lab);
            if (groups > bestGroups) {
                best = t.columns().get(c);
                bestGroups = groups;
            }
        }
        return best;
    }

    /** How many values column {@code c} has when the label is the same along each and each repeats; 0 otherwise. */
    private static int groupsWithOneLabel(Table t, int c, int lab) {
        Map<String, String> labelOf = new HashMap<>();
        int most = t.rowCount() / 2;
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.isMissing(r, c)) {
                return 0;
            }
            String l = t.isMissing(r, lab) ? "" : t.value(r, lab);
            String was = labelOf.putIfAbsent(t.value(r, c), l);
            if (was != null && !was.equals(l) || labelOf.size() > most) {
                return 0;
            }
        }
        return labelOf.size();
    }

    /** True when no sequence id column is chosen. */
    public boolean isNone() {
        return idColumn.get() == null || NONE.equals(idColumn.get());
    }

    /** "none", then the columns that could name each row's sequence. */
    public ObservableList<String> getIdColumns() {
        return idColumns;
    }

    /** The column naming each row's sequence, or {@link #NONE}. */
    public StringProperty idColumnProperty() {
        return idColumn;
    }

    /** "none", then the columns that could order the steps of a sequence. */
    public ObservableList<String> getTimeColumns() {
        return timeColumns;
    }

    /** The column ordering each sequence's steps (numbers or dates), or {@link #NONE}: the file's order. */
    public StringProperty timeColumnProperty() {
        return timeColumn;
    }

    /** A sentence naming a column that could be a sequence id, or "". */
    public ReadOnlyStringProperty suggestionProperty() {
        return suggestion.getReadOnlyProperty();
    }

    /** What reading found: how many sequences, their length and channels, the classes; or "". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the table cannot be read as sequences (the engine's one line, naming the sequence and line), or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The choice of the sequences read now (what a project saves), or null. */
    public DatasetRecipe.Sequences applied() {
        TableDataset d = workspace.sequencesProperty().get();
        return d == null ? null : new DatasetRecipe.Sequences(d.sequence().idColumn(), d.sequence().timeColumn());
    }

    /** Shows saved choices and reads the open table with them (a project reopened); {@code then} runs once read or refused. */
    void restore(DatasetRecipe.Sequences s, Runnable then) {
        quietly(() -> {
            idColumn.set(s.idColumn());
            timeColumn.set(s.timeColumn() == null ? NONE : s.timeColumn());
        });
        pending = then;
        apply();
    }

    /** Reads the open table as sequences with the columns chosen; "none" makes it a table again. */
    public void apply() {
        reader.cancel();
        error.set("");
        Table t = workspace.getTable();
        String label = workspace.targetColumnProperty().get();
        if (isNone() || t == null || label == null) {
            clear();
            done();
            return;
        }
        String id = idColumn.get();
        String time = NONE.equals(timeColumn.get()) ? null : timeColumn.get();
        List<String> ignored = workspace.ignoredColumnsProperty().get().stream().filter(c -> !c.equals(id) && !c.equals(time)).toList();
        PreparationSettings prep = preparation(workspace);
        reader.run(BackgroundTask.of(ctx -> {
                    TableDataset d = Datasets.sequences(t, id, time, label, ignored).withSchema(label, null, List.of(), prep);
                    int lab = d.table().indexOf(label);
                    Map<String, Integer> classes = new TreeMap<>();
                    for (int r = 0; r < d.table().rowCount(); r++) {
                        classes.merge(d.table().value(r, lab), 1, Integer::sum);
                    }
                    return new Read(d, classes);
                })
                .describedAs("Could not read the table as sequences")
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

    /**
     * The preparation sequences train with: the page's missing values, scaling and class weights; no column types (they
     * name the long table's columns, and every channel is read as numbers).
     */
    static PreparationSettings preparation(Workspace workspace) {
        PreparationSettings p = workspace.preparationProperty().get();
        return (p == null ? PreparationSettings.defaults() : p).withTypes(Map.of());
    }

    private void clear() {
        workspace.sequencesProperty().set(null);
        status.set("");
    }

    private void done() {
        Runnable then = pending;
        pending = null;
        if (then != null) {
            then.run();
        }
    }

    private void read(Read r) {
        TableDataset d = r.data();
        var s = d.sequence();
        workspace.sequencesProperty().set(d);
        List<String> classes = r.classes().entrySet().stream().map(e -> String.format("%s %,d", e.getKey(), e.getValue())).toList();
        String steps = s.lengths() == null ? s.steps() + " steps"   // of different lengths: padded to the longest, masked
                : String.format("%d to %d steps (median %s; the shorter padded, the padding masked)", s.lengths().min(),
                        s.lengths().max(), median(s.lengths().median()));
        status.set(String.format("Sequences by '%s'%s · %,d sequences of %s × %d channel%s (%s) · classes of '%s': %s · "
                        + "split by sequence, stratified (20 %% test, 10 %% validation)", s.idColumn(),
                s.timeColumn() == null ? ", in the file's order" : " ordered by '" + s.timeColumn() + "'", d.size(), steps,
                s.channels().size(), s.channels().size() == 1 ? "" : "s", abbreviated(s.channels()), d.schema().targetColumn(),
                String.join(", ", classes)));
    }

    private static String median(double m) {
        return m == Math.rint(m) ? String.valueOf((long) m) : String.valueOf(m);
    }

    /** The channel names, the first few and how many more when there are many. */
    private static String abbreviated(List<String> names) {
        return names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + String.format(" and %,d more", names.size() - 5);
    }
}
