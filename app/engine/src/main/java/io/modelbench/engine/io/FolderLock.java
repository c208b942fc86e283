package io.modelbench.engine.io;

import io.modelbench.engine.api.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * A lock file ({@value #NAME}) naming the process that uses a folder: two trainings on one checkpoint folder raced
 * and one died with a misleading "free space" message (issue 18). The file is created with {@code CREATE_NEW}, which
 * never follows a link planted at its name; a lock whose process has ended is stale and taken over. Held until
 * {@link #close}.
 */
public final class FolderLock implements AutoCloseable {

    public static final String NAME = ".modelbench.lock";

    private final Path file;

    private FolderLock(Path file) {
        this.file = file;
    }

    /** Locks {@code dir} (created if need be) for {@code what}, or an error naming the process that holds it. */
    public static FolderLock acquire(Path dir, String what) {
        Path file = dir.resolve(NAME);
        long pid = ProcessHandle.current().pid();
        String content = pid + "\n" + Instant.now() + "\n" + what + "\n";
        try {
            Files.createDirectories(dir);
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.write(file, content.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return new FolderLock(file);
                } catch (FileAlreadyExistsException e) {
                    if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        throw InputException.file(file, "is a link or not a plain file where ModelBench keeps its lock",
                                "remove it; ModelBench does not write through links");
                    }
                    List<String> held = Files.readAllLines(file, StandardCharsets.UTF_8);
                    long owner = held.isEmpty() ? -1 : parse(held.get(0));
                    if (owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                        throw InputException.file(dir, "is in use by another " + (held.size() > 2 ? held.get(2) : "run") + " (process "
                                        + owner + (owner == pid ? ", this one" : "") + (held.size() > 1 ? ", since " + held.get(1) : "") + ")",
                                "wait until it ends, or choose another folder");
                    }
                    Files.deleteIfExists(file); // stale: its process has ended
                }
            }
            throw InputException.file(dir, "could not be locked (another run keeps taking it)", "choose another folder");
        } catch (IOException e) {
            throw InputException.file(dir, "cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "choose a folder you can write to");
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a lock left behind is stale once this process ends, and is then taken over
        }
    }
}
