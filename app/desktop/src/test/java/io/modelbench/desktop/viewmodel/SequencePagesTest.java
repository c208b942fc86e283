package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RecentProjects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sequence classification through the pages (issue 15): a long table (one row per step, {@code motion} naming the
 * sequence, {@code step} ordering it, channels {@code x} and {@code y}, the label {@code kind}) is read as 60 sequences
 * of 8 steps once the sequence id is chosen (suggested, never chosen for the user), the Model page switches to the LSTM,
 * the run trains a classifier, Try it classifies the steps of a sequence as {@code predict} does the file, the project
 * remembers the choice, and bad input is the engine's one line naming the sequence and line.
 */
class SequencePagesTest {

    private final Executor direct = Runnable::run;

    @AfterEach
    void threads() {
        NativeEnvironment.setThreads(0);
    }

    static Path motions() throws Exception {
        return Path.of(SequencePagesTest.class.getResource("/sequences/motions.csv").toURI());
    }

    private MainViewModel app(Workspace ws, Path recent) {
        MainViewModel vm = new MainViewModel(ws, direct, direct, UiScheduler.immediate(), new RecentProjects(recent));
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        return vm;
    }

    @Test
    void aLongTableIsReadAsSequencesTrainedAsAnLstmClassifierAndTriedStepByStep(@TempDir Path dir) throws Exception {
        Workspace ws = new Workspace();
        MainViewModel vm = app(ws, dir.resolve("recent.txt"));
        vm.data().openFile(motions());
        vm.data().targetColumnProperty().set("kind");
        SequenceChoice seq = vm.data().sequences();
        // suggested, not chosen: the table stays a table
        assertThat(seq.suggestionProperty().get()).contains("'motion'").contains("'kind'");
        assertThat(seq.getIdColumns()).containsExactly(SequenceChoice.NONE, "motion", "step", "x", "y");
        assertThat(ws.sequencesProperty().get()).isNull();
        assertThat(vm.model().currentSpec().hasSequenceLayers()).isFalse();

        assertThat(vm.data().hintsProperty().get()).contains("'motion' predicts the target alone");
        seq.idColumnProperty().set("motion");
        assertThat(seq.getTimeColumns()).containsExactly(SequenceChoice.NONE, "step", "x", "y");
        seq.timeColumnProperty().set("step");
        assertThat(seq.errorProperty().get()).isEmpty();
        assertThat(seq.statusProperty().get()).contains("Sequences by 'motion' ordered by 'step'")
                .contains("60 sequences of 8 steps × 2 channels (x, y)").contains("classes of 'kind': down 20, flat 20, up 20");
        assertThat(ws.sequencesProperty().get().size()).isEqualTo(60);
        // the leak check flags the id (it names each label's sequence); read as sequences it is no leak, and the hint goes
        assertThat(vm.data().hintsProperty().get()).doesNotContain("'motion' predicts the target alone");
        assertThat(vm.data().currentRecipe().sequences()).isEqualTo(new DatasetRecipe.Sequences("motion", "step"));
        // the Model page: the LSTM, reading sequences of 8 steps × 2 values, three classes
        assertThat(vm.model().currentSpec().name()).isEqualTo("lstm");
        assertThat(vm.model().forSequencesProperty().get()).isTrue();
        assertThat(vm.model().problemProperty().get()).isEmpty();
        assertThat(vm.model().parametersProperty().get()).contains("classification").contains("sequences of 8 steps × 2 values")
                .contains("→ 3 outputs");
        // the layer editor: an LSTM's units are edited, a bidirectional LSTM added from the menu (which offered it as
        // "Dropout" and threw before)
        vm.model().selectedIndexProperty().set(0);
        assertThat(vm.model().editSelected("units", 16)).isTrue();
        vm.model().addLayer("bilstm");
        assertThat(vm.model().getSpecLayers()).extracting(io.modelbench.engine.api.LayerSpec::type).containsExactly("lstm", "bilstm", "lasttimestep");
        assertThat(vm.model().getSpecLayers().get(0).units()).isEqualTo(16);
        assertThat(vm.model().problemProperty().get()).isEmpty();
        assertThat(vm.model().getLayers()).hasSize(4);   // with the output layer
        vm.model().useTemplate("lstm");
        // the series defaults, as train --sequence-id: batches of 32, Adam at 0.003
        assertThat(vm.train().batchSizeProperty().get()).isEqualTo("32");
        assertThat(vm.train().learningRateProperty().get()).isEqualTo("0.003");

        vm.train().epochsProperty().set("4");
        vm.train().threadsProperty().set("1");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        var model = ws.getOutcome().model();
        assertThat(model.card().sequence()).isNotNull();
        assertThat(model.card().task()).isEqualTo(TaskType.CLASSIFICATION.id());
        assertThat(ws.getOutcome().testRows()).hasSize(12);   // 20 % of 60 sequences, one row each
        assertThat(vm.evaluate().getShownRows()).hasSize(12);
        // a row of the test split is a whole sequence: the page counts sequences, not the file's rows
        assertThat(vm.evaluate().shownDataProperty().get()).startsWith("Showing the test split: 12 held-out sequences");
        assertThat(vm.evaluate().detailsProperty().get()).contains("on 12 held-out test sequences that training never saw");
        assertThat(vm.evaluate().filterTextProperty().get()).startsWith("12 of 12 test sequences");
        assertThat(vm.runs().getRuns()).hasSize(1);
        assertThat(vm.runs().getRuns().get(0).request().training().spec().hasSequenceLayers()).isTrue();
        assertThat(vm.runs().getRuns().get(0).request().targetColumn()).isEqualTo("kind");
        // Export's "Use this model": the first sequence laid out [1, channels, steps] (it was the long table's first line)
        assertThat(vm.export().snippetProperty().get()).contains("public class PredictSequence")
                .contains("int channels = 2, steps = 8, length = 8;").contains("new long[] {1, channels, steps}");

        // Try it: the first sequence's 8 steps, ordered by step, give the probabilities predict gives the file
        SequenceTry steps = vm.tryIt().steps();
        assertThat(steps.classifyingProperty().get()).isTrue();
        assertThat(vm.tryIt().getFields()).isEmpty();
        assertThat(steps.neededProperty().get()).contains("the 8 steps of one sequence").contains("x, y");
        assertThat(steps.getIds()).hasSize(60).startsWith("m01", "m02");
        assertThat(steps.idProperty().get()).isEqualTo("m01");
        assertThat(steps.textProperty().get().split("\n")).hasSize(8).startsWith("1.675, 0.119");
        Predictions file = model.predict(vm.data().tableProperty().get());
        assertThat(steps.errorProperty().get()).isEmpty();
        assertThat(vm.tryIt().getProbabilities()).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(vm.tryIt().getProbabilities().get(k).probability()).isCloseTo(file.probabilities()[0][k], within(1e-5));
        }
        // m02 is written newest step first in the file: its steps come ordered by 'step'
        steps.idProperty().set("m02");
        String[] m02 = steps.textProperty().get().split("\n");
        Table t = vm.data().tableProperty().get();
        int firstOfM02 = java.util.stream.IntStream.range(0, t.rowCount())
                .filter(r -> t.value(r, 0).equals("m02") && t.value(r, 1).equals("1")).findFirst().orElseThrow();
        assertThat(m02[0]).isEqualTo(t.value(firstOfM02, 2) + ", " + t.value(firstOfM02, 3));
        for (int k = 0; k < 3; k++) {
            assertThat(vm.tryIt().getProbabilities().get(k).probability()).isCloseTo(file.probabilities()[1][k], within(1e-5));
        }
        // pasted from a spreadsheet: tabs between the values
        steps.textProperty().set(String.join("\n", m02).replace(", ", "\t"));
        assertThat(steps.errorProperty().get()).isEmpty();
        steps.textProperty().set("1, 2\n3, oops\n5, 6");
        assertThat(steps.errorProperty().get()).contains("step 2, y").contains("oops").doesNotContain("\n");
        steps.textProperty().set("1, 2\n3, 4, 5");
        assertThat(steps.errorProperty().get()).contains("step 2").contains("2 values a line (x, y)");
        steps.textProperty().set("1, 2\n3, 4\n5, 6");
        assertThat(steps.errorProperty().get()).contains("3 steps").contains("8").doesNotContain("Exception").doesNotContain("\n");

