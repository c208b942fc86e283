package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence classification data (issue 15): a long table with one row per time step, a sequence id column, optionally a
 * time column that orders the steps of a sequence (numbers, or dates in a format {@link TimeFormats} reads; without
 * one the file's order), and the label, the same on every row of a sequence. {@link #read} turns it into one row per
 * sequence, so the table path does the rest exactly as for any table (the stratified split by sequence, so no sequence
 * is in two splits; encoding fitted on the training rows; classification figures and the linear and majority
 * references): the row holds the id, the label and every channel at every step, named {@code channel@k} and laid out
 * channel by channel, oldest step first ({@code index = c·steps + k}), which is DL4J's [channels, time] order once
 * reshaped. Sequences of different lengths are padded at the end to the longest (at most {@link #MAX_STEPS} steps): the
 * padded cells are empty in the wide table, which then has the column {@link #LENGTH} (each sequence's own length, not
 * an input), and {@link #markPadding} turns them into NaN in the encoded rows, from which {@link #mask} makes DL4J's
 * features mask (the LSTM and {@code LastTimeStep} honour it, so the padding never changes a result). Every channel
 * is a numeric column, empty cells are filled as in a table (the training mean).
 */
public final class SequenceTable {

    private SequenceTable() {
    }

    /**
     * The longest sequence read when lengths differ (padded to it). An LSTM's full backpropagation over 1,000 steps of
     * 1,000 sequences is still minutes per epoch on two cores (README, "long sequences"); longer ones are refused.
     */
    public static final int MAX_STEPS = 1000;

    /** The wide table's column with each sequence's own length, present when the sequences are padded (not an input). */
    public static final String LENGTH = "@steps";

    /**
     * The sequences, one row each: {@code wide} for the model, {@code keys} (id, and label when present) for
     * predictions, {@code steps} the longest (every row's width), {@code lengths} each sequence's own.
     */
    public record Sequences(Table wide, Table keys, List<String> channels, int steps, int[] lengths) {

        /** True when the sequences differ in length (padded, with a mask). */
        public boolean padded() {
            return java.util.Arrays.stream(lengths).anyMatch(l -> l != steps);
        }

        /** The shortest, median and longest length. */
        public io.modelbench.engine.api.ModelCard.Lengths summary() {
            int[] s = lengths.clone();
            java.util.Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
            return new io.modelbench.engine.api.ModelCard.Lengths(s[0], median, s[n - 1]);
        }
    }

    /**
     * A sequence classifier's network against its sequences: an LSTM trains with full backpropagation through time
     * (DL4J truncates only with a label per step, not through {@code LastTimeStep}), so sequences are capped at
     * {@link #MAX_STEPS} steps for it (README "long sequences" has the times); 1-D convolution cannot honour the padding mask of sequences of different lengths
     * (its windows reach across the end of a shorter sequence into the padding, and the last step it keeps is the
     * padded one), so it is refused there.
     */
    public static void checkModel(io.modelbench.engine.api.ModelSpec spec, io.modelbench.engine.api.ModelCard.SequenceInput sequence) {
        boolean recurrent = spec.layers().stream().anyMatch(l -> l.type().equals("lstm") || l.type().equals("bilstm"));
        boolean convolution = spec.layers().stream().anyMatch(l -> l.type().endsWith("1d"));
        if (sequence.lengths() != null && convolution) {
            throw InputException.setting("model", spec.name(), "the sequences have different lengths (" + sequence.lengths().min()
                    + " to " + sequence.lengths().max() + " steps), padded with a mask that 1-D convolution cannot honour: "
                    + "use --model lstm (an LSTM without 1-D layers)");
        }
        if (recurrent && sequence.steps() > MAX_STEPS) {
            throw InputException.setting("model", spec.name(), "sequences of " + sequence.steps() + " steps are classified by an LSTM up to "
                    + MAX_STEPS + " steps (full backpropagation through every step): use --model cnn1d, or shorter sequences");
        }
    }

    /** The wide column name of a channel at step {@code k} (0-based). */
    public static String column(String channel, int k) {
        return channel + "@" + (k + 1);
    }

    /** Reads a table for training: the channels are every column but the id, time and label columns. */
    public static Sequences read(Table table, String idColumn, String timeColumn, String label, List<String> ignored) {
        List<String> channels = new ArrayList<>();
        for (String c : table.columns()) {
            if (!c.equals(idColumn) && !c.equals(timeColumn) && !c.equals(label) && !ignored.contains(c)) {
                channels.add(c);
            }
        }
        if (channels.isEmpty()) {
            throw InputException.file(table.source(), "has no column left to read over time besides the sequence id, time and label",
                    "give a table with at least one numeric column per time step");
        }
        return read(table, idColumn, timeColumn, label, channels, 0);
    }

    /** Reads a table as a model trained on sequences reads it (its card's id and time column, channels and steps). */
    public static Sequences read(Table table, ModelCard.SequenceInput s, String label) {
        return read(table, s.idColumn(), s.timeColumn(), table.columns().contains(label) ? label : null, s.channels(),
                s.lengths() == null ? s.steps() : -s.steps());
    }

    /**
     * {@code steps}: 0 for training (the longest, padded when they differ), the model's steps (every sequence exactly
     * that long), or minus the model's longest (a model trained on padded sequences reads any length up to it).
     */
    private static Sequences read(Table table, String idColumn, String timeColumn, String label, List<String> channels, int steps) {
        int id = TableEncoder.requireColumn(table, idColumn);
        int time = timeColumn == null ? -1 : TableEncoder.requireColumn(table, timeColumn);
        int lab = label == null ? -1 : TableEncoder.requireColumn(table, label);
        int[] ch = channels.stream().mapToInt(c -> TableEncoder.requireColumn(table, c)).toArray();
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < table.rowCount(); r++) {
            if (table.isMissing(r, id)) {
                throw InputException.cell(table.source(), table.line(r), idColumn, "the sequence id is empty",
                        "give every row the id of the sequence it belongs to");
            }
            groups.computeIfAbsent(table.value(r, id), k -> new ArrayList<>()).add(r);
        }
        if (groups.isEmpty()) {
            throw InputException.file(table.source(), "has no rows", "give one row per time step of each sequence");
        }
        Comparable<?>[] times = time < 0 ? null : times(table, time, timeColumn);
        int want = Math.abs(steps);
        boolean padded = steps < 0;
        if (steps == 0) {
            Map.Entry<String, List<Integer>> longest = groups.entrySet().stream().max((a, b) -> a.getValue().size() - b.getValue().size()).get();
            want = longest.getValue().size();
            padded = groups.values().stream().anyMatch(g -> g.size() != longest.getValue().size());
            if (padded && want > MAX_STEPS) {
                throw InputException.cell(table.source(), table.line(longest.getValue().get(0)), idColumn, "sequence '" + longest.getKey()
                        + "' has " + want + " steps; sequences of different lengths are padded up to " + MAX_STEPS + " steps",
                        "shorten or split the sequences longer than " + MAX_STEPS + " steps");
            }
        }
        List<String> columns = new ArrayList<>(List.of(idColumn));
        if (lab >= 0) {
            columns.add(label);
        }
        List<String> keyColumns = List.copyOf(columns);
        for (String c : channels) {
            for (int k = 0; k < want; k++) {
                columns.add(column(c, k));
            }
        }
        if (padded) {
            columns.add(LENGTH);
        }
        int[] lengths = new int[groups.size()];
        List<String[]> rows = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        long[] lines = new long[groups.size()];
        int n = 0;
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            Integer[] order = g.getValue().toArray(new Integer[0]);
            long first = table.line(order[0]);
            if (padded ? order.length > want : order.length != want) {
                throw InputException.cell(table.source(), first, idColumn, "sequence '" + g.getKey() + "' has " + order.length + " steps, "
                        + "the model reads " + (padded ? "at most " : "") + want, padded ? "shorten the sequence to " + want + " steps"
                        : "give every sequence " + want + " steps (this model was trained on sequences of one length)");
            }
            lengths[n] = order.length;
            if (times != null) {
                sortByTime(table, order, times, g.getKey(), timeColumn);
            }
            String[] row = new String[columns.size()];
            row[0] = g.getKey();
            if (lab >= 0) {
                row[1] = labelOf(table, order, lab, label, g.getKey());
            }
            int o = keyColumns.size();
            for (int c : ch) {
                for (int k = 0; k < want; k++) {
                    if (k >= order.length) {
                        row[o++] = "";   // padding: masked (markPadding), whatever the encoder fills in
                        continue;
                    }
                    int r = order[k];
                    if (!table.isMissing(r, c) && Double.isNaN(table.number(r, c))) {
                        throw InputException.cell(table.source(), table.line(r), table.columns().get(c), "'" + table.value(r, c)
                                + "' is not a number", "every column read over time must hold numbers; leave a column out with --ignore");
                    }
                    row[o++] = table.isMissing(r, c) ? "" : table.value(r, c);
                }
            }
            if (padded) {
                row[o] = Integer.toString(order.length);
            }
            rows.add(row);
            keys.add(Arrays.copyOf(row, keyColumns.size()));
            lines[n++] = first;
        }
        return new Sequences(new Table(table.source(), columns, rows, lines, table.sha256()),
                new Table(table.source(), keyColumns, keys, lines.clone(), table.sha256()), List.copyOf(channels), want, lengths);
    }

    /**
     * Sets the padded steps of encoded wide rows (those of {@code wide}, in order) to NaN, so they are known wherever the
     * rows go (training, the test report, the server's batches); {@link #mask} makes the mask from them. A table without
     * {@link #LENGTH} (sequences of one length) is left as it is.
     */
    public static void markPadding(Table wide, float[][] x, int channels, int steps) {
        int l = wide.indexOf(LENGTH);
        if (l < 0) {
            return;
        }
        for (int r = 0; r < x.length; r++) {
            int len = (int) wide.number(r, l);
            for (int c = 0; c < channels; c++) {
                java.util.Arrays.fill(x[r], c * steps + len, (c + 1) * steps, Float.NaN);
            }
        }
    }

    /** Encoded rows with their padding as zeros, and DL4J's features mask [rows, steps] (1: a real step), or null without padding. */
    public record Masked(float[][] x, float[][] mask) {
    }

    /** Rows whose padded steps are NaN ({@link #markPadding}) as zeros and a mask; the rows as they are when none is. */
    public static Masked mask(float[][] x, int channels, int steps) {
        float[][] mask = null;
        float[][] out = x;
        for (int r = 0; r < x.length; r++) {
            int len = steps;
            while (len > 0 && Float.isNaN(x[r][len - 1])) {
                len--;
            }
            if (len == steps) {
                continue;
            }
            if (mask == null) {
                mask = new float[x.length][steps];
                for (float[] m : mask) {
                    java.util.Arrays.fill(m, 1f);
                }
                out = x.clone();
            }
            java.util.Arrays.fill(mask[r], len, steps, 0f);
            out[r] = x[r].clone();
            for (int i = 0; i < out[r].length; i++) {
                if (Float.isNaN(out[r][i])) {
                    out[r][i] = 0f;
                }
            }
        }
        return new Masked(out, mask);
    }

    private static Comparable<?>[] times(Table table, int time, String column) {
        Comparable<?>[] out = new Comparable<?>[table.rowCount()];
        boolean numbers = true;
        for (int r = 0; r < table.rowCount() && numbers; r++) {
            numbers = !Double.isNaN(table.number(r, time));
        }
        TimeFormats.Format format = numbers ? null : TimeFormats.detect(table, time);
        for (int r = 0; r < out.length; r++) {
            out[r] = numbers ? (Comparable<?>) Double.valueOf(table.number(r, time)) : (Comparable<?>) format.parse(table.value(r, time));
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void sortByTime(Table table, Integer[] order, Comparable<?>[] times, String id, String column) {
        Arrays.sort(order, (a, b) -> ((Comparable) times[a]).compareTo(times[b]));
        for (int i = 1; i < order.length; i++) {
            if (((Comparable) times[order[i]]).compareTo(times[order[i - 1]]) == 0) {
                throw InputException.cell(table.source(), table.line(order[i]), column, "sequence '" + id + "' has the time '"
                        + table.value(order[i], table.indexOf(column))
                        + "' twice (also line " + table.line(order[i - 1]) + ")", "give each step of a sequence its own time");
            }
        }
    }

    private static String labelOf(Table table, Integer[] order, int lab, String label, String id) {
        String value = null;
        long where = 0;
        for (Integer r : order) {
            if (table.isMissing(r, lab)) {
                continue;
            }
            String v = table.value(r, lab);
            if (value == null) {
                value = v;
                where = table.line(r);
            } else if (!value.equals(v)) {
                throw InputException.cell(table.source(), table.line(r), label, "sequence '" + id + "' has the label '" + v + "' here and '"
                        + value + "' on line " + where, "give each sequence one label, the same on all of its rows");
            }
        }
        return value == null ? "" : value;
    }
}
