package io.modelbench.engine.train;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.io.AtomicFiles;
import io.modelbench.engine.io.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A training run's checkpoints in a folder: {@code last.zip} (network with its optimizer state, written when the
 * checkpoint budget allows, see {@code CheckpointBudget}), {@code best.zip} (the epoch with the lowest validation loss so far) and {@code state.json}
 * (what was asked, how far it got, the data's hash). Every file is written to a temporary name and renamed,
 * so a crash at any moment leaves the previous complete checkpoint.
 */
final class Checkpoints {

    static final String LAST = "last.zip";
    static final String BEST = "best.zip";
    static final String STATE = "state.json";

    /**
     * Where a run stands after {@code epoch} epochs; {@code previous} is the state written before it (without its own
     * previous), for a {@code last.zip} that a kill left one checkpoint behind; {@code series}: how a time series was read
     * and cut into windows (null for a table or images), so a resume on other settings is refused naming the setting.
     */
    record State(int epoch, TrainingRequest request, String sha256, String source, int bestEpoch, double bestLoss,
                 ImageSettings images, State previous, io.modelbench.engine.api.SeriesSettings series) {

        State withPrevious(State p) {
            return new State(epoch, request, sha256, source, bestEpoch, bestLoss, images,
                    p == null ? null : new State(p.epoch, p.request, p.sha256, p.source, p.bestEpoch, p.bestLoss, p.images, null, p.series),
                    series);
        }
    }

    /**
     * One writer for every checkpoint's {@code state.json}: a new ObjectMapper per write built its serializers for the
     * state and the request each time, ~20–40 ms of every checkpoint, as long as writing the network itself (issue 17).
     * Immutable and thread-safe once made.
     */
    private static final com.fasterxml.jackson.databind.ObjectWriter STATE_JSON = Json.mapper().writerWithDefaultPrettyPrinter();

    private final Path dir;
    /** The state last written or read here: the next state's {@code previous}. */
    private State written;

    Checkpoints(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes the network to a new temporary file, then {@code state.json} (naming this epoch, with the state before it),
     * then renames the network to {@code last.zip}, then copies it to {@code best.zip}: a kill between any two steps leaves
     * a {@code last.zip} whose epoch count is the state's epoch or its previous one, which {@link #readState} picks; a
     * {@code best.zip} left behind is not trusted unless its epoch count is the state's best epoch. Temporary files have
     * unique names, created new (never through a planted link), and are removed when a write fails.
     */
    void save(MultiLayerNetwork net, State state, boolean best) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + LAST + "-", ".part");
            CheckpointZip.write(net, tmp);   // ModelSerializer's entries, uncompressed (LeNet: ~15 ms instead of ~150)
            State full = state.withPrevious(written);
            AtomicFiles.write(dir.resolve(STATE), w -> w.write(STATE_JSON.writeValueAsString(full)));
            written = full;
            move(tmp, dir.resolve(LAST));
            tmp = null;
            if (best) {
                tmp = Files.createTempFile(dir, "." + BEST + "-", ".part");
                Files.copy(dir.resolve(LAST), tmp, StandardCopyOption.REPLACE_EXISTING);
                move(tmp, dir.resolve(BEST));
                tmp = null;
            }
        } catch (IOException e) {
            throw InputException.file(dir, "the checkpoint could not be written: " + e.getMessage(),
                    "choose a checkpoint folder you can write to, with free space");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp); // a full disk left a partial .part behind (issue 18)
                } catch (IOException ignored) {
                    // best effort; stale temporary files are removed by the next run here
                }
            }
        }
    }

    /**
     * Removes the temporary files a killed run left here (up to 12 MB each); call with the folder locked, so that they
     * cannot be another live run's. Only this class's own names: {@code .last.zip-*.part}, {@code .best.zip-*.part},
     * {@code .state.json-*.part}.
     */
    void removeStaleTemporaryFiles() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".part") && (n.startsWith("." + LAST + "-") || n.startsWith("." + BEST + "-") || n.startsWith("." + STATE + "-"))) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // best effort: a file that cannot be removed now is tried again by the next run
        }
    }

    /** The epoch count recorded in a network zip's configuration, or -1 when it cannot be read. */
    static int epochCount(Path zip) {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            java.util.zip.ZipEntry e = z.getEntry("configuration.json");
            if (e == null) {
                return -1;
            }
            try (java.io.InputStream in = z.getInputStream(e)) {
                return Json.mapper().readTree(in.readNBytes(16 << 20)).path("epochCount").asInt(-1);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    State readState() {
        Path f = dir.resolve(STATE);
        if (!Files.isRegularFile(f) || !Files.isRegularFile(dir.resolve(LAST))) {
            throw InputException.file(dir, "holds no checkpoint (no " + STATE + " and " + LAST + ")",
                    "give the folder passed as --checkpoint-dir to an earlier train");
        }
        State s;
        try {
            s = Json.mapper().readValue(f.toFile(), State.class);
            if (s == null || s.request() == null) {
                throw new IOException("no state"); // "null" or {} is JSON, not a checkpoint state
            }
        } catch (IOException e) {
            throw InputException.file(f, "cannot be read (not a checkpoint state)", "the checkpoint is damaged; train anew");
        }
        int zipEpoch = epochCount(dir.resolve(LAST));
        if (zipEpoch != s.epoch() && s.previous() != null && zipEpoch == s.previous().epoch()) {
            s = s.previous(); // killed after state.json, before last.zip was replaced: the pair is the previous one
        } else if (zipEpoch >= 0 && zipEpoch != s.epoch()) {
            throw InputException.file(dir, LAST + " holds epoch " + zipEpoch + " but " + STATE + " says " + s.epoch(),
                    "the checkpoint is inconsistent; train anew");
        }
        written = s;
        return s;
    }

    MultiLayerNetwork loadLast() {
        return load(dir.resolve(LAST));
    }

    /** The best epoch's parameters: {@code last}'s own when it is the best epoch, else best.zip's if it holds that epoch. */
    INDArray loadBestParams(int bestEpoch, MultiLayerNetwork last) {
        if (last.getLayerWiseConfigurations().getEpochCount() == bestEpoch) {
            return last.params().dup();
        }
        Path best = dir.resolve(BEST);
        if (!Files.isRegularFile(best)) {
            return null;
        }
        if (epochCount(best) != bestEpoch) {
            throw InputException.file(best, "does not hold the best epoch " + bestEpoch, "the checkpoint is inconsistent; train anew");
        }
        return load(best).params().dup();
    }

    private static MultiLayerNetwork load(Path f) {
        io.modelbench.engine.io.ModelFiles.checkEntrySizes(f);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(f.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw InputException.file(f, io.modelbench.engine.io.ModelFiles.networkProblem(e), "the checkpoint is damaged; train anew");
        }
    }
}