        // Export: the model zip works; ONNX refuses the LSTM in one line
        vm.export().export(dir.resolve("motions.zip"));
        assertThat(vm.export().errorProperty().get()).isEmpty();
        assertThat(Files.size(dir.resolve("motions.zip"))).isPositive();
        vm.export().exportPredictions(dir.resolve("predicted.csv"));   // one row per sequence, read from the long table
        List<String> predicted = Files.readAllLines(dir.resolve("predicted.csv"));
        assertThat(predicted).hasSize(61);
        assertThat(predicted.get(0)).startsWith("motion,kind,prediction,p_down,p_flat,p_up");
        assertThat(predicted.get(1)).startsWith("m01,up,");
        vm.export().exportOnnx(dir.resolve("motions.onnx"));
        assertThat(vm.export().errorProperty().get()).contains("sequence classifier").contains("cannot be exported to ONNX")
                .doesNotContain("\n").doesNotContain("Exception").doesNotContain("Unexpected");
        assertThat(dir.resolve("motions.onnx")).doesNotExist();

        // Optimize: int8, measured on the sequences' own test split
        vm.optimize().methodProperty().set("int8");
        vm.optimize().run();
        assertThat(vm.optimize().errorProperty().get()).isEmpty();
        assertThat(vm.optimize().getRows()).hasSize(2).allMatch(r -> r.figure().startsWith("accuracy "));

