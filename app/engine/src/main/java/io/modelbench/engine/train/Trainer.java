package io.modelbench.engine.train;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.EncodedData;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.List;

/**
 * Trains a network on a table or an image folder: the entry to the engine's training, which front ends reach through
 * {@code engine.app.RunService} (it owns the run's files). Its jobs live in this package: {@link DataPreparation}
 * (schema, rows left out, split, encoding fitted on the training split), {@link TrainingLoop} (epochs, validation,
 * checkpoints, early stopping, Stop, typed events), {@link TestReport} (test figures and baseline) and
 * {@link ModelCards} (the model card). Runs on the calling thread; the same seed gives the same result.
 */
public final class Trainer {

    /** The share of a run's time that checkpoints may take by default (see {@link #Trainer(double)}). */
    public static final double CHECKPOINT_SHARE = 0.05;

    private final double checkpointShare;

    /** Checkpoints take at most {@link #CHECKPOINT_SHARE} of the run's time. */
    public Trainer() {
        this(CHECKPOINT_SHARE);
    }

    /**
     * @param checkpointShare the share of the run's time that checkpoints may take: after an epoch a checkpoint is
     *                        written once the time since the last one is at least the last write's time divided by
     *                        this (1 or more: after every epoch). Always after the last epoch, an epoch with a new
     *                        lowest validation loss, the epoch where early stopping ends the run, and on Stop (the
     *                        last completed epoch, kept in memory). A crash loses at most the epochs since the last
     *                        checkpoint; writing one after every epoch cost this MLP 784-256-256-10 ~110 ms per
     *                        0.8 s epoch with DL4J's compressed zip; {@link CheckpointZip} writes it uncompressed
     *                        (LeNet with Adam: ~20 ms instead of ~150).
     */
    public Trainer(double checkpointShare) {
        if (!(checkpointShare > 0)) {
            throw new IllegalArgumentException("checkpointShare must be > 0: " + checkpointShare);
        }
        this.checkpointShare = checkpointShare;
    }

    /**
     * The data in numbers for the request (a {@link TableDataset}'s schema is used when it was made for the same
     * choice, so the table is not profiled again), with the settings checked against it: an {@link InputException}
     * naming the file, column, cell or setting for bad input, before anything is written.
     */
    public PreparedData prepare(Dataset data, TrainingRequest request) {
        PreparedData p = data.map(table -> DataPreparation.of(table, request), images -> DataPreparation.of(images, request),
                series -> DataPreparation.of(series, request));
        DataPreparation.check(p, request);
        return p;
    }

    /** Trains on data prepared by {@link #prepare} for this request; checkpoints into {@code checkpointDir} (null: none). */
    public TrainingOutcome train(PreparedData data, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                 Path checkpointDir) {
        return new TrainingLoop(data, request, listener, stop, checkpoints(checkpointDir), null, checkpointShare).run();
    }

    /** Prepares and trains; see {@link #prepare} and {@link #train(PreparedData, TrainingRequest, TrainingListener, StopSignal, Path)}. */
    public TrainingOutcome train(Dataset data, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                 Path checkpointDir) {
        return train(prepare(data, request), request, listener, stop, checkpointDir);
    }

    /**
     * Continues the run checkpointed in {@code checkpointDir} on the same data up to {@code totalEpochs} epochs in all;
     * the optimizer state, the split and the shuffling continue exactly where they were, so the result is the one an
     * uninterrupted run would have given. Image data must be read with the checkpoint's {@link #checkpointImageSettings}.
     */
    public TrainingOutcome resume(Dataset data, Path checkpointDir, int totalEpochs, TrainingListener listener, StopSignal stop) {
        return resume(data, checkpointDir, totalEpochs, listener, stop, false);
    }

