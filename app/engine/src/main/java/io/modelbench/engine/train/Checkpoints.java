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

    /** Where a run stands after {@code epoch} epochs. */
    record State(int epoch, TrainingRequest request, String sha256, String source, int bestEpoch, double bestLoss,
                 ImageSettings images) {
    }

    private final Path dir;

    Checkpoints(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    void save(MultiLayerNetwork net, State state, boolean best) {
        try {
            Files.createDirectories(dir);
            writeNetwork(net, dir.resolve(LAST));
            if (best) {
                Files.copy(dir.resolve(LAST), dir.resolve(BEST + ".part"), StandardCopyOption.REPLACE_EXISTING);
                move(dir.resolve(BEST + ".part"), dir.resolve(BEST));
            }
            AtomicFiles.write(dir.resolve(STATE), w -> w.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(state)));
        } catch (IOException e) {
            throw InputException.file(dir, "the checkpoint could not be written: " + e.getMessage(),
                    "choose a checkpoint folder you can write to, with free space");
        }
    }

    private static void writeNetwork(MultiLayerNetwork net, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        ModelSerializer.writeModel(net, tmp.toFile(), true);
        move(tmp, target);
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
        try {
            return Json.mapper().readValue(f.toFile(), State.class);
        } catch (IOException e) {
            throw InputException.file(f, "cannot be read: " + e.getMessage(), "the checkpoint is damaged; train anew");
        }
    }

    MultiLayerNetwork loadLast() {
        return load(dir.resolve(LAST));
    }

    INDArray loadBestParams() {
        Path best = dir.resolve(BEST);
        return Files.isRegularFile(best) ? load(best).params().dup() : null;
    }

    private static MultiLayerNetwork load(Path f) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(f.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw InputException.file(f, "cannot be loaded: " + e.getMessage(), "the checkpoint is damaged; train anew");
        }
    }
}
