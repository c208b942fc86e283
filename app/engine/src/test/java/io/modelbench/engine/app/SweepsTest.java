package io.modelbench.engine.app;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SweepGate;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RunInfo;
import io.modelbench.engine.sweep.Scores;
import io.modelbench.engine.sweep.SweepState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Sweeps through the engine's facade: tiny epochs on the bundled tables, so the whole class takes seconds. */
class SweepsTest {

    private final Sweeps sweeps = new Sweeps(new RunService(1));

    private static SearchSpace space(String json) {
        return Sweeps.parseSpace(json, "test space");
    }

    @Test
    void theDefaultSpaceVariesLayersForATableAndFiltersForImages() {
        TableDataset iris = TableDataset.of(TestTables.iris());
        TrainingRequest base = Sweeps.baseRequest(iris, "species", 42);
        SearchSpace table = Sweeps.defaultSpace(iris, base);
        assertThat(table.dimensions()).extracting(SearchSpace.Dimension::name).containsExactly("learning_rate", "batch_size", "hidden", "dropout");
        assertThat(table.get("learning_rate")).isEqualTo(new SearchSpace.Range("learning_rate", 0.0003, 0.03, true, false, 3));
        // every trial of it fits the model
        Sweeps.plan(new SweepSpec(table, SweepStrategy.GRID, 1000, 0, 1, 1)).forEach(t -> Sweeps.trialRequest(base, t));

        io.modelbench.engine.data.Dataset digits = Sweeps.open("sample:digits_images");
        TrainingRequest imageBase = Sweeps.baseRequest(digits, Sweeps.defaultTarget("sample:digits_images"), 42);
        SearchSpace images = Sweeps.defaultSpace(digits, imageBase);
        assertThat(images.dimensions()).extracting(SearchSpace.Dimension::name).containsExactly("learning_rate", "batch_size", "filters", "dropout");
        Sweeps.plan(new SweepSpec(images, SweepStrategy.GRID, 1000, 0, 1, 1)).forEach(t -> assertThat(Sweeps.trialRequest(imageBase, t)
                .training().spec().hasSpatialLayers()).isTrue());
        assertThat(Sweeps.defaultTarget("sample:iris")).isEqualTo("species");
        assertThat(Sweeps.defaultTarget("data.csv")).isNull();
    }

    @Test
    void ashaStopsTheTrialsOfAHopelessLearningRateEarlyAndKeepsTheBest(@TempDir Path dir) {
        TableDataset iris = TableDataset.of(TestTables.iris());
        TrainingRequest base = Sweeps.baseRequest(iris, "species", 42);
        SearchSpace s = space("{\"learning_rate\": [0.000001, 0.03], \"epochs\": 9, \"patience\": 0}");
        long seed = 0;
        List<Trial> plan;
        do { // a seed whose first draw is the good rate, then at least three hopeless ones: the rungs have something to compare
            plan = Sweeps.plan(new SweepSpec(s, SweepStrategy.ASHA, 6, 0, 1, ++seed));
        } while (!plan.get(0).params().get("learning_rate").equals(0.03)
                || plan.stream().filter(t -> t.params().get("learning_rate").equals(0.000001)).count() < 3);
        SweepResult r = sweeps.run(iris, base, new SweepSpec(s, SweepStrategy.ASHA, 6, 0, 1, seed), null, dir, SweepListener.NONE,
                new StopSignal());

        List<TrialResult> hopeless = r.trials().stream().filter(t -> t.params().get("learning_rate").equals(0.000001)).toList();
        assertThat(hopeless).as(r.toString()).allSatisfy(t -> {
            assertThat(t.status()).isEqualTo(TrialResult.PRUNED);
            assertThat(t.epochs()).as("stopped at the first rung, epoch 1 of 9").isEqualTo(1);
        });
        assertThat(r.trials().get(0).status()).isEqualTo(TrialResult.FINISHED);
        assertThat(r.trials().get(0).epochs()).isEqualTo(9);
        assertThat(r.best().params().get("learning_rate")).isEqualTo(0.03);
        assertThat(Path.of(r.best().model())).isRegularFile();
    }

