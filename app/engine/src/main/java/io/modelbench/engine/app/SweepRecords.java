package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import io.modelbench.engine.sweep.SweepState;
import io.modelbench.engine.train.ModelOutcomes;
import io.modelbench.engine.train.PreparedData;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A project's sweeps as the desktop's Experiments page keeps them: each in {@code sweeps/sweep-NNN/} of the project
 * ({@code sweep.json} and {@code best.zip}, written by {@link Sweeps#run}; its trials are the project's runs). Reads the
 * latest one back when a project is reopened (its table and curves come back, and Start continues it), tells whether a
 * sweep set up on the page continues the one recorded in a folder, and turns a trial's model into the current model.
 * Every method reads or writes files: call it on a worker.
 */
public final class SweepRecords {

    /** The folder of a project's sweeps. */
    public static final String FOLDER = "sweeps";
    private static final Pattern NAME = Pattern.compile("sweep-(\\d{3,})");

    private SweepRecords() {
    }

    /**
     * A sweep as recorded: where, what was asked (spec, data, target), its status ({@code running} while it ran or when
     * the app stopped during it, {@code finished}, {@code stopped}), the trials that ended, the best once chosen, and
     * each ended trial's validation curve read from its run in the project (empty when the run is gone).
     */
    public record Saved(Path dir, SweepSpec spec, String data, String target, String status, List<TrialResult> results,
                        SweepResult.Best best, Map<Integer, List<RunInfo.Epoch>> curves) {
        public Saved {
            results = List.copyOf(results);
            curves = Map.copyOf(curves);
        }
    }

    /** The project's most recent sweep, or null when it has none. */
    public static Saved latest(Project project) {
        Path dir = lastFolder(project);
        return dir == null ? null : read(project, dir);
    }

    /** The sweep recorded in {@code dir} (null when there is none), with its trials' curves from {@code project}'s runs. */
    public static Saved read(Project project, Path dir) {
        SweepState s = SweepState.read(dir);
        if (s == null) {
            return null;
        }
        SweepSpec spec = new SweepSpec(Sweeps.parseSpace(s.space(), dir.resolve(SweepState.FILE).toString()),
                SweepStrategy.fromId(s.strategy()), s.trials(), s.seconds(), s.parallel(), s.seed());
        Map<Integer, List<RunInfo.Epoch>> curves = new LinkedHashMap<>();
        for (TrialResult r : s.results()) {
            if (r.run() != null && project != null) {
                try {
                    curves.put(r.number(), project.run(r.run()).epochs());
                } catch (RuntimeException e) {
                    curves.put(r.number(), List.of()); // the run was deleted on the Runs page: the row stays, without a curve
                }
            }
        }
        return new Saved(dir, spec, s.data(), s.target(), s.status(), s.results(), s.best(), curves);
    }

    /** Whether a sweep of {@code spec} on {@code data} predicting {@code target} continues the one in {@code dir}. */
    public static boolean continues(Path dir, SweepSpec spec, Dataset data, String target) {
        SweepState saved = SweepState.read(dir);
        return saved != null && saved.sameSweep(SweepState.start(spec, data.source(), SweepRun.identity(data), target));
    }

    /**
     * Where a sweep of {@code spec} goes in the project: the latest sweep's folder when it continues that sweep (the
     * same data, target, strategy, space, trials and seed), else a new {@code sweeps/sweep-NNN} (created).
     */
    public static Path folderFor(Project project, SweepSpec spec, Dataset data, String target) {
        Path last = lastFolder(project);
        if (last != null && continues(last, spec, data, target)) {
            return last;
        }
        int next = last == null ? 1 : number(last) + 1;
        Path dir = project.root().resolve(FOLDER).resolve(String.format(java.util.Locale.ROOT, "sweep-%03d", next));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw InputException.file(dir, "could not be created: " + e.getMessage(), "check that the project folder is writable");
        }
        return dir;
    }

    /**
     * A trial's model as the current model: loaded from its zip and scored once on the test split of the sweep's data
     * ({@code base}: the split every trial held out), with the baseline and linear reference a run gets.
     */
    public static TrainingOutcome outcome(Dataset data, TrainingRequest base, TrialResult trial) {
        if (trial == null || !trial.hasModel()) {
            throw InputException.general("this trial left no model" + (trial == null || trial.message().isEmpty() ? "" : " (" + trial.message() + ")"),
                    "choose a trial that finished, stopped early or was pruned");
        }
        Path zip = Path.of(trial.model());
        if (!Files.isRegularFile(zip)) {
            throw InputException.file(zip, "does not exist (its run was deleted?)", "choose another trial, or run the sweep again");
        }
        PreparedData p = new Trainer().prepare(data, Sweeps.trialRequest(base, new Trial(trial.number(), trial.params())));
        TrainedModel model = ModelFiles.load(zip);
        return ModelOutcomes.of(model, p, trial.epochs(), !TrialResult.FINISHED.equals(trial.status()));
    }

    private static Path lastFolder(Project project) {
        Path root = project.root().resolve(FOLDER);
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .max(java.util.Comparator.comparingInt(SweepRecords::number)).orElse(null);
        } catch (IOException e) {
            throw InputException.file(root, "cannot be listed: " + e.getMessage(), "check that the project folder is readable");
        }
    }

    private static int number(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
}
