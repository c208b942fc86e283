package io.modelbench.engine.io;

import io.modelbench.engine.api.InputException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks before a long job that its outputs can be written: an unwritable {@code --out} was found only after the
 * whole training, with a message that never said "permission denied" (issue 18). The check writes and removes a
 * hidden temporary file in the folder (or in its nearest existing parent, for a folder still to be made), which is
 * the only test that also catches read-only file systems and ACLs.
 */
public final class OutputFolders {

    private OutputFolders() {
    }

    /** The folder {@code file} will be written in can be written; otherwise an error naming it and {@code setting}. */
    public static void checkFile(Path file, String setting) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            checkFolder(parent, setting);
        }
    }

    /** {@code folder} (or, when it does not exist yet, its nearest existing parent) can be written in. */
    public static void checkFolder(Path folder, String setting) {
        Path at = folder.toAbsolutePath();
        while (at != null && !Files.exists(at)) {
            at = at.getParent();
        }
        if (at == null) {
            return;
        }
        if (!Files.isDirectory(at)) {
            throw InputException.file(at, "is a file, not a folder", "choose another place for " + setting);
        }
        try {
            Path probe = Files.createTempFile(at, ".modelbench-write-check-", ".part");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw InputException.file(at, "cannot be written (permission denied)", "choose a folder you can write to for " + setting);
        } catch (IOException e) {
            throw InputException.file(at, "cannot be written (" + e.getMessage() + ")", "choose a folder you can write to for " + setting);
        }
    }
}