        // back to a table: the sequences and the LSTM go, a table model takes a row again
        seq.idColumnProperty().set(SequenceChoice.NONE);
        assertThat(ws.sequencesProperty().get()).isNull();
        assertThat(vm.model().currentSpec().hasSequenceLayers()).isFalse();
        assertThat(seq.statusProperty().get()).isEmpty();
    }

    @Test
    void badSequencesAreTheEnginesOneLineNamingTheSequenceAndLine(@TempDir Path dir) throws Exception {
        Workspace ws = new Workspace();
        MainViewModel vm = app(ws, dir.resolve("recent.txt"));
        SequenceChoice seq = vm.data().sequences();
        List<String> good = Files.readAllLines(motions());

        List<String> twoLabels = new java.util.ArrayList<>(good);
        twoLabels.set(3, twoLabels.get(3).replace(",up", ",down"));   // m01's third step, file line 4
        Path bad = Files.write(dir.resolve("labels.csv"), twoLabels);
        vm.data().openFile(bad);
        vm.data().targetColumnProperty().set("kind");
        seq.idColumnProperty().set("motion");
        assertThat(seq.errorProperty().get()).contains("labels.csv").contains("line 4").contains("'m01'").contains("'down'")
                .doesNotContain("\n").doesNotContain("Exception");
        assertThat(ws.sequencesProperty().get()).isNull();

        List<String> shorter = new java.util.ArrayList<>(good);
        shorter.remove(12);   // a step of m02
        vm.data().openFile(Files.write(dir.resolve("short.csv"), shorter));
        vm.data().targetColumnProperty().set("kind");
        seq.idColumnProperty().set("motion");
        // sequences of different lengths are read (padded to the longest, masked), and the page says so
        assertThat(seq.errorProperty().get()).isEmpty();
        assertThat(seq.statusProperty().get()).contains("60 sequences of 7 to 8 steps (median 8; the shorter padded");
        assertThat(ws.sequencesProperty().get().size()).isEqualTo(60);

        List<String> twice = new java.util.ArrayList<>(good);
        twice.set(2, twice.get(2).replace("m01,2,", "m01,1,"));   // line 3: m01's step 1 again
        vm.data().openFile(Files.write(dir.resolve("twice.csv"), twice));
        vm.data().targetColumnProperty().set("kind");
        seq.idColumnProperty().set("motion");
        assertThat(seq.errorProperty().get()).isEmpty();   // in the file's order the time is not read
        seq.timeColumnProperty().set("step");
        assertThat(seq.errorProperty().get()).contains("twice.csv").contains("'1' twice").contains("line").doesNotContain("\n");
        assertThat(ws.sequencesProperty().get()).isNull();
        assertThat(vm.model().currentSpec().hasSequenceLayers()).isFalse();
    }

    @Test
    void choosingASequenceIdDropsASeriesAndTheProjectRemembersTheSequences(@TempDir Path dir) throws Exception {
        Workspace ws = new Workspace();
        Path recent = dir.resolve("recent.txt");
        MainViewModel vm = app(ws, recent);
        vm.data().openSample(Samples.find("sunspots"));
        vm.data().series().timeColumnProperty().set("YEAR");
        assertThat(ws.seriesProperty().get()).isNotNull();
        vm.data().sequences().idColumnProperty().set("YEAR");
        assertThat(vm.data().series().isNone()).isTrue();
        assertThat(ws.seriesProperty().get()).isNull();
        vm.data().series().timeColumnProperty().set("YEAR");
        assertThat(vm.data().sequences().isNone()).isTrue();
        assertThat(ws.sequencesProperty().get()).isNull();

        // a new table shows while the last one's target (SUNACTIVITY) is still chosen: no exception escapes a listener
        // (JavaFX hands it to the thread's uncaught-exception handler; the Model page's primed schema threw there)
        List<Throwable> uncaught = new java.util.ArrayList<>();
        Thread.UncaughtExceptionHandler was = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            vm.data().openFile(motions());
        } finally {
            Thread.currentThread().setUncaughtExceptionHandler(was);
        }
        assertThat(uncaught).isEmpty();
        vm.data().targetColumnProperty().set("kind");
        vm.data().sequences().idColumnProperty().set("motion");
        vm.train().epochsProperty().set("5");
        Path root = dir.resolve("motions");
        vm.project().newProject(root);
        assertThat(Project.open(root).state().dataset().sequences()).isEqualTo(new DatasetRecipe.Sequences("motion", null));

        Workspace ws2 = new Workspace();
        MainViewModel again = app(ws2, recent);
        again.project().openProject(root);
        assertThat(again.project().errorProperty().get()).isEmpty();
        assertThat(again.data().sequences().idColumnProperty().get()).isEqualTo("motion");
        assertThat(again.data().sequences().timeColumnProperty().get()).isEqualTo(SequenceChoice.NONE);
        assertThat(ws2.sequencesProperty().get()).isNotNull();
        assertThat(ws2.sequencesProperty().get().size()).isEqualTo(60);
        assertThat(again.model().currentSpec().hasSequenceLayers()).isTrue();
        assertThat(again.train().epochsProperty().get()).isEqualTo("5");   // the project's own, after the sequences' defaults

        again.data().sequences().idColumnProperty().set(SequenceChoice.NONE);
        again.project().saveNow();
        assertThat(Project.open(root).state().dataset().sequences()).isNull();
    }
}
