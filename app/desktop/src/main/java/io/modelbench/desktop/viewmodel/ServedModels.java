package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.train.TrainingOutcome;
import io.modelbench.serve.ServeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The zips behind the Serve page's models (background threads only: it writes and reads files). The server
 * takes model files, so the current run's model, which lives in memory, is written to a temporary zip
 * ({@code Exports.save}, atomic); those temporary files are deleted when the server stops or the model is
 * replaced. Project runs and chosen zips are served from where they are and never deleted.
 */
final class ServedModels {

    private static final Logger LOG = LoggerFactory.getLogger(ServedModels.class);

    /** A zip ready for the server, its model card (for the snippets) and whether it is ours to delete. */
    record Prepared(Path zip, ModelCard card, boolean temporary) {
    }

    private final List<Prepared> live = new ArrayList<>();
    private final List<Prepared> retired = new ArrayList<>();

    /** The zip and card for a source; the current run's model is written to a temporary zip. */
    synchronized Prepared prepare(ModelSource source, TrainingOutcome outcome) {
        Prepared p;
        if (source.kind() == ModelSource.Kind.CURRENT) {
            try {
                Path dir = Files.createTempDirectory("modelbench-serve-");
                Path zip = dir.resolve("current-run-model.zip");
                Exports.save(outcome.model(), zip);
                p = new Prepared(zip, outcome.model().card(), true);
            } catch (IOException e) {
                throw InputException.general("a temporary copy of the model cannot be written: " + e.getMessage(),
                        "check the free space of the temporary folder (" + System.getProperty("java.io.tmpdir") + ")");
            }
        } else {
            p = new Prepared(source.zip(), readCard(source.zip()), false);
        }
        live.add(p);
        return p;
    }

    /** After a swap: the models served before {@code now} are no longer needed. */
    synchronized void retire(Prepared now) {
        for (Prepared p : List.copyOf(live)) {
            if (p != now) {
                live.remove(p);
                delete(p);
            }
        }
    }

    /** A model that was not served after all (the start or the swap failed). */
    synchronized void release(Prepared p) {
        live.remove(p);
        delete(p);
    }

    /** The server stopped: every temporary zip goes. */
    synchronized void releaseAll() {
        for (Prepared p : List.copyOf(live)) {
            delete(p);
        }
        live.clear();
    }

    /** The model card inside a ModelBench zip, read without loading the network. */
    static ModelCard readCard(Path zip) {
        return Exports.readCard(zip);
    }

    /** The page's settings checked: a clear message naming the field, or the configuration to start with. */
    static ServeConfig config(ServeConfig base, String name, String host, String port) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw InputException.setting("name", name, "use letters, digits, '.', '_' and '-' (it goes into the URL)");
        }
        String h = host == null ? "" : host.strip();
        if (h.isEmpty()) {
            throw InputException.setting("host", h, "type 127.0.0.1 to serve this computer only, or 0.0.0.0 for the network");
        }
        int p;
        try {
            p = Integer.parseInt(port == null ? "" : port.strip());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65_535) {
            throw InputException.setting("port", port, "type a port from 1 to 65535, or 0 for any free port");
        }
        return base.withHost(h).withPort(p);
    }

    /** A name for the URL from a file or source name: "iris.csv" gives "iris", "My Data-model.zip" "my_data". */
    static String suggestedName(String fileName) {
        String base = fileName.replaceAll(".*[/\\\\:]", "").replaceAll("\\.[^.]*$", "").replaceAll("-model$", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_").replaceAll("^[^a-z0-9]+", "");
        return base.isEmpty() ? "model" : base;
    }

    private void delete(Prepared p) {
        if (!p.temporary()) {
            return;
        }
        try {
            Files.deleteIfExists(p.zip());
            Files.deleteIfExists(p.zip().getParent());
        } catch (IOException e) {
            LOG.warn("Cannot delete the temporary model {}: {}", p.zip(), e.toString());
        }
    }
}
