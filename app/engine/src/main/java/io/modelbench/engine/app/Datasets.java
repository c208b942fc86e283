package io.modelbench.engine.app;

import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.data.LeakCheck;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.data.TableEncoder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Opening data for a run, off the UI thread: a CSV file becomes a {@link TableDataset} profiled once (the profile the
 * Data page shows, the schema and training use), a folder with one subfolder of images per class an
 * {@link ImageDataset}. {@code progress} reports the share read and can cancel (a {@code CancellationException}).
 */
public final class Datasets {

    private Datasets() {
    }

    /** The delimiter ModelBench's CSV reader would choose for a file starting with {@code firstLine} (, ; tab or |). */
    public static char csvDelimiter(String firstLine) {
        return io.modelbench.engine.data.CsvTables.detectDelimiter(firstLine);
    }

    /** A CSV file or an image folder (read with the settings its first image suggests). */
    public static Dataset open(Path file, TaskProgress progress) {
        if (ImageFolders.isImageFolder(file)) {
            return ImageFolders.load(file, ImageFolders.suggest(file), progress);
        }
        return table(CsvTables.read(file, progress));
    }

    /** A bundled sample: a table, or an image folder unpacked once into {@link Samples#defaultCacheRoot()}. */
    public static Dataset openSample(Samples.Sample sample, TaskProgress progress) {
        if (sample.isImages()) {
            Path folder = Samples.unpackImages(sample, Samples.defaultCacheRoot());
            return ImageFolders.load(folder, "sample:" + sample.id(), ImageFolders.suggest(folder), progress);
        }
        return table(Samples.open(sample));
    }

    /** An image folder read with the given settings; {@code source} names it in records (a path or sample:ID). */
    public static ImageDataset openImages(Path folder, String source, ImageSettings settings, TaskProgress progress) {
        return ImageFolders.load(folder, source, settings, progress);
    }

    /** A CSV file read into a table, not profiled: for a model that brings its own encoding (predict, evaluate). */
    public static Table readTable(Path file, TaskProgress progress) {
        return CsvTables.read(file, progress);
    }

    /** The image file endings ModelBench reads (lower case, no dot). */
    public static java.util.List<String> imageExtensions() {
        return ImageFolders.EXTENSIONS;
    }

    /** The image settings (size, colour) that a folder's first images suggest. */
    public static ImageSettings suggestImageSettings(Path folder) {
        return ImageFolders.suggest(folder);
    }

    /**
     * A CSV file read in the given charset ({@code null}: detected — BOM, valid UTF-8, else windows-1252 with a note on
     * the table), not profiled.
     */
    public static Table readTable(Path file, TaskProgress progress, java.nio.charset.Charset charset) {
        return CsvTables.read(file, progress, charset);
    }

    /** The charset a user named ({@code --encoding}); an {@code InputException} naming the setting when unknown. */
    public static java.nio.charset.Charset encoding(String name) {
        return io.modelbench.engine.data.TextEncoding.named(name);
    }

    /** The column's index; an {@code InputException} naming the file and listing the columns when it has none such. */
    public static int requireColumn(Table table, String column) {
        return io.modelbench.engine.data.TableEncoder.requireColumn(table, column);
    }

    /**
     * {@code train} followed by the rows of a separate test file ({@code train --test-data}), to train with a split whose
     * {@code heldOutRows} is {@code test}'s row count: an {@code InputException} naming the test file when its columns
     * differ from the training table's, or a cell is not a number where the training table's schema for
     * {@code request} holds numbers.
     */
    public static Table appendTestTable(Table train, Table test, io.modelbench.engine.api.TrainingRequest request) {
        Table all = io.modelbench.engine.data.HeldOutTable.append(train, test);
        io.modelbench.engine.data.HeldOutTable.check(test, TableDataset.of(train).schemaFor(request));
        return all;
    }

    /**
     * The columns that training would leave out as leaks for this target (see {@code engine.data.LeakCheck}), each with
     * the reason, worked out before training so the Data page can show them: the same check, on every row with a target
     * instead of the training split's rows (the split is chosen on the Train page later), so a column at the edge of the
     * threshold may be judged differently there; training's verdict is shown with its results. Every input candidate
     * is checked (none kept, none ignored: each column is judged alone). Empty when the target cannot be trained on yet
     * (the Model page says why). Reads every row: call it off the UI thread.
     */
    public static Map<String, String> leaks(TableDataset data, String target, Map<String, ColumnType> types) {
        try {
            PreparationSettings prep = PreparationSettings.defaults().withTypes(types);
            DataSchema schema = data.withSchema(target, null, List.of(), prep).schema();
            Table table = data.table();
            int t = table.indexOf(schema.targetColumn());
            int[] rows = IntStream.range(0, table.rowCount()).filter(r -> !TableEncoder.targetMissing(table, r, t)).toArray();
            Table kept = rows.length == table.rowCount() ? table : table.select(rows);
            boolean cls = schema.task() == TaskType.CLASSIFICATION;
            int[] classes = cls ? TableEncoder.classIndices(kept, schema) : null;
            float[] targets = cls ? null : TableEncoder.targets(kept, schema);
            Map<String, String> out = new LinkedHashMap<>();
            int[] all = IntStream.range(0, kept.rowCount()).toArray();
            for (String c : LeakCheck.leaking(kept, schema, all, classes, targets, List.of())) {
                out.put(c, LeakCheck.REASON);
            }
            return out;
        } catch (InputException e) {
            return Map.of();
        }
    }

