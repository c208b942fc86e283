package io.modelbench.engine.app;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;

import java.nio.file.Path;

/**
 * Opening data for a run, off the UI thread: a CSV file becomes a {@link TableDataset} profiled once (the profile the
 * Data page shows, the schema and training use), a folder with one subfolder of images per class an
 * {@link ImageDataset}. {@code progress} reports the share read and can cancel (a {@code CancellationException}).
 */
public final class Datasets {

    private Datasets() {
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

    /** A table read already, profiled (every column, once). */
    public static TableDataset table(Table table) {
        return TableDataset.of(table);
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
     * The columns of {@code table} whose every non-empty cell reads as a time (ISO dates, {@code YYYYMMDD}, {@code Jan-1-1995},
     * {@code 1950-03}, plain years: engine.data.TimeFormats), in table order: the Data page offers them as the time
     * column of a series (suggested, never chosen for the user). Columns with decimals are never times.
     */
    public static java.util.List<String> timeColumns(Table table) {
        java.util.List<String> found = new java.util.ArrayList<>();
        for (int c = 0; c < table.columnCount(); c++) {
            try {
                if (table.rowCount() > 1 && io.modelbench.engine.data.TimeFormats.detect(table, c) != null) {
                    found.add(table.columns().get(c));
                }
            } catch (RuntimeException notTimes) {
                // a cell that no format reads: not a time column
            }
        }
        return found;
    }
}
