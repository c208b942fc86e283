package io.modelbench.engine.train;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    private final Table iris = Samples.open(Samples.find("iris"));

    @Test
    void stopThenResumeGivesExactlyTheUninterruptedRun(@TempDir Path dir) {
        TrainingRequest request = TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(12));
        List<Double> straight = new ArrayList<>();
        TrainingOutcome whole = new Trainer().train(iris, request, losses(straight), new StopSignal());

        // the same run, stopped after epoch 5 (as a crash or a Stop would), then resumed from its checkpoint
        StopSignal stop = new StopSignal();
        List<Double> first = new ArrayList<>();
        new Trainer().train(iris, request, e -> {
            losses(first).onEvent(e);
            if (e instanceof TrainingEvent.EpochDone d && d.epoch() == 5) {
                stop.request();
            }
        }, stop, dir);
        assertThat(dir.resolve("last.zip")).exists();
        assertThat(dir.resolve("best.zip")).exists();
        assertThat(dir.resolve("state.json")).exists();
        assertThat(first).hasSize(5);

        List<Double> second = new ArrayList<>();
        TrainingOutcome resumed = new Trainer().resume(iris, dir, 12, losses(second), new StopSignal());
        List<Double> joined = new ArrayList<>(first);
        joined.addAll(second);
        assertThat(joined).isEqualTo(straight);
        assertThat(resumed.epochsCompleted()).isEqualTo(12);
        assertThat(resumed.model().predict(iris).probabilities()).isDeepEqualTo(whole.model().predict(iris).probabilities());
    }

    @Test
    void checkpointsOnATimeBudgetStillSaveTheLastCompletedEpochWhenStoppedMidEpoch(@TempDir Path dir) {
        // no validation split: no epoch forces a checkpoint by improving; with a tiny share none ever comes due
        TrainingRequest request = new TrainingRequest("species", io.modelbench.engine.api.TaskType.CLASSIFICATION, List.of(),
                new io.modelbench.engine.api.SplitSettings(0.2, 0, 42), TrainingSettings.defaults().withEpochs(12));
        List<Double> straight = new ArrayList<>();
        TrainingOutcome whole = new Trainer(1e-9).train(iris, request, losses(straight), new StopSignal());

        // stopped during epoch 6: epochs 1-5 were never written, so epoch 5's end is written from memory
        StopSignal stop = new StopSignal();
        List<Double> first = new ArrayList<>();
        boolean[] writtenBeforeTheStop = {false};
        new Trainer(1e-9).train(iris, request, e -> {
            losses(first).onEvent(e);
            if (e instanceof TrainingEvent.IterationDone it && it.epoch() == 6 && !stop.isRequested()) {
                writtenBeforeTheStop[0] = java.nio.file.Files.exists(dir.resolve("state.json"));
                stop.request();
            }
        }, stop, dir);
        assertThat(writtenBeforeTheStop[0]).as("no checkpoint came due in epochs 1-5").isFalse();
        assertThat(first).hasSize(5);
        assertThat(Trainer.checkpointEpoch(dir)).isEqualTo(5);

        List<Double> second = new ArrayList<>();
        TrainingOutcome resumed = new Trainer(1e-9).resume(iris, dir, 12, losses(second), new StopSignal());
        List<Double> joined = new ArrayList<>(first);
        joined.addAll(second);
        assertThat(joined).isEqualTo(straight);
        assertThat(Trainer.checkpointEpoch(dir)).isEqualTo(12);
        assertThat(resumed.model().predict(iris).probabilities()).isDeepEqualTo(whole.model().predict(iris).probabilities());
    }

    @Test
    void resumeRefusesChangedDataAndTooFewEpochs(@TempDir Path dir) throws Exception {
        new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(3)),
                TrainingListener.NONE, new StopSignal(), dir);
        assertThatThrownBy(() -> new Trainer().resume(iris, dir, 3, TrainingListener.NONE, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("3 epochs already");
        String text = new String(Samples.class.getClassLoader().getResourceAsStream("modelbench/samples/iris.csv").readAllBytes(),
                StandardCharsets.UTF_8).replaceFirst("5.1,3.5", "5.2,3.5");
        Table changed = CsvTables.read("iris.csv (edited)", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> new Trainer().resume(changed, dir, 6, TrainingListener.NONE, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("content changed");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> new Trainer().resume(iris, empty, 6, TrainingListener.NONE, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("holds no checkpoint");
    }

    @Test
    void stoppingKeepsTheBestEpochSoFar(@TempDir Path dir) {
        StopSignal stop = new StopSignal();
        List<Double> val = new ArrayList<>();
        TrainingOutcome out = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(500)), e -> {
            if (e instanceof TrainingEvent.EpochDone d) {
                val.add(d.validationLoss());
                if (d.epoch() == 30) {
                    stop.request();
                }
            }
        }, stop);
        int kept = out.model().card().training().keptEpoch();
        double best = val.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(val.get(kept - 1)).isEqualTo(best);
        assertThat(out.model().card().training().stopNote()).contains("stopped on request");
    }

    @Test
    void fastBatchingGivesExactlyTheBatchesOfGetAndBatchBy() {
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(
                org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 37, 3),
                org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 37, 2));
        int[] order = Trainer.permutation(37, 5);
        List<org.nd4j.linalg.dataset.DataSet> fast = Trainer.batches(ds, order, 8);
        List<org.nd4j.linalg.dataset.DataSet> slow = ds.get(order).batchBy(8);
        assertThat(fast).hasSize(5).hasSameSizeAs(slow);
        for (int i = 0; i < fast.size(); i++) {
            assertThat(fast.get(i).getFeatures()).isEqualTo(slow.get(i).getFeatures());
            assertThat(fast.get(i).getLabels()).isEqualTo(slow.get(i).getLabels());
        }
    }

    private static TrainingListener losses(List<Double> into) {
        return e -> {
            if (e instanceof TrainingEvent.EpochDone d) {
                into.add(d.trainingLoss());
            }
        };
    }
}
