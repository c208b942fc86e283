package io.modelbench.engine.io;

import io.modelbench.engine.api.InputException;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes text files atomically: a hidden temporary file in the target folder ({@link TempFiles}: named with the
 * writing process, so the next write removes one a killed run left), then a rename.
 */
public final class AtomicFiles {

    /** What writes the content. */
    @FunctionalInterface
    public interface Body {
        void write(Writer w) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes UTF-8 text; on failure the previous file (if any) is untouched and no temporary file is left. */
    public static void write(Path target, Body body) {
        writeStream(target, out -> {
            try (Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                body.write(w);
            }
        });
    }

    /** Writes bytes (an image, say) the same way: a temporary file in the target folder, then a rename. */
    public static void write(Path target, byte[] bytes) {
        writeStream(target, out -> out.write(bytes));
    }

    private interface StreamBody {
        void write(java.io.OutputStream out) throws IOException;
    }

    private static void writeStream(Path target, StreamBody body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw InputException.file(target, "is a folder", "give a file name");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw InputException.file(target, "the folder cannot be created: " + e.getMessage(), "choose a folder you can write to");
        }
        Path tmp = null;
        try {
            TempFiles.removeStale(dir, abs, ".part"); // left by a run killed while writing this file
            tmp = TempFiles.create(dir, abs, ".part");
            try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw InputException.file(target, "could not be written: " + e, "check that the folder is writable and has free space");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the target
                }
            }
        }
    }

    /** Deletes a folder and everything in it (deepest first); a missing folder is fine. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
