package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The Try page for a sequence classifier (issue 15): the user types or pastes the steps of one sequence — one line per
 * step, oldest first, the channels as columns (separated by commas, semicolons, tabs or spaces, as a spreadsheet pastes)
 * — and gets the class probabilities, worked out on a worker by the model itself ({@code TrainedModel.predict} on a long
 * table of those steps, read exactly as {@code predict} reads a file: the card's channels, steps and layout). "Steps of
 * a sequence from the data" fills the text with a chosen sequence of the open data. A value that is not a number is named
 * here (step and channel); a wrong number of steps gets the engine's one line. Part of {@link TryViewModel}; UI thread only.
 */
public final class SequenceTry {

    /** What the typed steps are called in messages (the long table's source). */
    static final String SOURCE = "the steps typed";
    private static final String ID = "typed";

    private final Workspace workspace;
    private final TaskRunner predictions;
    private final Consumer<Predictions> shown;
    private final ReadOnlyBooleanWrapper classifying = new ReadOnlyBooleanWrapper(this, "classifying");
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ObservableList<String> ids = FXCollections.observableArrayList();
    private final StringProperty id = new SimpleStringProperty(this, "id");
    private final ReadOnlyStringWrapper needed = new ReadOnlyStringWrapper(this, "needed", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private ModelCard.SequenceInput input;

    SequenceTry(Workspace workspace, Executor background, UiScheduler ui, Consumer<Predictions> shown) {
        this.workspace = workspace;
        this.predictions = new TaskRunner(background, ui);
        this.shown = shown;
        text.addListener((o, was, now) -> predict());
        id.addListener((o, was, now) -> fillFromData());
    }

    /** A new trained model: shown here when it classifies sequences, with the first sequence of the data filled in. */
    void build(TrainingOutcome outcome) {
        predictions.cancel();
        error.set("");
        text.set("");
        input = outcome == null ? null : outcome.model().card().sequence();
        classifying.set(input != null);
        needed.set(input == null ? "" : String.format("Give the %s steps of one sequence, oldest first, one line per step with %s "
                        + "(%d value%s a line; paste rows from a spreadsheet, or separate the values with commas or spaces):",
                input.lengths() == null ? String.valueOf(input.steps()) : "1 to " + input.steps(),   // padded: up to the longest
                String.join(", ", input.channels()), input.channels().size(), input.channels().size() == 1 ? "" : "s"));
        List<String> open = new ArrayList<>();
        TableDataset d = workspace.sequencesProperty().get();
        if (input != null && d != null && d.sequence().channels().equals(input.channels())) {
            for (int r = 0; r < d.table().rowCount(); r++) {
                open.add(d.table().value(r, 0));  // the sequence id is the wide table's first column
            }
        }
        ids.setAll(open);
        String first = open.isEmpty() ? null : open.get(0);
        if (java.util.Objects.equals(first, id.get())) {
            fillFromData();
        } else {
            id.set(first);
        }
    }

    /** True when the trained model classifies sequences: the page then takes the steps of one sequence, not a row. */
    public ReadOnlyBooleanProperty classifyingProperty() {
        return classifying.getReadOnlyProperty();
    }

    /** The steps as typed or pasted, one line per step. */
    public StringProperty textProperty() {
        return text;
    }

    /** The ids of the open data's sequences (for "Steps of a sequence from the data"). */
    public ObservableList<String> getIds() {
        return ids;
    }

    /** The sequence of the data whose steps fill the text; changing it fills them. */
    public StringProperty idProperty() {
        return id;
    }

    /** What to give, in words (how many steps of which channels). */
    public ReadOnlyStringProperty neededProperty() {
        return needed.getReadOnlyProperty();
    }

    /** Why the text is not a sequence the model reads, or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Fills the text with the steps of the chosen sequence of the open data, one line per step. */
    public void fillFromData() {
        TableDataset d = workspace.sequencesProperty().get();
        int row = d == null || id.get() == null ? -1 : ids.indexOf(id.get());
        if (input == null || row < 0 || row >= d.table().rowCount() || d.sequence().steps() != input.steps()) {
            return;
        }
        Table t = d.table();
        // one row per sequence: its id (and label), then channel by channel, oldest step first (the card's layout: input
        // channel@k, k from 1); sequences of different lengths leave their padded steps empty and a length column follows
        int first = t.indexOf(input.channels().get(0) + "@1");
        if (first < 0) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < input.steps(); k++) {
            List<String> step = new ArrayList<>();
            boolean blank = true;
            for (int c = 0; c < input.channels().size(); c++) {
                String v = t.value(row, first + c * input.steps() + k).trim();
                blank &= v.isEmpty();
                step.add(v);
            }
            if (blank && input.lengths() != null) {
                break;   // the sequence ended: the rest is padding
            }
            lines.add(String.join(", ", step));
        }
        text.set(String.join("\n", lines));
    }

    /** The typed steps as the long table the model reads: the id, a time 1, 2, ... when the model has one, the channels. */
    static Table steps(ModelCard.SequenceInput s, String text) {
        List<String> columns = new ArrayList<>(List.of(s.idColumn()));
        if (s.timeColumn() != null) {
            columns.add(s.timeColumn());
        }
        columns.addAll(s.channels());
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.trim().split("\\s*[,;\\t]\\s*|\\s+");
            int step = rows.size() + 1;
            if (cells.length != s.channels().size()) {
                throw InputException.setting("step " + step, line.trim(), "give " + s.channels().size() + " value"
                        + (s.channels().size() == 1 ? "" : "s") + " a line (" + String.join(", ", s.channels()) + ")");
            }
            List<String> row = new ArrayList<>(List.of(ID));
            if (s.timeColumn() != null) {
                row.add(String.valueOf(step));
            }
            for (int c = 0; c < cells.length; c++) {
                try {
                    if (!cells[c].isEmpty()) {  // an empty value is filled as in training (the training mean)
                        Double.parseDouble(cells[c]);
                    }
                } catch (NumberFormatException e) {
                    throw InputException.setting("step " + step + ", " + s.channels().get(c), cells[c], "enter a number");
                }
                row.add(cells[c]);
            }
            rows.add(row.toArray(new String[0]));
        }
        long[] lines = java.util.stream.LongStream.rangeClosed(1, rows.size()).toArray();
        return new Table(SOURCE, columns, rows, lines, null);
    }

    /** Classifies the text on a worker; only the newest answer is shown. */
    private void predict() {
        TrainingOutcome outcome = workspace.getOutcome();
        String steps = text.get();
        if (!classifying.get() || outcome == null || steps == null || steps.isBlank()) {
            predictions.cancel();
            error.set("");
            return;
        }
        TrainedModel model = outcome.model();
        ModelCard.SequenceInput s = input;
        predictions.run(BackgroundTask.of(ctx -> model.predict(steps(s, steps)))
                .describedAs("Could not classify the steps")
                .onSuccess(p -> {
                    error.set("");
                    shown.accept(p);
                })
                .onFailure(error::set));
    }
}