    /** A table read already, profiled (every column, once). */
    public static TableDataset table(Table table) {
        return TableDataset.of(table);
    }

    /**
     * A long table (one row per time step) read as labelled sequences to classify: grouped by {@code idColumn}, ordered
     * by {@code timeColumn} (null: the file's order), one label per sequence, every other column but {@code ignored} a
     * channel; one row per sequence, whose schema keeps every input (see {@code data.SequenceTable}).
     */
    public static TableDataset sequences(Table table, String idColumn, String timeColumn, String label, java.util.List<String> ignored) {
        return TableDataset.sequences(table, idColumn, timeColumn, label, ignored);
    }

    /**
     * A table read as time series of {@code target} (dates detected, order checked, gaps reported and handled as the
     * settings say); an {@code InputException} naming the line, column or setting for bad series input.
     */
    public static io.modelbench.engine.data.SeriesDataset series(TableDataset table, String target,
                                                                 io.modelbench.engine.api.SeriesSettings settings) {
        return io.modelbench.engine.data.SeriesDataset.of(table, target, settings);
    }

    /**
     * As {@link #series(TableDataset, String, io.modelbench.engine.api.SeriesSettings)}, and the windows cut and split by
     * time as training will (a window longer than the series, or too few windows for the split, is an
     * {@code InputException} naming the setting now, on the Data page, rather than when training starts).
     */
    public static io.modelbench.engine.data.SeriesDataset checkedSeries(TableDataset table, String target,
                                                                        io.modelbench.engine.api.SeriesSettings settings,
                                                                        io.modelbench.engine.api.SplitSettings split) {
        io.modelbench.engine.data.SeriesDataset d = series(table, target, settings);
        io.modelbench.engine.data.SeriesWindows.of(d, false).split(split);
        return d;
    }

    /**
     * A series as the Data page draws it (issue 15): the target over time, one line per series (the first
     * {@link #CHART_LINES} of them), and the spans of the time-ordered split that training will use. Times are epoch
     * milliseconds of the step's time read as UTC (a chart's date axis), boundaries included, so a front end never works
     * out a split itself.
     *
     * @param lines           the drawn series, each in time order; a value missing and not filled is NaN (a gap)
     * @param seriesCount     all series in the table (more than {@code lines} when the id column gives many)
     * @param steps           time steps over all series
     * @param start           the first step's time
     * @param validationStart the first step a validation window predicts (the training span ends before it)
     * @param testStart       the first step a test window predicts (the validation span ends before it)
     * @param end             the last step's time
     * @param validationTime  {@code validationStart} as the file writes times
     * @param testTime        {@code testStart} as the file writes times
     * @param windows         windows in the training, validation and test splits
     * @param dropped         windows left out because they touch a missing step ({@code drop})
     * @param thinned         true when a line has fewer points than steps (see {@link #seriesChart})
     */
    public record SeriesChart(String target, String timeColumn, List<Line> lines, int seriesCount, int steps, long start,
                              long validationStart, long testStart, long end, String validationTime, String testTime,
                              int[] windows, int dropped, boolean thinned) {

        /** One series: its id ("" without an id column) and its points, times in epoch milliseconds (UTC). */
        public record Line(String id, long[] times, double[] values) {

            public int size() {
                return times.length;
            }
        }
    }

    /** The most series a chart draws: past a dozen lines nobody tells them apart. */
    public static final int CHART_LINES = 12;