    /**
     * {@link #resume(Dataset, Path, int, TrainingListener, StopSignal)} for a sweep's trial, which must never read the test
     * split ({@code withoutTest}: the test examples are taken out as {@link PreparedData#withoutTest} does, so the outcome
     * has no test figures).
     */
    public TrainingOutcome resume(Dataset data, Path checkpointDir, int totalEpochs, TrainingListener listener, StopSignal stop,
                                  boolean withoutTest) {
        Checkpoints cp = new Checkpoints(checkpointDir);
        Checkpoints.State state = resumeState(cp, data.source(), data.sha256(), totalEpochs);
        ImageSettings read = data.map(table -> null, ImageDataset::settings, series -> null);
        if (read != null && (state.images() == null || !state.images().equals(read))) {
            throw InputException.file(checkpointDir, "holds a run on " + (state.images() == null ? "a table" : "images read as "
                    + state.images().width() + "x" + state.images().height() + (state.images().grayscale() ? " grayscale" : " RGB")),
                    "resume with the same data and image settings");
        }
        checkSeries(data.map(table -> null, images -> null, series -> series.settings()), state.series(), checkpointDir);
        TrainingRequest request = state.request().withTraining(state.request().training().withEpochs(totalEpochs));
        PreparedData prepared = withoutTest ? prepare(data, request).withoutTest() : prepare(data, request);
        return new TrainingLoop(prepared, request, listener, stop, cp, state, checkpointShare).run();
    }

    /**
     * Trains on a table, profiling it (the path before {@link TableDataset}; tests compare the two). Front ends use
     * {@code engine.app.RunService} with a {@link TableDataset}.
     */
    public TrainingOutcome train(Table table, TrainingRequest request, TrainingListener listener, StopSignal stop) {
        return new TrainingLoop(DataPreparation.of(table, request), request, listener, stop, null, null, checkpointShare).run();
    }

    /**
     * Trains on a table, profiling it now, and writes checkpoints to {@code checkpointDir} when it is not null: the
     * engine's own tests and the bench train tables this way. Front ends use {@code engine.app.RunService} (an
     * architecture test keeps them from this class).
     */
    public TrainingOutcome train(Table table, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                 Path checkpointDir) {
        return train(TableDataset.of(table), request, listener, stop, checkpointDir);
    }

    /** As {@link #resume(Dataset, Path, int, TrainingListener, StopSignal)} on a table (profiled again). */
    public TrainingOutcome resume(Table table, Path checkpointDir, int totalEpochs, TrainingListener listener, StopSignal stop) {
        return resume(TableDataset.of(table), checkpointDir, totalEpochs, listener, stop);
    }

    /**
     * Trains on data already in numbers, all inputs numeric with no missing values (the request's target,
     * task, ignored columns and column settings are taken from {@code data.schema()}); used by benchmarks.
     */
    public TrainingOutcome train(EncodedData data, TrainingRequest request, TrainingListener listener, StopSignal stop) {
        return train(data, request, listener, stop, null);
    }

    /** As {@link #train(EncodedData, TrainingRequest, TrainingListener, StopSignal)}, checkpointing into
     * {@code checkpointDir} (null: none) as the app does for a project's run. */
    public TrainingOutcome train(EncodedData data, TrainingRequest request, TrainingListener listener, StopSignal stop,
                                 Path checkpointDir) {
        return new TrainingLoop(DataPreparation.of(data, request), request, listener, stop, checkpoints(checkpointDir),
                null, checkpointShare).run();
    }

    /**
     * The model's figures on the examples {@code rows} of prepared data, one {@link io.modelbench.engine.api.EvaluatedRow}
     * per example into {@code out} (its loss: cross-entropy, or squared error); null for no rows. A sweep scores each trial
     * on the validation split with it, and its winner once on the test split.
     */
    public static io.modelbench.engine.api.EvaluationResult evaluate(io.modelbench.engine.model.TrainedModel model, PreparedData data,
                                                                     int[] rows, List<io.modelbench.engine.api.EvaluatedRow> out) {
        return TestReport.evaluate(model, data, rows, out);
    }

