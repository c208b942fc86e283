package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a table as time series: detects the time column's format ({@link TimeFormats}), groups rows by the id column,
 * checks the order (rows out of order are sorted, with a note naming the first such line; two rows with the same time
 * in one series are refused, naming both lines), finds the regular step and lays every series on its grid. Steps
 * absent from the file and empty cells are reported by line and, with {@code interpolate}, filled linearly between
 * the nearest known values (the nearest value at either end); with {@code drop} they stay missing and every window
 * that touches one is left out when windows are made.
 */
final class SeriesReader {

    private static final int LISTED = 5;

    private SeriesReader() {
    }

    static SeriesDataset read(TableDataset data, String target, SeriesSettings s) {
        Table t = data.table();
        int time = TableEncoder.requireColumn(t, s.timeColumn());
        int id = s.idColumn() == null ? -1 : TableEncoder.requireColumn(t, s.idColumn());
        List<String> channelNames = new ArrayList<>();
        channelNames.add(target);
        channelNames.addAll(s.covariates());
        int[] channels = channelNames.stream().mapToInt(c -> TableEncoder.requireColumn(t, c)).toArray();
        if (channels[0] == time || channels[0] == id) {
            throw InputException.setting("target", target, "the target must be another column than the time and id columns");
        }
        TimeFormats.Format format = TimeFormats.detect(t, time);
        List<String> notes = new ArrayList<>();
        notes.add("time column '" + s.timeColumn() + "' read as " + format.pattern());

        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        LocalDateTime[] times = new LocalDateTime[t.rowCount()];
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.isMissing(r, time)) {
                throw InputException.cell(t.source(), t.line(r), s.timeColumn(), "the time is empty, so the row cannot be placed in the series",
                        "fill in the time, or delete the row");
            }
            times[r] = format.parse(t.value(r, time));
            groups.computeIfAbsent(id < 0 ? "" : t.value(r, id), k -> new ArrayList<>()).add(r);
        }
        List<List<LocalDateTime>> sorted = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            List<Integer> rows = g.getValue();
            String name = g.getKey().isEmpty() ? "the series" : "series '" + g.getKey() + "'";
            for (int i = 1; i < rows.size(); i++) {
                if (times[rows.get(i)].isBefore(times[rows.get(i - 1)])) {
                    notes.add("the rows of " + name + " were not in time order (line " + t.line(rows.get(i)) + ": "
                            + t.value(rows.get(i), time) + " comes after line " + t.line(rows.get(i - 1)) + ": "
                            + t.value(rows.get(i - 1), time) + "); they were sorted by time");
                    break;
                }
            }
            rows.sort(Comparator.comparing(r -> times[r]));
            for (int i = 1; i < rows.size(); i++) {
                if (times[rows.get(i)].equals(times[rows.get(i - 1)])) {
                    throw InputException.cell(t.source(), t.line(rows.get(i)), s.timeColumn(), "lines " + t.line(rows.get(i - 1)) + " and "
                                    + t.line(rows.get(i)) + " have the same time " + t.value(rows.get(i), time) + " in " + name,
                            s.idColumn() == null ? "remove one of the two rows, or give the column that tells the series apart as the id column"
                                    : "remove one of the two rows");
                }
            }
            sorted.add(rows.stream().map(r -> times[r]).toList());
        }
        TimeFormats.Step step = TimeFormats.step(format.kind(), sorted, t.source(), s.timeColumn());
        LocalDateTime origin = Arrays.stream(times).min(Comparator.naturalOrder()).orElseThrow();
        notes.add("one step is " + step.describe());

        List<SeriesDataset.Series> series = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        List<Long> empty = new ArrayList<>();
        int absentSteps = 0;
        int emptyCells = 0;
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            List<Integer> rows = g.getValue();
            long[] index = new long[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                index[i] = step.index(origin, times[r]);
                if (index[i] < 0) {
                    throw InputException.cell(t.source(), t.line(r), s.timeColumn(), "the time " + t.value(r, time)
                                    + " is not a whole number of steps (" + step.describe() + ") after " + format.format(origin),
                            "give times on a regular grid (one row per " + step.describe() + ")");
                }
            }
            long first = index[0];
            int n = (int) (index[index.length - 1] - first + 1);
            double[][] values = new double[channels.length][n];
            for (double[] v : values) {
                Arrays.fill(v, Double.NaN);
            }
            long[] lines = new long[n];
            Arrays.fill(lines, -1);
            String[] text = new String[n];
            for (int k = 0; k < n; k++) {
                text[k] = format.format(step.at(origin, first + k));
            }
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                int k = (int) (index[i] - first);
                lines[k] = t.line(r);
                text[k] = t.value(r, time).strip();
                for (int c = 0; c < channels.length; c++) {
                    if (t.isMissing(r, channels[c])) {
                        if (c == 0) {
                            emptyCells++;
                            empty.add(t.line(r));
                        }
                        continue;
                    }
                    double v = t.number(r, channels[c]);
                    if (Double.isNaN(v)) {
                        throw InputException.cell(t.source(), t.line(r), channelNames.get(c), "'" + t.value(r, channels[c])
                                + "' is not a number", "a series' target and covariates must be numbers: correct the cell or leave it empty");
                    }
                    values[c][k] = v;
                }
                if (i > 0 && index[i] - index[i - 1] > 1) {
                    absentSteps += (int) (index[i] - index[i - 1] - 1);
                    gaps.add((index[i] - index[i - 1] - 1) + " before line " + t.line(r));
                }
            }
            series.add(new SeriesDataset.Series(g.getKey(), first, values, lines, text));
        }
        if (absentSteps > 0) {
            notes.add(absentSteps + " time steps are absent from the file (" + list(gaps) + ")");
        }
        if (emptyCells > 0) {
            notes.add(emptyCells + " rows have no " + target + " (lines " + list(empty.stream().map(String::valueOf).toList()) + ")");
        }
        int missing = absentSteps + emptyCells;
        if (missing > 0 || hasMissingCovariates(series)) {
            if (s.missing().equals("interpolate")) {
                series.forEach(SeriesReader::interpolate);
                notes.add("missing steps were filled by linear interpolation between the nearest known values");
            } else {
                notes.add("windows that touch a missing step are left out (missing steps: drop)");
            }
        }
        for (SeriesDataset.Series x : series) {
            if (Arrays.stream(x.target()).allMatch(Double::isNaN)) {
                throw InputException.column(t.source(), target, "has no values" + (x.id().isEmpty() ? "" : " in series '" + x.id() + "'"),
                        "choose a numeric column with values as the target");
            }
        }
        return new SeriesDataset(data, target, s, format, step, origin, series, notes);
    }

    private static boolean hasMissingCovariates(List<SeriesDataset.Series> series) {
        return series.stream().anyMatch(x -> Arrays.stream(x.values()).skip(1).flatMapToDouble(Arrays::stream).anyMatch(Double::isNaN));
    }

    private static String list(List<String> items) {
        return items.stream().limit(LISTED).collect(Collectors.joining(", ")) + (items.size() > LISTED ? ", ..." : "");
    }

    /** Fills each channel's NaNs linearly between the nearest known values (the nearest known value at either end). */
    static void interpolate(SeriesDataset.Series s) {
        for (double[] v : s.values()) {
            int prev = -1;
            for (int i = 0; i <= v.length; i++) {
                if (i < v.length && Double.isNaN(v[i])) {
                    continue;
                }
                if (i - prev > 1) {
                    for (int k = prev + 1; k < i; k++) {
                        if (prev < 0 && i == v.length) {
                            break;   // nothing known in this channel
                        }
                        v[k] = prev < 0 ? v[i] : i == v.length ? v[prev] : v[prev] + (v[i] - v[prev]) * (k - prev) / (double) (i - prev);
                    }
                }
                prev = i;
            }
        }
    }
}
