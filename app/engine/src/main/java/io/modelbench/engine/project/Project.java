package io.modelbench.engine.project;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.io.AtomicFiles;
import io.modelbench.engine.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A project is a folder: {@code project.modelbench} (its name, the dataset recipe, the model and the training settings
 * last used) and {@code runs/ID/} per training run ({@code run.json}, {@code checkpoints/}, {@code model.zip}).
 * Every file is written to a temporary name and renamed, so a crash at any moment leaves the project readable.
 * Not thread-safe: the app calls it from one thread at a time.
 */
public final class Project {

    /** The project file (JSON); its extension is what the installers associate with ModelBench. */
    public static final String FILE = "project.modelbench";
    public static final String EXTENSION = "modelbench";
    public static final String FORMAT = "modelbench-project/1";
    private static final Logger LOG = LoggerFactory.getLogger(Project.class);
    /** One writer for every run.json (a new mapper per write rebuilt its serializers: ~5–40 ms); immutable, thread-safe. */
    private static final com.fasterxml.jackson.databind.ObjectWriter RUN_JSON = Json.mapper().writerWithDefaultPrettyPrinter();

    /** What {@code project.modelbench} holds. */
    public record State(String format, String name, String createdAt, String savedAt, DatasetRecipe dataset,
                        ModelSpec model, TrainingSettings training) {

        public State withContent(DatasetRecipe d, ModelSpec m, TrainingSettings t) {
            return new State(format, name, createdAt, Instant.now().toString(), d, m, t);
        }
    }

    private final Path root;
    private State state;

    private Project(Path root, State state) {
        this.root = root;
        this.state = state;
    }