    /**
     * A forecasting model's figures on the test windows of {@code data} with the naive forecasts (last value, seasonal
     * naive) of the same steps beside them: what {@code train} reports, for a sweep's winner.
     */
    public static io.modelbench.engine.api.ForecastReport forecastReport(io.modelbench.engine.model.TrainedModel model, PreparedData data) {
        return SeriesReport.report(model, data);
    }

    /** The last epoch checkpointed in the folder (a run resumes after it). */
    public static int checkpointEpoch(Path checkpointDir) {
        return new Checkpoints(checkpointDir).readState().epoch();
    }

    /** The image settings of the run checkpointed in the folder (null for a run on a table). */
    public static ImageSettings checkpointImageSettings(Path checkpointDir) {
        return new Checkpoints(checkpointDir).readState().images();
    }

    /** The series settings of the run checkpointed in the folder (null for a run on a table or images). */
    public static SeriesSettings checkpointSeriesSettings(Path checkpointDir) {
        return new Checkpoints(checkpointDir).readState().series();
    }

    /** The target column of the run checkpointed in the folder. */
    public static String checkpointTarget(Path checkpointDir) {
        return new Checkpoints(checkpointDir).readState().request().targetColumn();
    }

    /**
     * A series resumed with the settings it was checkpointed with, or refused naming the first setting that differs (the
     * windows, their split and the network's input shape all follow from them).
     */
    static void checkSeries(SeriesSettings given, SeriesSettings saved, Path dir) {
        if (given == null && saved == null) {
            return;
        }
        if (given == null || saved == null) {
            throw InputException.setting("time column", given == null ? "none" : given.timeColumn(), "the checkpoint in " + dir + " holds a run "
                    + (saved == null ? "on a table without a time column: resume without one" : "on a time series ordered by '"
                    + saved.timeColumn() + "': resume with that time column"));
        }
        String[][] settings = {
            {"time column", given.timeColumn(), saved.timeColumn()},
            {"id column", String.valueOf(given.idColumn()), String.valueOf(saved.idColumn())},
            {"window", "" + given.window(), "" + saved.window()},
            {"horizon", "" + given.horizon(), "" + saved.horizon()},
            {"stride", "" + given.stride(), "" + saved.stride()},
            {"covariates", String.join(",", given.covariates()), String.join(",", saved.covariates())},
            {"missing steps", given.missing(), saved.missing()},
            {"period", "" + given.period(), "" + saved.period()},
        };
        for (String[] s : settings) {
            if (!s[1].equals(s[2])) {
                throw InputException.setting(s[0], s[1], "the checkpoint in " + dir + " was trained with " + s[0] + " '" + s[2]
                        + "': resume with the same series settings, or train anew");
            }
        }
    }

    private static Checkpoints checkpoints(Path dir) {
        return dir == null ? null : new Checkpoints(dir);
    }

    private static Checkpoints.State resumeState(Checkpoints cp, String source, String sha256, int totalEpochs) {
        Checkpoints.State state = cp.readState();
        if (state.sha256() != null && !state.sha256().equals(sha256)) {
            throw InputException.file(source, "is not the data the checkpoint in " + cp.dir()
                    + " was trained on (" + state.source() + "; its content changed)", "resume with the same data, or train anew");
        }
        if (totalEpochs <= state.epoch()) {
            throw InputException.setting("epochs", totalEpochs, "the checkpoint has " + state.epoch()
                    + " epochs already: ask for more to continue");
        }
        return state;
    }

    static List<DataSet> batches(DataSet train, int[] order, int batchSize) {
        return TrainingLoop.batches(train, order, batchSize);
    }

    static int[] permutation(int n, long seed) {
        return TrainingLoop.permutation(n, seed);
    }

    static double[] classWeights(int[] classes, int[] trainRows, int k) {
        return TrainingLoop.classWeights(classes, trainRows, k);
    }
}
