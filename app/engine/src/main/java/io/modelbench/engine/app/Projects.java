package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's file operations for front ends, each one reading or writing files: call them off the UI thread (the
 * desktop runs them on its worker pool). Opening lists every run and marks one that was training when the app stopped
 * as interrupted; runs are renamed, annotated and deleted by id; {@link #checkResume} says whether a run can continue
 * on the open data. A {@link Project} is not thread-safe: one call at a time per project.
 */
public final class Projects {

    /** A run as the runs list shows it: its record, and whether it can be resumed from a checkpoint now. */
    public record RunEntry(RunInfo info, boolean resumable) {
        public RunStatus status() {
            return RunStatus.fromId(info.status());
        }
    }

    /** An opened project and its runs, oldest first. */
    public record Opened(Project project, List<RunEntry> runs) {
        public Opened {
            runs = List.copyOf(runs);
        }

        /** How many runs were interrupted (the app stopped while they trained). */
        public long interrupted() {
            return runs.stream().filter(r -> RunInfo.INTERRUPTED.equals(r.info().status())).count();
        }
    }

    private Projects() {
    }

    /** Makes a new project in {@code dir} (which must not exist, or be empty). */
    public static Project create(Path dir, String name) {
        return Project.create(dir, name);
    }

    /** Opens a project (its folder or its {@code project.modelbench}) and reads every run's file. */
    public static Opened open(Path dir) {
        Project p = Project.open(dir);
        return new Opened(p, runs(p));
    }

    /**
     * Every run of the project, oldest first; a run is resumable when it is neither finished nor running and has a
     * checkpoint.
     */
    public static List<RunEntry> runs(Project p) {
        List<RunEntry> out = new ArrayList<>();
        for (RunInfo r : p.runs()) {
            boolean resumable = !RunInfo.FINISHED.equals(r.status()) && !RunInfo.RUNNING.equals(r.status()) && p.canResume(r);
            out.add(new RunEntry(r, resumable));
        }
        return out;
    }

    /** Renames a run; returns its record as written. */
    public static RunInfo rename(Project p, String runId, String name) {
        p.rename(runId, name);
        return p.run(runId);
    }

    /** Sets a run's note; returns its record as written. */
    public static RunInfo annotate(Project p, String runId, String note) {
        p.annotate(runId, note);
        return p.run(runId);
    }

    /** Deletes a run's folder (run file, checkpoints, model). */
    public static void delete(Project p, String runId) {
        p.delete(runId);
    }

    /** Writes {@code project.modelbench} atomically. */
    public static void save(Project p, Project.State state) {
        p.save(state);
    }

    /**
     * The run, when it can be resumed on {@code data}: an {@link InputException} whose message says why not otherwise
     * (the data is not what it was trained on; it has no checkpoint).
     */
    public static RunInfo checkResume(Project p, String runId, Dataset data) {
        RunInfo run = p.run(runId);
        if (run.dataset() != null && run.dataset().sha256() != null && !run.dataset().sha256().equals(data.sha256())) {
            throw InputException.general("To resume " + run.name() + ", open the data it was trained on ("
                    + run.dataset().source() + ", with the content it had then).", null);
        }
        if (!p.canResume(run)) {
            throw InputException.general(run.name() + " has no checkpoint to resume from; re-run it instead.", null);
        }
        return run;
    }
}