    @Test
    void theWinnerIsNeverChosenOnTheTestSplit(@TempDir Path dir) throws Exception {
        // the same training rows, then 30 test rows from a separate "file": once with their labels, once scrambled
        Table iris = TestTables.iris();
        int[] trainRows = java.util.stream.IntStream.range(0, 150).filter(i -> i % 5 != 0).toArray();
        int[] testRows = java.util.stream.IntStream.range(0, 150).filter(i -> i % 5 == 0).toArray();
        Table train = iris.select(trainRows);
        Table test = iris.select(testRows);
        Path scrambledCsv = dir.resolve("scrambled.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(TestTables.sampleFile("iris", Files.createDirectories(dir.resolve("d")))));
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        List<String> labels = new ArrayList<>();
        for (int r : testRows) {
            String line = lines.get(r + 1);
            kept.add(line.substring(0, line.lastIndexOf(',') + 1));
            labels.add(line.substring(line.lastIndexOf(',') + 1));
        }
        Collections.shuffle(labels, new Random(5));
        for (int i = 1; i < kept.size(); i++) {
            kept.set(i, kept.get(i) + labels.get(i - 1));
        }
        Files.write(scrambledCsv, kept);
        Table scrambled = Datasets.readTable(scrambledCsv, io.modelbench.engine.api.TaskProgress.NONE);

        SearchSpace s = space("{\"learning_rate\": [0.001, 0.01, 0.05], \"epochs\": 6}");
        SweepSpec spec = new SweepSpec(s, SweepStrategy.GRID, 3, 0, 1, 42);
        SweepResult honest = sweepWithTestRows(train, test, spec, dir.resolve("honest"));
        SweepResult lied = sweepWithTestRows(train, scrambled, spec, dir.resolve("scrambled"));

        assertThat(lied.trials()).extracting(TrialResult::validation).isEqualTo(honest.trials().stream().map(TrialResult::validation).toList());
        assertThat(lied.best().trial()).isEqualTo(honest.best().trial());
        assertThat((Double) lied.best().test().get("accuracy")).isLessThan((Double) honest.best().test().get("accuracy"));
        // the trials never looked at the test rows: no test figures on their models
        assertThat(ModelFiles.load(Path.of(honest.trials().get(1).model())).card().testMetrics()).isNullOrEmpty();
        assertThat(ModelFiles.load(dir.resolve("honest").resolve(Sweeps.BEST_MODEL)).card().testMetrics()).containsKey("accuracy");
    }

    private SweepResult sweepWithTestRows(Table train, Table test, SweepSpec spec, Path out) {
        TrainingRequest request = Sweeps.baseRequest(TableDataset.of(train), "species", 42);
        Table all = Datasets.appendTestTable(train, test, request);
        TrainingRequest base = new TrainingRequest("species", null, List.of(), request.split().withHeldOutRows(test.rowCount()), request.training());
        return sweeps.run(Datasets.table(all), base, spec, null, out, SweepListener.NONE, new StopSignal());
    }

    @Test
    void aStoppedSweepIsRecordedAndARestartTrainsOnlyTheTrialsLeft(@TempDir Path dir) throws Exception {
        TableDataset iris = TableDataset.of(TestTables.iris());
        TrainingRequest base = Sweeps.baseRequest(iris, "species", 42);
        SweepSpec spec = new SweepSpec(space("{\"learning_rate\": {\"min\": 0.003, \"max\": 0.03, \"scale\": \"log\"}, \"epochs\": 4}"),
                SweepStrategy.RANDOM, 4, 0, 1, 9);
        Project project = Project.create(dir.resolve("p"), "p");
        StopSignal stop = new StopSignal();
        List<SweepEvent> first = Collections.synchronizedList(new ArrayList<>());
        SweepResult stopped = sweeps.run(iris, base, spec, project, dir.resolve("p"), e -> {
            first.add(e);
            if (e instanceof SweepEvent.TrialFinished) {
                stop.request(); // after the first trial
            }
        }, stop);
        int ended = stopped.trials().size();
        assertThat(ended).isBetween(1, 2);
        assertThat(Sweeps.recorded(dir.resolve("p")).trials()).isEqualTo(stopped.trials());
        assertThat(Sweeps.recorded(dir.resolve("nothing"))).isNull();
        SweepState saved = SweepState.read(dir.resolve("p"));
        assertThat(saved.status()).isEqualTo(SweepState.STOPPED);
        assertThat(saved.results()).hasSize(ended);
        assertThat(first).filteredOn(e -> e instanceof SweepEvent.TrialStarted).hasSize(ended);
        assertThat(first).filteredOn(e -> e instanceof SweepEvent.TrialEpoch).isNotEmpty();
        assertThat(first.get(first.size() - 1)).isInstanceOf(SweepEvent.SweepFinished.class);

        List<SweepEvent> second = Collections.synchronizedList(new ArrayList<>());
        SweepResult done = sweeps.run(iris, base, spec, Project.open(dir.resolve("p")), dir.resolve("p"), second::add, new StopSignal());
        assertThat(second).filteredOn(e -> e instanceof SweepEvent.TrialStarted).as("only the trials left").hasSize(4 - ended);
        assertThat(done.trials()).extracting(TrialResult::number).containsExactly(1, 2, 3, 4);
        assertThat(done.trials().subList(0, ended)).isEqualTo(stopped.trials());
        assertThat(SweepState.read(dir.resolve("p")).status()).isEqualTo(SweepState.FINISHED);
        // each trial is a normal run of the project: its record with every epoch, and its model
        List<RunInfo> runs = Project.open(dir.resolve("p")).runs();
        assertThat(runs).hasSize(4);
        assertThat(runs).allSatisfy(run -> assertThat(run.testMetrics()).as("no trial is scored on test").isEmpty());
        assertThat(runs).filteredOn(run -> run.status().equals(RunInfo.FINISHED)).allSatisfy(run -> assertThat(run.epochs()).hasSize(4));
        assertThat(dir.resolve("p").resolve(Sweeps.BEST_MODEL)).isRegularFile();
    }

    @Test
    void aSweepFindsASettingAtLeastAsGoodAsTheDefaultOnValidation(@TempDir Path dir) {
        TableDataset wine = Datasets.table(Samples.open(Samples.find("wine")));
        TrainingRequest base = Sweeps.baseRequest(wine, "cultivar", 42);
        TrainingRequest shortBase = base.withTraining(base.training().withEpochs(8));
        TrialResult defaults = sweeps.runTrial(wine, shortBase, new Trial(0, Map.of()), RunOutput.inMemory(), RunSettings.defaults(),
                SweepGate.ALWAYS, SweepListener.NONE, new StopSignal());
        SweepResult r = sweeps.run(wine, shortBase, new SweepSpec(space("{\"learning_rate\": {\"min\": 0.01, \"max\": 0.1, \"scale\": \"log\"}}"),
                SweepStrategy.RANDOM, 3, 0, 1, 42), null, dir, SweepListener.NONE, new StopSignal());
        double defAcc = (Double) defaults.validation().get("accuracy");
        double defLoss = (Double) defaults.validation().get("loss");
        double acc = (Double) r.best().validation().get("accuracy");
        double loss = (Double) r.best().validation().get("loss");
        assertThat(Scores.better("accuracy", acc, loss, defAcc, defLoss)).as("best %s vs default %s", r.best().validation(),
                defaults.validation()).isTrue();
    }

    @Test
    void pauseHoldsTheTrialsAndStopEndsTheSweepWithTheBestSoFar(@TempDir Path dir) throws Exception {
        TableDataset iris = TableDataset.of(TestTables.iris());
        TrainingRequest base = Sweeps.baseRequest(iris, "species", 42);
        SweepSpec spec = new SweepSpec(space("{\"learning_rate\": [0.01, 0.02], \"epochs\": 400, \"patience\": 0}"), SweepStrategy.GRID, 2, 0, 1, 1);
        List<SweepEvent> events = Collections.synchronizedList(new ArrayList<>());
        SweepHandle h = sweeps.start(r -> new Thread(r).start(), iris, base, spec, null, dir, events::add);
        while (events.stream().noneMatch(e -> e instanceof SweepEvent.TrialEpoch)) {
            Thread.sleep(20);
        }
        h.pause();
        Thread.sleep(400); // the pause reaches the trial within a mini-batch
        long epochs = events.stream().filter(e -> e instanceof SweepEvent.TrialEpoch).count();
        Thread.sleep(800);
        assertThat(events.stream().filter(e -> e instanceof SweepEvent.TrialEpoch).count()).as("no epoch while paused").isEqualTo(epochs);
        h.resume();
        Thread.sleep(300);
        h.stop();
        SweepResult r = h.result().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.trials()).hasSize(1);
        assertThat(r.trials().get(0).status()).isEqualTo(TrialResult.STOPPED_EARLY);
        assertThat(r.trials().get(0).epochs()).isLessThan(400);
        assertThat(r.best()).isNotNull();
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(SweepEvent.SweepFinished.class,
                f -> assertThat(f.message()).contains("1 of 2 trials ended: the sweep was stopped"));
    }

