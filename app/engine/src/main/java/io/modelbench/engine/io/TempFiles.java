package io.modelbench.engine.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Temporary files next to a file being written, named so that a later run can tell stale ones from live ones:
 * {@code .NAME-PID-RANDOM.SUFFIX}, where PID is the writing process. A run killed while saving {@code m.zip} left a
 * {@code .m.zip-….dl4j} (the network as DL4J writes it) and a {@code .m.zip-….part} (the final zip being written),
 * up to 12 MB each, which nothing removed (issue 18); the next write of the same file now removes those whose process
 * is gone. A file of a live process (another run writing the same name this moment) is left alone.
 */
public final class TempFiles {

    private TempFiles() {
    }

    /** A new, empty temporary file for {@code target} in its folder (created new: never through a planted link). */
    public static Path create(Path dir, Path target, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix(target) + ProcessHandle.current().pid() + "-", suffix);
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + "-";
    }

    /**
     * Removes the temporary files of {@code target} in {@code dir} whose writing process has ended; returns how many.
     * Best effort: a file that cannot be removed is left for the next run.
     */
    public static int removeStale(Path dir, Path target, String... suffixes) {
        String prefix = prefix(target);
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                long pid = n.startsWith(prefix) && endsWithAny(n, suffixes) ? pid(n.substring(prefix.length())) : -1;
                if (pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the folder may be unreadable; the write that follows says what is wrong
        }
        return removed;
    }

    private static boolean endsWithAny(String name, String... suffixes) {
        for (String s : suffixes) {
            if (name.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** The PID in {@code PID-RANDOM.SUFFIX}, or -1 when the name has none (not one of ours). */
    private static long pid(String rest) {
        int dash = rest.indexOf('-');
        if (dash <= 0 || dash > 19) {
            return -1;
        }
        for (int i = 0; i < dash; i++) {
            if (!Character.isDigit(rest.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(rest.substring(0, dash));
    }
}
