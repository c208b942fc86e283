package io.modelbench.desktop.viewmodel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * What can be served, in this order: the current run's model (when there is one), the open project's finished
     * or stopped runs (each has its {@code model.zip}, written before its status), then the zips already chosen.
     */
    static List<ModelSource> available(boolean currentRun, io.modelbench.engine.project.Project project, List<RunRecord> runs,
                                       List<ModelSource> chosen) {
        List<ModelSource> list = new ArrayList<>();
        if (currentRun) {
            list.add(current());
        }
        if (project != null) {
            for (RunRecord r : runs) {
                if (r.id() != null && ("finished".equals(r.status()) || "stopped".equals(r.status()))) {
                    list.add(run(r.id(), r.name() + (r.result() == null || r.result().isEmpty() ? "" : " · " + r.result()),
                            project.modelFile(r.id())));
                }
            }
        }
        list.addAll(chosen);
        return list;
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
