package io.modelbench.engine.data;

import io.modelbench.engine.api.SeriesSettings;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A table read as one or more time series ({@link SeriesReader}): each series on a complete, regular grid of time
 * steps from its first time to its last, the target first and then the covariates, {@code NaN} where a value is
 * missing (a step absent from the file, or an empty cell) unless interpolation filled it. {@code notes} says in
 * words what was done on the way (rows sorted, steps filled or left out), each naming lines.
 *
 * @param table  the table it was read from (profiled, as the Data page shows it)
 * @param format the time column's detected format
 * @param step   the regular step between times
 * @param origin the earliest time of all series (step index 0)
 */
public record SeriesDataset(TableDataset table, String targetColumn, SeriesSettings settings, TimeFormats.Format format,
                            TimeFormats.Step step, LocalDateTime origin, List<Series> series, List<String> notes) implements Dataset {

    /**
     * One series: its id (the id column's value, or "" without one), the global step index of its first step, one
     * row of values per channel (target, then covariates) per step, and per step the file line it came from (-1 for
     * a step absent from the file) and its time as written in the file (or in the detected format for absent steps).
     */
    public record Series(String id, long first, double[][] values, long[] lines, String[] times) {

        public int length() {
            return lines.length;
        }

        /** The target's values, one per step. */
        public double[] target() {
            return values[0];
        }
    }

    public SeriesDataset {
        Objects.requireNonNull(table, "table");
        series = List.copyOf(series);
        notes = List.copyOf(notes);
    }

    /** Reads the table as series of the target with these settings; an {@code InputException} naming the line or setting otherwise. */
    public static SeriesDataset of(TableDataset table, String target, SeriesSettings settings) {
        return SeriesReader.read(table, target, settings);
    }

    /** The same table read for another target (this one when it is the same). */
    public SeriesDataset forTarget(String target) {
        return target.equals(targetColumn) ? this : of(table, target, settings);
    }

    /** The channels: the target, then the covariates. */
    public List<String> channels() {
        List<String> c = new java.util.ArrayList<>();
        c.add(targetColumn);
        c.addAll(settings.covariates());
        return c;
    }

    /** Time steps over all series. */
    public int steps() {
        return series.stream().mapToInt(Series::length).sum();
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
        return table.size();
    }

    @Override
    public <R> R accept(Cases<R> cases) {
        return cases.series(this);
    }
}
