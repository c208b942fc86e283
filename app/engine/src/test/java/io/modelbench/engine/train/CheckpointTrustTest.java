package io.modelbench.engine.train;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.FolderLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18, item 4: checkpoints that cannot lie (kills between files) or be hijacked (links, a second run). */
class CheckpointTrustTest {

    private final Table iris = Samples.open(Samples.find("iris"));
    private final TrainingRequest request = TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(3));

    @SuppressWarnings("deprecation")
    private TrainingOutcome train(TrainingRequest r, Path dir) {
        return new Trainer(1.0).train(iris, r, TrainingListener.NONE, new StopSignal(), dir);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void aKillAfterTheStateAndBeforeTheNetworkResumesFromThePreviousPairAsTheUninterruptedRun(@TempDir Path dir) throws IOException {
        Path three = dir.resolve("three");
        train(request, three);
        assertThat(Checkpoints.epochCount(three.resolve("last.zip"))).isEqualTo(3);
        Path four = dir.resolve("four");
        copy(three, four);
        new Trainer(1.0).resume(iris, four, 4, TrainingListener.NONE, new StopSignal());

        // killed after writing epoch 4's state.json, before last.zip was replaced: epoch 3's network, epoch 4's state
        Path killed = dir.resolve("killed");
        copy(three, killed);
        Files.copy(four.resolve("state.json"), killed.resolve("state.json"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Trainer.checkpointEpoch(killed)).isEqualTo(3);
        TrainingOutcome resumed = new Trainer(1.0).resume(iris, killed, 6, TrainingListener.NONE, new StopSignal());
        TrainingOutcome whole = train(request.withTraining(request.training().withEpochs(6)), dir.resolve("whole"));
        assertThat(resumed.model().predict(iris).probabilities()).isDeepEqualTo(whole.model().predict(iris).probabilities());

        // the old failure: a network one epoch ahead of its state is refused, not trained twice
        Path ahead = dir.resolve("ahead");
        copy(three, ahead);
        Files.copy(four.resolve("last.zip"), ahead.resolve("last.zip"), StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> new Trainer(1.0).resume(iris, ahead, 6, TrainingListener.NONE, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("last.zip holds epoch 4 but state.json says 3");
    }

    @Test
    void aPlantedLinkAtTheOldTemporaryNameIsNotFollowedAndStaleTemporaryFilesAreRemoved(@TempDir Path dir) throws IOException {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious");
        Path cp = dir.resolve("cp");
        Files.createDirectories(cp);
        Files.createSymbolicLink(cp.resolve("last.zip.part"), victim);
        Files.createSymbolicLink(cp.resolve("best.zip.part"), victim);
        Files.write(cp.resolve(".last.zip-123.part"), new byte[1000]); // left by a killed run
        train(request, cp);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(cp.resolve(".last.zip-123.part")).doesNotExist();
        try (Stream<Path> files = Files.list(cp)) {
            assertThat(files.map(f -> f.getFileName().toString())).doesNotContain(FolderLock.NAME)
                    .noneMatch(n -> n.startsWith(".") && n.endsWith(".part"));
        }
    }

    @Test
    void aFolderInUseByALiveRunIsRefusedNamingItAndALockOfAnEndedRunIsTakenOver(@TempDir Path dir) throws IOException {
        Path cp = dir.resolve("cp");
        try (FolderLock held = FolderLock.acquire(cp, "training")) {
            assertThatThrownBy(() -> train(request, cp)).isInstanceOf(InputException.class)
                    .hasMessageContaining("is in use by another training (process " + ProcessHandle.current().pid());
        }
        assertThat(cp.resolve("last.zip")).doesNotExist();
        Files.writeString(cp.resolve(FolderLock.NAME), "2147483646\n2026-01-01T00:00:00Z\ntraining\n"); // no such process
        train(request, cp);
        assertThat(cp.resolve("last.zip")).exists();
        assertThat(cp.resolve(FolderLock.NAME)).doesNotExist();
    }
}