    /**
     * The series chart of {@code d}: its windows cut and split by time exactly as training will ({@code split}; an
     * {@code InputException} naming the setting when they cannot be, as {@link #checkedSeries} says), and its target
     * thinned to about {@code maxPoints} points over all drawn lines. Thinning keeps the lowest and the highest value
     * of each bucket of consecutive steps, in time order, so a spike stays visible however long the series (a plain
     * every-k-th sample drops it); a bucket with no value at all keeps a gap. Reads every step: off the UI thread.
     */
    public static SeriesChart seriesChart(io.modelbench.engine.data.SeriesDataset d, io.modelbench.engine.api.SplitSettings split,
                                          int maxPoints) {
        var windows = io.modelbench.engine.data.SeriesWindows.of(d, false);
        io.modelbench.engine.data.DataSplit parts = windows.split(split);
        long testStart = firstTarget(windows, parts.test(), Long.MAX_VALUE);
        long validationStart = firstTarget(windows, parts.validation(), testStart);
        java.util.function.LongUnaryOperator millis = i -> d.step().at(d.origin(), i).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        List<io.modelbench.engine.data.SeriesDataset.Series> all = d.series();
        List<io.modelbench.engine.data.SeriesDataset.Series> drawn = all.subList(0, Math.min(CHART_LINES, all.size()));
        int perLine = Math.max(4, maxPoints / Math.max(1, drawn.size()));
        List<SeriesChart.Line> lines = new java.util.ArrayList<>();
        boolean thinned = false;
        long last = 0;
        for (var s : drawn) {
            SeriesChart.Line line = thin(s, millis, perLine);
            thinned |= line.size() < s.length();
            lines.add(line);
        }
        for (var s : all) {
            last = Math.max(last, s.first() + s.length() - 1);
        }
        return new SeriesChart(d.targetColumn(), d.settings().timeColumn(), lines, all.size(), d.steps(), millis.applyAsLong(0),
                millis.applyAsLong(validationStart), millis.applyAsLong(testStart), millis.applyAsLong(last),
                d.format().format(d.step().at(d.origin(), validationStart)), d.format().format(d.step().at(d.origin(), testStart)),
                new int[] {parts.train().length, parts.validation().length, parts.test().length}, windows.dropped(), thinned);
    }

    /** The earliest step the given windows predict ({@code none} when there are none). */
    private static long firstTarget(io.modelbench.engine.data.SeriesWindows w, int[] windows, long none) {
        long first = none;
        for (int i : windows) {
            first = Math.min(first, w.target()[i]);
        }
        return first;
    }

    /** A series' target with at most about {@code budget} points: each bucket's minimum and maximum, in time order. */
    static SeriesChart.Line thin(io.modelbench.engine.data.SeriesDataset.Series s, java.util.function.LongUnaryOperator millis,
                                 int budget) {
        double[] y = s.target();
        int n = y.length;
        if (n <= budget) {
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                t[i] = millis.applyAsLong(s.first() + i);
            }
            return new SeriesChart.Line(s.id(), t, y.clone());
        }
        int bucket = (int) Math.ceil(n / (budget / 2.0));
        int buckets = (n + bucket - 1) / bucket;
        long[] t = new long[2 * buckets];
        double[] v = new double[2 * buckets];
        int k = 0;
        for (int b = 0; b < n; b += bucket) {
            int lo = -1;
            int hi = -1;
            for (int i = b; i < Math.min(n, b + bucket); i++) {
                if (Double.isNaN(y[i])) {
                    continue;
                }
                lo = lo < 0 || y[i] < y[lo] ? i : lo;
                hi = hi < 0 || y[i] > y[hi] ? i : hi;
            }
            if (lo < 0) {
                t[k] = millis.applyAsLong(s.first() + b);
                v[k++] = Double.NaN;
                continue;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            t[k] = millis.applyAsLong(s.first() + first);
            v[k++] = y[first];
            if (second != first) {
                t[k] = millis.applyAsLong(s.first() + second);
                v[k++] = y[second];
            }
        }
        return new SeriesChart.Line(s.id(), java.util.Arrays.copyOf(t, k), java.util.Arrays.copyOf(v, k));
    }

    private static boolean fourDigitYears(Table table, int c) {
        for (int r = 0; r < table.rowCount(); r++) {
            if (!table.isMissing(r, c) && table.value(r, c).strip().length() != 4) {
                return false;
            }
        }
        return true;
    }

    /**
     * The columns of {@code table} whose every non-empty cell reads as a time (ISO dates, {@code YYYYMMDD}, {@code Jan-1-1995},
     * {@code 1950-03}, plain years: engine.data.TimeFormats), in table order: the Data page offers them as the time
     * column of a series (suggested, never chosen for the user). Columns with decimals are never times, and whole numbers
     * are offered as plain years only with four digits (a 0/1 flag or a small count reads as years 0 to 99 otherwise).
     */
    public static java.util.List<String> timeColumns(Table table) {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            try {
                var format = table.rowCount() > 1 ? io.modelbench.engine.data.TimeFormats.detect(table, c) : null;
                if (format != null && (format.kind() != io.modelbench.engine.data.TimeFormats.Kind.YEAR || fourDigitYears(table, c))) {
                    found.add(table.columns().get(c));
                }
            } catch (RuntimeException notTimes) {
                // a cell that no format reads: not a time column
            }
        }
        return found;
    }
}
