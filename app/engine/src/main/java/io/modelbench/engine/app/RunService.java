package io.modelbench.engine.app;

import io.modelbench.engine.Versions;
import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.NetworkFactory;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.optimize.ModelOptimizer;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.AutoSearch;
import io.modelbench.engine.train.PreparedData;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Starts, resumes, stops and records training runs: the one place where a front end's "train" becomes a trainer, a
 * run folder, checkpoints, a run record and a model file. The desktop and the CLI call it, and sweeps and batch jobs
 * will; none of them builds a {@link Trainer} or a network or writes a run file (the model server only loads models).
 *
 * <p>A run: the data is prepared and checked first (bad input throws an {@code InputException} and nothing is
 * written), then its folder is made (a project's {@code runs/run-NNNN/} with {@code run.json} status running), the
 * threads set, and the session trains on the calling thread; each epoch rewrites {@code run.json} atomically, then the
 * model is saved ({@code model.zip} or the caller's file, atomically) and the status recorded: finished, or stopped
 * (on request or by early stopping; resumable from its checkpoint). A failure during training records status failed
 * with the message, sends {@link RunEvent.Ended} and is rethrown. Events go to the caller's {@link RunListener}.
 *
 * <p>Blocking calls ({@link #train}, {@link #resume}) run on the caller's thread and are stopped through their
 * {@link StopSignal}; {@link #startTraining} and {@link #startResume} run them on an executor and return a
 * {@link RunHandle}. One run at a time per process: DL4J networks are not thread-safe and the backend's threads are
 * process-wide. A sweep ({@link Sweeps}) trains several trials at once, each its own network on its own thread, with
 * the backend set to the same threads per trial by every one. Holds no mutable state; share one instance.
 */
public final class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private final Trainer trainer;

    /** Checkpoints take at most {@link Trainer#CHECKPOINT_SHARE} of a run's time. */
    public RunService() {
        this(new Trainer());
    }

    /** With the share of a run's time that checkpoints may take (see {@link Trainer#Trainer(double)}; tests use 1). */
    public RunService(double checkpointShare) {
        this(new Trainer(checkpointShare));
    }

    private RunService(Trainer trainer) {
        this.trainer = trainer;
    }

    /**
     * Trains a new run on the caller's thread and returns when it has ended (finished, or stopped through
     * {@code stop}). Throws an {@code InputException} for bad data or settings before anything is written.
     */
    public RunResult train(Dataset data, TrainingRequest request, RunOutput output, RunSettings settings,
                           RunListener listener, StopSignal stop) {
        PreparedData prepared = trainer.prepare(data, request); // bad input fails here: no folder, no file yet
        String auto = null;
        if (settings.autoSeconds() > 0) {
            // the search trains candidates without the test rows and chooses on validation; the run then trains the choice
            threads(settings.threads());
            AutoSearch.Result r = new AutoSearch(trainer).search(prepared, request, settings.autoSeconds(), stop,
                    c -> listener.onEvent(new RunEvent.AutoCandidate(c.number(), c.settings(), c.metricName(), c.validationMetric(), c.seconds())));
            request = request.withTraining(r.chosen());
            auto = r.description();
            LOG.info("{}", auto);
        }
        return start(data, prepared, request, output, settings, listener, stop, auto);
    }

    /**
     * What a sweep's trial gave: the run, and the kept model's figures on the validation split with the mean loss of
     * those examples (cross-entropy, or squared error in the target's units).
     */
    public record TrialRun(RunResult run, io.modelbench.engine.api.EvaluationResult validation, double validationLoss) {
    }

    /**
     * A sweep's trial: a run as {@link #train} makes it (its folder, record, curves, checkpoints and model), trained and
     * scored with the test examples taken out of the prepared data, so that nothing a trial does reads the test split;
     * its record and model card carry no test figures. The sweep evaluates only its winner on the test split.
     * An {@code InputException} for bad input, before anything is written, and for data with no validation split.
     */
    public TrialRun trainTrial(Dataset data, TrainingRequest request, RunOutput output, RunSettings settings,
                               RunListener listener, StopSignal stop) {
        PreparedData prepared = trainer.prepare(data, request).withoutTest();
        int[] validation = prepared.split().validation();
        if (validation.length == 0) {
            throw io.modelbench.engine.api.InputException.setting("validation-fraction", request.split().validationFraction(),
                    "a sweep chooses on the validation split: set a validation fraction above 0, such as 0.1");
        }
        return scored(start(data, prepared, request, output, settings.withAuto(0), listener, stop, null), prepared);
    }

    /** The trial's run with its kept model's figures on the validation examples of {@code prepared}. */
    private static TrialRun scored(RunResult run, PreparedData prepared) {
        java.util.List<io.modelbench.engine.api.EvaluatedRow> rows = new java.util.ArrayList<>();
        var figures = Trainer.evaluate(run.outcome().model(), prepared, prepared.split().validation(), rows);
        double loss = rows.stream().mapToDouble(io.modelbench.engine.api.EvaluatedRow::loss).average().orElse(Double.NaN);
        return new TrialRun(run, figures, loss);
    }

    /**
     * Continues a sweep's trial that was stopped at a rung (its project run, from its last checkpoint) up to
     * {@code totalEpochs} in all, as {@link #resume(Project, String, Dataset, RunSettings, RunListener, StopSignal)} does
     * but, like {@link #trainTrial}, without the test examples: scored on the validation split only. A trial trained in
     * pieces (a Spark task per rung) gives what one uninterrupted trial gives.
     */
    public TrialRun continueTrial(Project project, String runId, Dataset data, int totalEpochs, RunSettings settings,
                                  RunListener listener, StopSignal stop) {
        RunInfo run = Projects.checkResume(project, runId, data);
        RunInfo again = run.withStatus(RunInfo.RUNNING, null);
        project.writeRun(again);
        Path cp = project.checkpointDir(runId);
        RunResult result = session(new Session(project, again, true, data.source(), project.modelFile(runId), cp, settings), listener,
                l -> trainer.resume(data, cp, totalEpochs, l, stop, true));
        TrainingRequest request = run.request().withTraining(run.request().training().withEpochs(totalEpochs));
        return scored(result, trainer.prepare(data, request).withoutTest());
    }

    private RunResult start(Dataset data, PreparedData prepared, TrainingRequest request, RunOutput output, RunSettings settings,
                            RunListener listener, StopSignal stop, String autoText) {
        Project project = output instanceof RunOutput.InProject p ? p.project() : null;
        RunInfo run = null;
        Path checkpoints = null;
        Path model = null;
        if (output instanceof RunOutput.InProject p) {
            synchronized (project) { // a sweep's parallel trials: each takes the next free run number
                run = project.newRun(request, p.recipe(), environment(settings.backend()));
            }
            checkpoints = project.checkpointDir(run.id());
            model = project.modelFile(run.id());
        } else if (output instanceof RunOutput.Files f) {
            checkpoints = f.checkpoints();
            model = f.model();
        }
        Path cp = checkpoints;
        return session(new Session(project, run, false, data.source(), model, cp, settings), listener,
                l -> withAutoSearch(trainer.train(prepared, request, l, stop, cp), autoText));
    }

    /**
     * Continues a project's stopped or interrupted run from its last checkpoint, on the data it was trained on, up to
     * the epochs it asked for; the result is the one an uninterrupted run would have given. Throws an
     * {@code InputException} (as {@link Projects#checkResume} words it) when it cannot be resumed.
     */
    public RunResult resume(Project project, String runId, Dataset data, RunSettings settings, RunListener listener,
                            StopSignal stop) {
        RunInfo run = Projects.checkResume(project, runId, data);
        RunInfo again = run.withStatus(RunInfo.RUNNING, null);
        project.writeRun(again);
        Path cp = project.checkpointDir(runId);
        int total = run.request().training().epochs();
        return session(new Session(project, again, true, data.source(), project.modelFile(runId), cp, settings), listener,
                l -> trainer.resume(data, cp, total, l, stop));
    }

    /**
     * Continues the run checkpointed in {@code checkpointDir} (the CLI's {@code --resume}) up to {@code totalEpochs}
     * in all, saving the model to {@code modelFile} (null: not saved). Its settings come from the checkpoint.
     */
    public RunResult resume(Dataset data, Path checkpointDir, int totalEpochs, Path modelFile, RunSettings settings,
                            RunListener listener, StopSignal stop) {
        return session(new Session(null, null, true, data.source(), modelFile, checkpointDir, settings), listener,
                l -> trainer.resume(data, checkpointDir, totalEpochs, l, stop));
    }

    /** A distillation recorded as a run: the optimized model's record (before and after) and the run's result. */
    public record Distilled(ModelCard.Optimized optimized, RunResult run) {
    }

    /**
     * Distils the model saved in {@code teacher} into a smaller student ({@code s}: method distill) and writes it to
     * {@code out} as {@code Optimizations.optimize} does, as a run: in a project a new run whose {@code run.json}
     * records the student's settings (with a note naming the teacher and the distillation), every epoch's figures and
     * the test figures, and whose {@code model.zip} is the student; the listener gets a training run's events (Started,
     * the student's training events, Recorded after each epoch, Ended). {@code progress}: the optimization's progress
     * and cancel (a cancelled distillation is recorded as failed, "cancelled", and writes no model).
     */
    public Distilled distill(Path teacher, Dataset data, OptimizeSettings s, Path out, RunOutput output, RunSettings settings,
                             RunListener listener, TaskProgress progress) {
        TrainingRequest request = ModelOptimizer.studentRequest(Exports.readCard(teacher), s); // bad settings fail here
        Project project = output instanceof RunOutput.InProject p ? p.project() : null;
        RunInfo run = null;
        Path model = output instanceof RunOutput.Files f ? f.model() : null;
        if (output instanceof RunOutput.InProject p) {
            run = project.newRun(request, p.recipe(), environment(settings.backend()))
                    .withNote("distilled from " + teacher.getFileName() + ": " + s.describe());
            project.writeRun(run);
            model = project.modelFile(run.id());
        }
        AtomicReference<ModelCard.Optimized> record = new AtomicReference<>();
        RunResult result = session(new Session(project, run, false, data.source(), model, null, settings), listener, l -> {
            ModelOptimizer.Distilled d = ModelOptimizer.distill(teacher, data, s, out, progress, l);
            record.set(d.record());
            return d.outcome();
        });
        return new Distilled(record.get(), result);
    }

    /** The outcome with the search's description on its model card (the outcome itself when there was no search). */
    private static TrainingOutcome withAutoSearch(TrainingOutcome o, String auto) {
        if (auto == null) {
            return o;
        }
        ModelCard card = o.model().card();
        TrainedModel m = new TrainedModel(o.model().network(), o.model().normalizer(), card.withTraining(card.training().withAutoSearch(auto)));
        return new TrainingOutcome(m, o.test(), o.testRows(), o.baseline(), o.baselineDescription(), o.epochsCompleted(), o.stoppedEarly(),
                o.samplesPerSecond(), o.reference(), o.referenceDescription());
    }

    /** {@link #train} on {@code executor}; the handle stops, pauses and waits for it. */
    public RunHandle startTraining(Executor executor, Dataset data, TrainingRequest request, RunOutput output,
                                   RunSettings settings, RunListener listener) {
        StopSignal stop = new StopSignal();
        return new RunHandle(stop, CompletableFuture.supplyAsync(
                () -> train(data, request, output, settings, listener, stop), executor));
    }

    /** {@link #resume(Project, String, Dataset, RunSettings, RunListener, StopSignal)} on {@code executor}. */
    public RunHandle startResume(Executor executor, Project project, String runId, Dataset data, RunSettings settings,
                                 RunListener listener) {
        StopSignal stop = new StopSignal();
        return new RunHandle(stop, CompletableFuture.supplyAsync(
                () -> resume(project, runId, data, settings, listener, stop), executor));
    }

    /**
     * Checks what can be checked before the native backend loads (a moment, not seconds): for a table the target, the
     * column types and every numeric input cell (the schema worked out here is the one training uses), for images
     * that every layer of the model fits the image size. Returns the data to train on; an {@code InputException}
     * naming the column, cell or layer otherwise.
     */
    public static Dataset check(Dataset data, TrainingRequest request) {
        return data.map(table -> {
            io.modelbench.engine.data.TableDataset checked = table.withSchema(request);
            checkSplit(checked, request);
            if (checked.sequence() != null) {   // sequences to classify: every layer checked against [channels, steps]
                TrainingSettings s = request.training();
                NetworkFactory.summary(s.spec(), io.modelbench.engine.api.InputShape.sequence(checked.sequence().channels().size(),
                        checked.sequence().steps()), checked.schema().labels().size(), TaskType.CLASSIFICATION, s.batchSize(),
                        s.optimization().optimizer());
                io.modelbench.engine.data.SequenceTable.checkModel(s.spec(), checked.sequence());   // LSTM cap, 1-D convolution and padding
            }
            return checked;
        }, images -> {
            TrainingSettings s = request.training();
            NetworkFactory.summary(s.spec(), images.settings().shape(), images.labels().size(), TaskType.CLASSIFICATION,
                    s.batchSize(), s.optimization().optimizer());
            io.modelbench.engine.data.DataSplit.of(images.size(), images.classes(), request.split());
            return images;
        }, series -> {
            // reads the windows and the split as training will, and checks that every layer fits the windows
            SeriesDataset d = series.forTarget(request.targetColumn());
            var windows = io.modelbench.engine.data.SeriesWindows.of(d, false);
            windows.split(request.split());
            TrainingSettings s = request.training();
            NetworkFactory.summary(s.spec(), io.modelbench.engine.api.InputShape.sequence(d.channels().size(), windows.window()), 1,
                    TaskType.REGRESSION, s.batchSize(), s.optimization().optimizer());
            return d;
        });
    }

    /**
     * The split can be made (every class with enough rows for a test share): said here, before training starts and
     * before the command line prints its settings, so the refusal is the only line (issue 18).
     */
    private static void checkSplit(io.modelbench.engine.data.TableDataset data, TrainingRequest request) {
        io.modelbench.engine.api.DataSchema s = data.schema();
        io.modelbench.engine.data.Table table = data.table();
        int t = table.indexOf(s.targetColumn());
        int[] rows = java.util.stream.IntStream.range(0, table.rowCount())
                .filter(r -> !io.modelbench.engine.data.TableEncoder.targetMissing(table, r, t)).toArray();
        int[] classes = null;
        if (s.task() == TaskType.CLASSIFICATION) {
            classes = io.modelbench.engine.data.TableEncoder.classIndices(rows.length == table.rowCount() ? table : table.select(rows), s);
        }
        io.modelbench.engine.data.DataSplit.of(rows.length, classes, request.split());
    }

    /** The image settings of the run checkpointed in the folder (null for a run on a table): read images with them to resume. */
    public static ImageSettings checkpointImageSettings(Path checkpointDir) {
        return Trainer.checkpointImageSettings(checkpointDir);
    }

    /** The series settings of the run checkpointed in the folder (null for a run on a table or images). */
    public static io.modelbench.engine.api.SeriesSettings checkpointSeriesSettings(Path checkpointDir) {
        return Trainer.checkpointSeriesSettings(checkpointDir);
    }

    /** The target column of the run checkpointed in the folder. */
    public static String checkpointTarget(Path checkpointDir) {
        return Trainer.checkpointTarget(checkpointDir);
    }

    /** The last epoch checkpointed in the folder (a run resumes after it). */
    public static int checkpointEpoch(Path checkpointDir) {
        return Trainer.checkpointEpoch(checkpointDir);
    }

    /** What a project run records about where it ran: the backend, cores, Java, OS and library versions. */
    public static Map<String, String> environment(BackendStatus backend) {
        Map<String, String> env = new LinkedHashMap<>();
        if (backend != null) {
            env.put("backend", backend.device() + ": " + backend.detail());
        }
        env.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.putAll(Versions.all());
        return env;
    }

    /** A run's files and where it stands, for one session. */
    private record Session(Project project, RunInfo run, boolean resumed, String source, Path modelFile,
                           Path checkpoints, RunSettings settings) {
    }

    private RunResult session(Session s, RunListener listener, Function<TrainingListener, TrainingOutcome> training) {
        AtomicReference<RunInfo> current = new AtomicReference<>(s.run());
        RunWrites writes = new RunWrites();
        try {
            int threads = threads(s.settings().threads());
            listener.onEvent(new RunEvent.Started(s.run(), threads, s.resumed(), s.source()));
            TrainingOutcome outcome = training.apply(e -> {
                RunInfo recorded = s.project() == null || !(e instanceof TrainingEvent.EpochDone d) ? null : record(s, current, d, writes);
                listener.onEvent(new RunEvent.Training(e));
                if (recorded != null) {
                    listener.onEvent(new RunEvent.Recorded(recorded));
                }
            });
            RunStatus status = outcome.stoppedEarly() ? RunStatus.STOPPED : RunStatus.FINISHED;
            if (s.modelFile() != null) {
                ModelFiles.save(outcome.model(), s.modelFile());
                io.modelbench.engine.io.PhaseClock.mark("model zip written");
            }
            String note = outcome.model().card().training().stopNote();
            RunInfo done = null;
            if (s.project() != null) {
                done = current.get().finished(status.id(), Instant.now().toString(), outcome.hasTest() ? Metrics.toMap(outcome.test()) : Map.of(),
                        RunResult.resultText(outcome), note);
                s.project().writeRun(done);
                current.set(done);
            }
            boolean resumable = outcome.stoppedEarly() && s.checkpoints() != null && hasCheckpoint(s.checkpoints());
            listener.onEvent(new RunEvent.Ended(status, done, status == RunStatus.FINISHED ? "" : note));
            return new RunResult(status, outcome, done, s.modelFile(), resumable, threads);
        } catch (RuntimeException e) {
            String message = e instanceof CancellationException ? "cancelled before the end: no model was saved" : Failures.message(e);
            RunInfo failed = null;
            if (s.project() != null) {
                failed = current.get().withStatus(RunInfo.FAILED, message);
                try {
                    s.project().writeRun(failed);
                } catch (RuntimeException ex) {
                    LOG.warn("Could not save the failed run: {}", ex.getMessage());
                }
            }
            try {
                listener.onEvent(new RunEvent.Ended(RunStatus.FAILED, failed, message));
            } catch (RuntimeException ex) {
                LOG.warn("The run's listener failed on its end: {}", ex.toString());
            }
            throw e;
        }
    }

    /**
     * Appends the epoch to the run's record and, when {@link RunWrites} says it is due, rewrites its run.json (on the
     * training thread); the record written, or null.
     */
    private static RunInfo record(Session s, AtomicReference<RunInfo> current, TrainingEvent.EpochDone d, RunWrites writes) {
        RunInfo r = current.get().withEpoch(new RunInfo.Epoch(d.epoch(), d.trainingLoss(), d.validationLoss(),
                d.metricName(), d.validationMetric(), d.learningRate(), d.samplesPerSecond(), d.elapsedMillis()));
        current.set(r);
        if (!writes.due(d)) {
            return null;
        }
        try {
            long t0 = writes.now();
            s.project().writeRun(r);
            writes.written(t0);
            return r;
        } catch (RuntimeException ex) {
            // the run goes on: a later epoch (or the end) writes the file again
            LOG.warn("Could not save the run's progress: {}", ex.getMessage());
            return null;
        }
    }

    private static int threads(int setting) {
        NativeEnvironment.applyBeforeLoad();
        return setting == RunSettings.KEEP ? NativeEnvironment.threads() : NativeEnvironment.setThreads(setting);
    }

    private static boolean hasCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve("state.json")) && Files.isRegularFile(dir.resolve("last.zip"));
    }
}
