package io.modelbench.engine.project;

import io.modelbench.engine.io.AtomicFiles;
import io.modelbench.engine.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The projects opened last, newest first (at most 10), kept in a small JSON file (default: ~/.modelbench/recent-projects.json). */
public final class RecentProjects {

    private static final int LIMIT = 10;
    private final Path file;

    public RecentProjects(Path file) {
        this.file = file;
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".modelbench", "recent-projects.json");
    }

    /** The remembered projects that still exist. */
    public List<Path> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            String[] paths = Json.mapper().readValue(file.toFile(), String[].class);
            return Arrays.stream(paths).map(Path::of).filter(p -> Files.isRegularFile(p.resolve(Project.FILE))).toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // a damaged list is only a convenience lost
        }
    }

    public void add(Path project) {
        Path abs = project.toAbsolutePath().normalize();
        List<Path> l = new ArrayList<>(list());
        l.remove(abs);
        l.add(0, abs);
        while (l.size() > LIMIT) {
            l.remove(l.size() - 1);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String json = Json.mapper().writeValueAsString(l.stream().map(Path::toString).toList());
            AtomicFiles.write(file, w -> w.write(json));
        } catch (IOException | RuntimeException e) {
            // not worth failing an open for
        }
    }
}
