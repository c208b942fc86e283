package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.project.RecentProjects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Try it on sequences of different lengths (the engine pads them to the longest with a mask): "Steps of a sequence from
 * the data" fills only the chosen sequence's own steps, not its padding or the length column the padded table carries
 * after the channels, and the probabilities equal what {@code predict} gives the file for that sequence.
 */
class SequencePaddedTryTest {

    private final Executor direct = Runnable::run;

    @AfterEach
    void threads() {
        NativeEnvironment.setThreads(0);
    }

    @Test
    void aShorterSequenceFillsItsOwnStepsAndClassifiesAsPredictDoes(@TempDir Path dir) throws Exception {
        // motions.csv with the last three steps of m01 and m05 left out: those two have 5 steps, the rest 8
        List<String> lines = Files.readAllLines(SequencePagesTest.motions());
        List<String> cut = lines.stream().filter(l -> !(l.matches("m0[15],[678],.*"))).collect(Collectors.toList());
        assertThat(cut).hasSize(lines.size() - 6);
        Path file = dir.resolve("uneven.csv");
        Files.write(file, cut);

        Workspace ws = new Workspace();
        MainViewModel vm = new MainViewModel(ws, direct, direct, UiScheduler.immediate(), new RecentProjects(dir.resolve("recent.txt")));
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        vm.data().openFile(file);
        vm.data().targetColumnProperty().set("kind");
        vm.data().sequences().idColumnProperty().set("motion");
        vm.data().sequences().timeColumnProperty().set("step");
        assertThat(vm.data().sequences().errorProperty().get()).isEmpty();
        vm.model().useTemplate("lstm");
        vm.train().epochsProperty().set("2");
        vm.train().threadsProperty().set("1");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        assertThat(ws.getOutcome().model().card().sequence().lengths()).isNotNull();

        SequenceTry steps = vm.tryIt().steps();
        assertThat(steps.neededProperty().get()).contains("1 to 8 steps");
        assertThat(steps.idProperty().get()).isEqualTo("m01");
        String[] m01 = steps.textProperty().get().split("\n");
        assertThat(m01).hasSize(5);
        assertThat(steps.errorProperty().get()).isEmpty();
        Table t = vm.data().tableProperty().get();
        Predictions all = ws.getOutcome().model().predict(t);
        for (int k = 0; k < 3; k++) {
            assertThat(vm.tryIt().getProbabilities().get(k).probability()).isCloseTo(all.probabilities()[0][k], within(1e-5));
        }
        steps.idProperty().set("m02");
        assertThat(steps.textProperty().get().split("\n")).hasSize(8);
        for (int k = 0; k < 3; k++) {
            assertThat(vm.tryIt().getProbabilities().get(k).probability()).isCloseTo(all.probabilities()[1][k], within(1e-5));
        }
    }
}
