package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.app.Sweeps;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.SeriesDataset;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sweep}'s options for a time series, with the names, meanings, defaults and refusals of the command line's
 * {@code sweep} (its {@code SeriesOptions}; this module must not depend on the CLI at run time, so the declarations are
 * repeated here and the reading itself is the engine's {@link Sweeps#openSeries}, which the CLI calls too). With
 * {@code --time-column} the sweep forecasts {@code --target} {@code --horizon} steps ahead from {@code --window} past
 * steps, split by time, and the trials are chosen on the validation windows' RMSE. The settings travel with the job:
 * every task reads the shipped file into the same series.
 */
final class SeriesOptions {

    @Option(names = "--time-column", paramLabel = "COLUMN",
            description = "Read the table as a time series ordered by this column (dates such as 1995-01-31, 19950131, Jan-31-1995, "
                    + "1995-01 or plain years) and forecast --target; the last 20 %% of the predictable steps are the test span, "
                    + "the 10 %% before them validation, nothing shuffled.")
    String timeColumn;

    @Option(names = "--id-column", paramLabel = "COLUMN", description = "A column that tells several series in the file apart (one model over all).")
    String idColumn;

    @Option(names = "--window", paramLabel = "N", description = "Past steps the model reads (default: " + SeriesSettings.DEFAULT_WINDOW + ").")
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
            description = "Refused, as by the command line's sweep: a sweep searches tables, images and series to forecast; "
                    + "train sequences to classify with the command line's train --sequence-id.")
    String sequenceId;

    /**
     * The series settings the options give, or null without {@code --time-column} (the other series options are then
     * left unused, as by the command line's sweep).
     */
    SeriesSettings settings() {
        return timeColumn == null ? null
                : new SeriesSettings(timeColumn, idColumn, window == null ? SeriesSettings.DEFAULT_WINDOW : window, horizon, stride,
                covariates, missingSteps, period);
    }

    /**
     * The data the driver sweeps: with {@code --time-column} the table of {@code opened} read as a series of
     * {@code target} (what reading did on stderr unless quiet, as the command line prints it); without, {@code opened}.
     * {@code --sequence-id} is refused in one line naming it, before Spark starts.
     */
    Dataset forSweep(Dataset opened, String target, PrintWriter err, boolean quiet) {
        if (sequenceId != null) {
            throw InputException.setting("--sequence-id", sequenceId, "a sweep searches tables, images and series to forecast "
                    + "(--time-column); train sequences to classify with the command line's train --sequence-id");
        }
        SeriesSettings settings = settings();
        if (settings == null) {
            return opened;
        }
        SeriesDataset d = Sweeps.openSeries(opened, target, settings);
        if (!quiet) {
            d.notes().forEach(n -> err.println("series: " + n));
            if (window == null) {
                err.println("series: window " + SeriesSettings.DEFAULT_WINDOW + " past steps (choose another with --window)");
            }
            err.flush();
        }
        return d;
    }
}
