package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table with every column profiled once ({@link #of}), and, after {@link #withSchema}, the schema for one choice of
 * target, task, left-out columns and column types. The Data page shows {@code profiles}, the Model page the
 * {@code schema}, and training takes both from here: before, the table was profiled three times on its way to a
 * DataSet (Data page, Model page, Trainer). {@link #schemaFor} gives exactly what
 * {@link TableEncoder#inferSchema(Table, String, TaskType, Collection, PreparationSettings)} gives (a test checks
 * it), re-profiling only the columns whose type the user set.
 *
 * @param profiles one per column, each with its inferred type (no overrides)
 * @param choice   what {@code schema} was worked out for; null (and {@code schema} null) until a target is chosen
 * @param schema   the schema for {@code choice}, or null
 * @param sequence for sequence classification, how the long table was read into this one (one row per sequence,
 *                 {@link SequenceTable}); null for a plain table
 */
public record TableDataset(Table table, List<ColumnProfile> profiles, Choice choice, DataSchema schema,
                           io.modelbench.engine.api.ModelCard.SequenceInput sequence) implements Dataset {

    /** What a schema depends on besides the table: the target, the task asked (null: inferred), left-out columns, set types. */
    public record Choice(String target, TaskType task, List<String> ignored, Map<String, ColumnType> types) {
        public Choice {
            ignored = List.copyOf(ignored);
            types = Map.copyOf(types);
        }

        public static Choice of(TrainingRequest r) {
            return new Choice(r.targetColumn(), r.task(), r.ignoredColumns(), r.preparation().types());
        }
    }

    public TableDataset {
        Objects.requireNonNull(table, "table");
        profiles = List.copyOf(profiles);
        if (profiles.size() != table.columnCount()) {
            throw new IllegalArgumentException("one profile per column");
        }
        if ((choice == null) != (schema == null)) {
            throw new IllegalArgumentException("a schema comes with the choice it was made for");
        }
    }

    /** Profiles every column of the table (the one pass over it that the profile needs). */
    public static TableDataset of(Table table) {
        return new TableDataset(table, TableProfiler.profile(table), null, null, null);
    }

    /**
     * A long table (one row per time step) read as labelled sequences: one row per sequence ({@link SequenceTable}),
     * whose schema keeps every {@code channel@k} input and classifies {@code label}; an {@code InputException} naming the
     * line, the column or the sequence otherwise.
     */
    public static TableDataset sequences(Table table, String idColumn, String timeColumn, String label, List<String> ignored) {
        SequenceTable.Sequences s = SequenceTable.read(table, idColumn, timeColumn, label, ignored);
        return new TableDataset(s.wide(), TableProfiler.profile(s.wide()), null, null,
                new io.modelbench.engine.api.ModelCard.SequenceInput(idColumn, timeColumn, s.channels(), s.steps(),
                        io.modelbench.engine.api.ModelCard.SequenceInput.LAYOUT, s.padded() ? s.summary() : null));
    }

    /**
     * This table with the schema for the given choice (checked as training checks it: the target exists and has
     * two classes or numbers, every numeric input cell is a number); an {@code InputException} naming the column
     * or cell otherwise. Returns this when the schema is already for that choice.
     */
    public TableDataset withSchema(String target, TaskType task, Collection<String> ignored, PreparationSettings prep) {
        Choice c = new Choice(target, task, List.copyOf(ignored), prep.types());
        if (c.equals(choice)) {
            return this;
        }
        if (sequence != null) {
            return new TableDataset(table, profiles, c, sequenceSchema(target, task, prep), sequence);
        }
        return new TableDataset(table, profiles, c, TableEncoder.inferSchema(table, profiles(prep.types()), target, task,
                ignored, prep), null);
    }

    /**
     * A sequence classifier's schema: every {@code channel@k} column a numeric input (none left out, or the [channels,
     * steps] layout would break), the label's classes as for a table, the sequence id left out.
     */
    private DataSchema sequenceSchema(String target, TaskType task, PreparationSettings prep) {
        if (task == TaskType.REGRESSION) {
            throw io.modelbench.engine.api.InputException.setting("task", "regression", "a sequence with one label is classified: "
                    + "leave the task out or use classification");
        }
        if (target.equals(sequence.idColumn())) {
            throw io.modelbench.engine.api.InputException.setting("target", target, "that is the sequence id column: choose the label column");
        }
        List<String> inputs = new ArrayList<>();
        sequence.channels().forEach(c -> {
            for (int k = 0; k < sequence.steps(); k++) {
                inputs.add(SequenceTable.column(c, k));
            }
        });
        // the classes (and every input cell checked) as for a table; its choice of inputs is replaced below
        DataSchema labels = TableEncoder.inferSchema(table, profiles(prep.types()), target, TaskType.CLASSIFICATION,
                table.indexOf(SequenceTable.LENGTH) < 0 ? List.of(sequence.idColumn()) : List.of(sequence.idColumn(), SequenceTable.LENGTH), prep);
        return new DataSchema(inputs, java.util.Collections.nCopies(inputs.size(), ColumnType.NUMERIC), target, TaskType.CLASSIFICATION,
                labels.labels(), Map.of(sequence.idColumn(), "sequence id"));
    }

    /** As {@link #withSchema(String, TaskType, Collection, PreparationSettings)} for the request's choice. */
    public TableDataset withSchema(TrainingRequest r) {
        return withSchema(r.targetColumn(), r.task(), r.ignoredColumns(), r.preparation());
    }

    /** The schema for the request: the one kept here when it was made for the same choice, else worked out now. */
    public DataSchema schemaFor(TrainingRequest r) {
        return withSchema(r).schema();
    }

    /** The profiles with the given column types set (only those columns are profiled again). */
    public List<ColumnProfile> profiles(Map<String, ColumnType> types) {
        if (types.isEmpty()) {
            return profiles;
        }
        List<ColumnProfile> out = new ArrayList<>(profiles);
        for (int c = 0; c < out.size(); c++) {
            ColumnType t = types.get(table.columns().get(c));
            if (t != null) {
                out.set(c, TableProfiler.column(table, c, t));
            }
        }
        return out;
    }

    /**
     * The number of model inputs for the schema kept here (one-hot categories widen a column), fitted on every row
     * as the Model page shows it before the split exists; needs {@link #withSchema} first.
     */
    public int inputWidth(PreparationSettings prep) {
        if (schema == null) {
            throw new IllegalStateException("no schema yet: call withSchema first");
        }
        int[] all = java.util.stream.IntStream.range(0, table.rowCount()).toArray();
        return FeatureEncoder.fit(table, all, schema, prep).width();
    }

    @Override
    public String source() {
        return table.source();
    }

    @Override
    public String sha256() {
        return table.sha256();
    }

    @Override
    public int size() {
        return table.rowCount();
    }

    @Override
    public <R> R accept(Cases<R> cases) {
        return cases.table(this);
    }
}
