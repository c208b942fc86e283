package io.modelbench.engine.project;

import io.modelbench.engine.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The projects opened last, newest first (at most 10), one path per line in a small text file (default:
 * ~/.modelbench/recent-projects.txt). Plain text, not JSON: it is read while the window opens, and Jackson's first
 * use costs ~0.2 s.
 */
public final class RecentProjects {

    private static final int LIMIT = 10;
    private final Path file;

    public RecentProjects(Path file) {
        this.file = file;
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".modelbench", "recent-projects.txt");
    }

    /** The remembered projects that still exist. */
    public List<Path> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(Path::of).filter(p -> Files.isRegularFile(p.resolve(Project.FILE))).toList();
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
            String text = String.join("\n", l.stream().map(Path::toString).toList()) + "\n";
            AtomicFiles.write(file, w -> w.write(text));
        } catch (IOException | RuntimeException e) {
            // not worth failing an open for
        }
    }
}