    /** Makes a new project in {@code dir} (which must not exist, or be empty). */
    public static Project create(Path dir, String name) {
        try {
            if (Files.isRegularFile(dir)) {
                throw InputException.file(dir, "is a file", "choose a new folder for the project");
            }
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw InputException.file(dir, Files.exists(dir.resolve(FILE)) ? "is a project already" : "is not empty",
                                Files.exists(dir.resolve(FILE)) ? "open it with File ▸ Open Project" : "choose a new or empty folder");
                    }
                }
            }
            Files.createDirectories(dir.resolve("runs"));
            String now = Instant.now().toString();
            Project p = new Project(dir, new State(FORMAT, name == null || name.isBlank() ? dir.getFileName().toString() : name,
                    now, now, null, null, null));
            p.save(p.state);
            return p;
        } catch (IOException e) {
            throw InputException.file(dir, "cannot be created: " + e.getMessage(), "choose a folder you can write to");
        }
    }

    /**
     * Opens a project. Runs that were still running when it was last used (the app was closed or crashed) are
     * marked interrupted: they can be resumed from their last checkpoint.
     */
    public static Project open(Path dir) {
        if (dir.getFileName() != null && dir.getFileName().toString().endsWith("." + EXTENSION) && Files.isRegularFile(dir)) {
            dir = dir.toAbsolutePath().getParent(); // the project file itself was given (a double-click on it)
        }
        Path f = dir.resolve(FILE);
        if (!Files.exists(dir)) {
            throw InputException.file(dir, "does not exist", "choose an existing project folder (it may have been moved or deleted)");
        }
        if (!Files.isRegularFile(f)) {
            throw InputException.file(dir, "is not a ModelBench project (it has no " + FILE + ")",
                    "choose a folder made with File ▸ New Project");
        }
        State s;
        try {
            s = Json.mapper().readValue(f.toFile(), State.class);
        } catch (IOException e) {
            throw InputException.file(f, "cannot be read: " + e.getMessage(), "restore the file from a backup, or make a new project");
        }
        Project p = new Project(dir, s);
        for (RunInfo r : p.runs()) {
            if (RunInfo.RUNNING.equals(r.status())) {
                p.writeRun(r.withStatus(RunInfo.INTERRUPTED, "the app stopped while this run was training; resume it from its last checkpoint"));
            }
        }
        return p;
    }

    public Path root() {
        return root;
    }

    public State state() {
        return state;
    }

    public String name() {
        return state.name();
    }

    /** Writes {@code project.modelbench} atomically. */
    public void save(State s) {
        try {
            String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s);
            AtomicFiles.write(root.resolve(FILE), w -> w.write(json));
            state = s;
        } catch (IOException e) {
            throw InputException.file(root, "the project could not be saved: " + e.getMessage(), "check that the folder is writable and has free space");
        }
    }

    /** Every run, oldest first; a run whose file cannot be read is left out (and logged). */
    public List<RunInfo> runs() {
        List<RunInfo> out = new ArrayList<>();
        Path runs = root.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return out;
        }
        try (Stream<Path> s = Files.list(runs)) {
            for (Path d : s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::getFileName)).toList()) {
                Path f = d.resolve("run.json");
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    out.add(Json.mapper().readValue(f.toFile(), RunInfo.class));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Run file {} cannot be read: {}", f, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Runs folder {} cannot be listed: {}", runs, e.toString());
        }
        return out;
    }

    /** Starts a run: a new folder with its {@code run.json} (status running). */
    public RunInfo newRun(io.modelbench.engine.api.TrainingRequest request, DatasetRecipe dataset,
                          java.util.Map<String, String> environment) {
        Path runs = root.resolve("runs");
        int n = 1;
        try (Stream<Path> s = Files.list(runs)) { // folder names only: no run file is parsed
            n = s.mapToInt(d -> number(d.getFileName().toString())).max().orElse(0) + 1;
        } catch (IOException e) {
            // no runs folder yet: run-0001
        }
        // the folder is made with createDirectory, which fails when it exists: two processes adding runs to one project at
        // once (a sweep's Spark tasks on executors sharing the folder) take different numbers
        try {
            Files.createDirectories(runs);
            while (true) {
                try {
                    Files.createDirectory(runs.resolve(id(n)));
                    break;
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw InputException.file(runs, "a run folder cannot be made: " + e.getMessage(), "check that the project folder is writable");
        }
        RunInfo r = new RunInfo(id(n), "Run " + n, "", RunInfo.RUNNING, Instant.now().toString(), null, request, dataset,
                environment, List.of(), null, null, null);
        writeRun(r);
        return r;
    }

    /** Writes the run's {@code run.json} atomically. */
    public void writeRun(RunInfo r) {
        Path dir = runDir(r.id());
        try {
            Files.createDirectories(dir);
            String json = RUN_JSON.writeValueAsString(r);
            AtomicFiles.write(dir.resolve("run.json"), w -> w.write(json));
        } catch (IOException e) {
            throw InputException.file(dir, "the run could not be saved: " + e.getMessage(), "check that the folder is writable and has free space");
        }
    }

    /** One run, read from its own file. */
    public RunInfo run(String id) {
        Path f = runDir(id).resolve("run.json");
        if (!Files.isRegularFile(f)) {
            throw InputException.general("there is no run " + id + " in " + root, "choose a run from the list");
        }
        try {
            return Json.mapper().readValue(f.toFile(), RunInfo.class);
        } catch (IOException e) {
            throw InputException.file(f, "cannot be read: " + e.getMessage(), "the run's file is damaged; delete the run");
        }
    }

    public void rename(String id, String name) {
        if (name == null || name.isBlank()) {
            throw InputException.setting("run name", name, "give the run a name");
        }
        writeRun(run(id).withName(name.strip()));
    }

    public void annotate(String id, String note) {
        writeRun(run(id).withNote(note == null ? "" : note));
    }

    /** Deletes the run's folder (checkpoints and model too). */
    public void delete(String id) {
        try {
            AtomicFiles.deleteRecursively(runDir(id));
        } catch (IOException e) {
            throw InputException.file(runDir(id), "cannot be deleted: " + e.getMessage(), "close programs using it and try again");
        }
    }

    public Path runDir(String id) {
        if (!id.matches("run-\\d{4,}")) {
            throw new IllegalArgumentException(id);
        }
        return root.resolve("runs").resolve(id);
    }

    public Path checkpointDir(String id) {
        return runDir(id).resolve("checkpoints");
    }

    public Path modelFile(String id) {
        return runDir(id).resolve("model.zip");
    }

    /** True when the run has a checkpoint to continue from. */
    public boolean canResume(RunInfo r) {
        return Files.isRegularFile(checkpointDir(r.id()).resolve("state.json"))
                && Files.isRegularFile(checkpointDir(r.id()).resolve("last.zip"));
    }

    private static String id(int n) {
        return String.format("run-%04d", n);
    }

    private static int number(String id) {
        try {
            return Integer.parseInt(id.substring(4));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
