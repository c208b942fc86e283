package io.modelbench.desktop.viewmodel;

import java.nio.file.Path;

/**
 * A model the Serve page can put in service: the current run's (in memory; written to a zip when served), a
 * finished run of the open project (its {@code model.zip}), or an exported zip the user chose.
 */
public record ModelSource(Kind kind, String label, String runId, Path zip) {

    public enum Kind { CURRENT, RUN, FILE }

    public static ModelSource current() {
        return new ModelSource(Kind.CURRENT, "the current run", null, null);
    }

    public static ModelSource run(String id, String label, Path zip) {
        return new ModelSource(Kind.RUN, label, id, zip);
    }

    public static ModelSource file(Path zip) {
        return new ModelSource(Kind.FILE, zip.getFileName().toString(), null, zip.toAbsolutePath().normalize());
    }

    /** What the model list shows. */
    @Override
    public String toString() {
        return switch (kind) {
            case CURRENT -> "The current run's model";
            case RUN -> "Project run: " + label;
            case FILE -> "Zip: " + label + " (" + zip.getParent() + ")";
        };
    }
}
