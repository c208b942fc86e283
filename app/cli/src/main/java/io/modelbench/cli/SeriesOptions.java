package io.modelbench.cli;

import io.modelbench.engine.api.ForecastReport;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.eval.Forecasts;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train}'s options for a time series: with {@code --time-column} the table is read as one or more series
 * (issue 15) and the run forecasts the target {@code --horizon} steps ahead from {@code --window} past steps, split by
 * time. Kept out of {@link TrainCommand} so that the table and image paths stay as they were.
 */
final class SeriesOptions {

    /** The window used when {@code --window} is not given. */
    static final int DEFAULT_WINDOW = SeriesSettings.DEFAULT_WINDOW;

    @Option(names = "--time-column", paramLabel = "COLUMN",
            description = "Read the table as a time series ordered by this column (dates such as 1995-01-31, 19950131, Jan-31-1995, "
                    + "1995-01 or plain years) and forecast --target; the last 20 %% of the predictable steps are the test span, "
                    + "the 10 %% before them validation, nothing shuffled.")
    String timeColumn;

    @Option(names = "--id-column", paramLabel = "COLUMN", description = "A column that tells several series in the file apart (one model over all).")
    String idColumn;

    @Option(names = "--window", paramLabel = "N", description = "Past steps the model reads (default: " + DEFAULT_WINDOW + ").")
    Integer window;

    @Option(names = "--horizon", paramLabel = "H", description = "Steps ahead to forecast (default: 1, the next step).")
    int horizon = 1;

    @Option(names = "--stride", paramLabel = "S", description = "Steps between consecutive windows (default: 1).")
    int stride = 1;

    @Option(names = "--covariates", split = ",", paramLabel = "COLUMN",
            description = "Extra numeric columns read beside the target over the window (known covariates).")
    List<String> covariates = new ArrayList<>();

    @Option(names = "--missing-steps", paramLabel = "interpolate|drop",
            description = "Absent time steps and empty cells: filled by linear interpolation, or every window touching one left out "
                    + "(default: interpolate).")
    String missingSteps = "interpolate";

    @Option(names = "--period", paramLabel = "P",
            description = "Season length in steps for the seasonal-naive forecast (default: detected by autocorrelation on the training span).")
    int period;

    @Option(names = "--sequence-id", paramLabel = "COLUMN",
            description = "Classify sequences: the table has one row per time step, this column names the sequence of each row, "
                    + "--target its label (the same on all its rows); --time-column, when given, orders the steps. One prediction per "
                    + "sequence; the split is by sequence, stratified.")
    String sequenceId;

    /** A series to forecast: a time column without a sequence id. */
    boolean given() {
        return timeColumn != null && sequenceId == null;
    }

    /**
     * With {@code --sequence-id}: the long table read as labelled sequences, one row each (an {@code InputException} naming
     * the line, sequence or option otherwise); null without it.
     */
    Dataset sequences(Table table, String target, List<String> ignore, String testData, picocli.CommandLine.ParseResult given) {
        if (sequenceId == null) {
            return null;
        }
        for (String o : List.of("--window", "--horizon", "--stride", "--covariates", "--missing-steps", "--period", "--id-column")) {
            if (given.hasMatchedOption(o)) {
                throw InputException.setting(o, given.matchedOptionValue(o, (Object) null), "it is for forecasting a series; "
                        + "with --sequence-id every sequence is read whole (leave " + o + " out)");
            }
        }
        if (testData != null) {
            throw InputException.setting("--test-data", testData, "sequences are split by sequence, stratified: use --test-fraction");
        }
        if (target == null) {
            throw InputException.general("no --target given for " + table.source(), "give the column that holds each sequence's label");
        }
        return Datasets.sequences(table, sequenceId, timeColumn, target, ignore);
    }

    /** The settings sequences get when left alone: those of a series (the LSTM, batches of 32, Adam at 0.003), per sequence. */
    static io.modelbench.engine.api.TrainingSettings sequenceDefaults(io.modelbench.engine.api.TrainingSettings s, Dataset d,
            io.modelbench.engine.api.SplitSettings split, java.util.Set<io.modelbench.engine.train.Defaults.Setting> chosen, boolean model) {
        return io.modelbench.engine.train.SeriesDefaults.adapt(s, d.size(), split, chosen, model);
    }

    SeriesSettings settings() {
        return new SeriesSettings(timeColumn, idColumn, window == null ? DEFAULT_WINDOW : window, horizon, stride, covariates,
                missingSteps, period);
    }