    @Test
    void aTrialStoppedAtARungAndContinuedFromItsCheckpointEndsAsTheSameTrialInOnePiece(@TempDir Path dir) {
        io.modelbench.engine.data.Dataset iris = Sweeps.open("sample:iris");
        TrainingRequest base = Sweeps.baseRequest(iris, "species", 42);
        Trial trial = new Trial(1, new java.util.LinkedHashMap<>(Map.of("learning_rate", 0.01, "epochs", 9)));
        RunSettings settings = new RunSettings(1, null);
        Project whole = Project.create(dir.resolve("whole"), "whole");
        TrialResult one = sweeps.runTrial(iris, base, trial, RunOutput.project(whole, null), settings, SweepGate.ALWAYS,
                SweepListener.NONE, new StopSignal());

        Project pieces = Project.create(dir.resolve("pieces"), "pieces");
        double[] asked = new double[2];
        SweepGate stopAt3 = (t, epoch, metric, best, loss) -> {
            asked[0] = best;
            asked[1] = loss;
            return epoch < 3;
        };
        TrialResult first = sweeps.runTrial(iris, base, trial, RunOutput.project(pieces, null), settings, stopAt3, SweepListener.NONE,
                new StopSignal());
        assertThat(first.status()).isEqualTo(TrialResult.PRUNED);
        assertThat(first.epochs()).isEqualTo(3);
        TrialResult rest = sweeps.continueTrial(iris, base, trial, pieces, first.run(), settings, SweepGate.ALWAYS, asked[0], asked[1],
                SweepListener.NONE, new StopSignal());

        assertThat(rest.run()).isEqualTo(first.run());   // the same run, continued
        assertThat(rest.status()).isEqualTo(one.status());
        assertThat(rest.epochs()).isEqualTo(9);
        assertThat(rest.validation()).isEqualTo(one.validation());
        assertThat(pieces.run(rest.run()).epochs()).hasSize(9);
        assertThat(pieces.run(rest.run()).testMetrics()).as("a trial never reads the test split").isNullOrEmpty();
    }
}