    /**
     * For {@code --resume}: the target column to read. A series run's checkpoint gives its target and series settings,
     * which the options left out take on; an option given with another value than the checkpoint's is refused naming
     * it (the windows, their split and the network's input all follow from them), as is a time column for a run on a
     * table. Other runs: {@code target}, or any column (the checkpoint's request decides).
     */
    String resumeFrom(java.nio.file.Path dir, picocli.CommandLine.ParseResult given, String target, Table table) {
        SeriesSettings saved = io.modelbench.engine.app.RunService.checkpointSeriesSettings(dir);
        if (saved == null) {
            if (given()) {
                throw io.modelbench.engine.api.InputException.setting("--time-column", timeColumn, "the checkpoint in " + dir
                        + " holds a run on a table, not on a time series: resume without the series options");
            }
            return target == null ? table.columns().get(table.columnCount() - 1) : target;
        }
        String savedTarget = io.modelbench.engine.app.RunService.checkpointTarget(dir);
        Object[][] options = {
            {"--target", target, savedTarget},
            {"--time-column", timeColumn, saved.timeColumn()},
            {"--id-column", idColumn, saved.idColumn()},
            {"--window", window, saved.window()},
            {"--horizon", horizon, saved.horizon()},
            {"--stride", stride, saved.stride()},
            {"--covariates", String.join(",", covariates), String.join(",", saved.covariates())},
            {"--missing-steps", missingSteps, saved.missing()},
            {"--period", period, saved.period()},
        };
        for (Object[] o : options) {
            if (given.hasMatchedOption((String) o[0]) && !String.valueOf(o[1]).equals(String.valueOf(o[2]))) {
                throw io.modelbench.engine.api.InputException.setting((String) o[0], o[1], "the checkpoint in " + dir + " was trained with "
                        + o[0] + " " + o[2] + ": resume with the same value, or leave the option out to take the checkpoint's");
            }
        }
        timeColumn = saved.timeColumn();
        idColumn = saved.idColumn();
        window = saved.window();
        horizon = saved.horizon();
        stride = saved.stride();
        covariates = new ArrayList<>(saved.covariates());
        missingSteps = saved.missing();
        period = saved.period();
        return savedTarget;
    }

    /**
     * For {@code sweep}: with {@code --time-column}, the table of {@code opened} read as a series of {@code target} (its
     * notes on stderr unless quiet); without, {@code opened} as it is. Sequences to classify are refused naming
     * {@code --sequence-id} (a sweep searches tables, images and series to forecast).
     */
    Dataset forSweep(Dataset opened, String target, PrintWriter err, boolean quiet) {
        if (sequenceId != null) {
            throw InputException.setting("--sequence-id", sequenceId, "a sweep searches tables, images and series to forecast "
                    + "(--time-column); train sequences to classify with train --sequence-id");
        }
        if (!given()) {
            return opened;
        }
        SeriesDataset d = io.modelbench.engine.app.Sweeps.openSeries(opened, target, settings());   // as the Spark sweep builds it
        printNotes(d, err, quiet);
        return d;
    }

    /** The table read as series of {@code target}. */
    SeriesDataset open(Table table, String target) {
        return Datasets.series(Datasets.table(table), target, settings());
    }

    /** What reading the series did (sorting, gaps, filling), on stderr unless quiet: after the checks, so bad input gets one line. */
    void printNotes(SeriesDataset d, PrintWriter err, boolean quiet) {
        if (!quiet) {
            d.notes().forEach(n -> err.println("series: " + n));
            if (window == null) {
                err.println("series: window " + DEFAULT_WINDOW + " past steps (choose another with --window)");
            }
        }
    }

    /** The forecasting part of {@code train}'s JSON: the task, the series settings and the naive forecasts beside the model. */
    /**
     * A sequence classifier's {@code "sequences"}: channels, the steps the model reads and the sequences' lengths
     * (shortest, median, longest; padded when they differ), and a line saying so on stderr; nothing for other models.
     */
    static void addSequences(Map<String, Object> result, ModelCard card, PrintWriter err, boolean quiet) {
        ModelCard.SequenceInput s = card.sequence();
        if (s == null) {
            return;
        }
        if (!quiet) {
            err.println(s.lengths() == null ? "sequences: " + s.steps() + " steps each, " + s.channels().size() + " channel(s)"
                    : "sequences: " + s.lengths().min() + " to " + s.lengths().max() + " steps (median " + s.lengths().median()
                    + "), padded at the end to " + s.steps() + " with a mask, " + s.channels().size() + " channel(s)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id_column", s.idColumn());
        out.put("time_column", s.timeColumn());
        out.put("channels", s.channels());
        out.put("steps", s.steps());
        out.put("padded", s.lengths() != null);
        out.put("lengths", s.lengths() == null ? Map.of("min", s.steps(), "median", s.steps(), "max", s.steps())
                : Map.of("min", s.lengths().min(), "median", s.lengths().median(), "max", s.lengths().max()));
        result.put("sequences", out);
    }

    static void addTo(Map<String, Object> result, ForecastReport f, ModelCard card, PrintWriter err, boolean quiet) {
        ModelCard.SeriesInput s = card.series();
        result.put("task", "forecasting");
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("time_column", s.timeColumn());
        series.put("time_format", s.timeFormat());
        series.put("step", s.step());
        series.put("id_column", s.idColumn());
        series.put("window", s.window());
        series.put("horizon", s.horizon());
        series.put("stride", s.stride());
        series.put("covariates", s.covariates());
        series.put("missing_steps", s.missing());
        result.put("series", series);
        Map<String, Object> test = io.modelbench.engine.eval.Metrics.toMap(f.model());
        test.put("mape", Double.isNaN(f.mape()) ? null : f.mape());
        result.put("test", test);
        result.put("baselines", Forecasts.baselines(f));
        result.put("beats_naive", f.useful());
        result.remove("baseline");
        if (!quiet) {
            err.println("forecast: " + f.verdict());
        }
    }
}
