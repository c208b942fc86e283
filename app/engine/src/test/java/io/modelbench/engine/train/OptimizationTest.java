package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.MlpFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OptimizationTest {

    private final Table iris = Samples.open(Samples.find("iris"));

    @Test
    void everyOptimizerTrains() {
        for (String o : Optimization.OPTIMIZERS) {
            double lr = switch (o) {
                case "sgd" -> 0.1;
                case "nesterov" -> 0.01;
                case "adagrad" -> 0.05;
                default -> 0.01;
            };
            TrainingSettings s = TrainingSettings.defaults().withEpochs(40).withLearningRate(lr)
                    .withOptimization(Optimization.defaults().withOptimizer(o));
            TrainingOutcome out = new Trainer().train(iris, TrainingRequest.of("species", s), TrainingListener.NONE, new StopSignal());
            assertThat(((EvaluationResult.Classification) out.test()).accuracy()).as(o).isGreaterThanOrEqualTo(0.8);
            assertThat(out.model().card().training().optimization().optimizer()).isEqualTo(o);
        }
    }

    @Test
    void schedulesGiveTheLearningRatePerEpoch() {
        TrainingSettings base = TrainingSettings.defaults().withEpochs(20).withLearningRate(0.1);
        Optimization o = Optimization.defaults();
        assertThat(MlpFactory.learningRateAt(base.withOptimization(o.withSchedule("fixed")), 17)).isCloseTo(0.1, within(1e-9));
        // step: x0.5 every 10 epochs
        assertThat(MlpFactory.learningRateAt(base.withOptimization(o.withSchedule("step")), 10)).isCloseTo(0.1, within(1e-9));
        assertThat(MlpFactory.learningRateAt(base.withOptimization(o.withSchedule("step")), 11)).isCloseTo(0.05, within(1e-9));
        assertThat(MlpFactory.learningRateAt(base.withOptimization(o.withSchedule("exponential")), 3)).isCloseTo(0.025, within(1e-9));
        assertThat(MlpFactory.learningRateAt(base.withOptimization(o.withSchedule("cosine")), 1)).isCloseTo(0.1, within(1e-9));
        assertThat(MlpFactory.learningRateAt(base.withOptimization(o.withSchedule("cosine")), 11)).isCloseTo(0.05, within(1e-9));
        // and the events report it
        List<Double> rates = new ArrayList<>();
        new Trainer().train(iris, TrainingRequest.of("species", base.withEpochs(12).withOptimization(o.withSchedule("step"))),
                e -> {
                    if (e instanceof TrainingEvent.EpochDone d) {
                        rates.add(d.learningRate());
                    }
                }, new StopSignal());
        assertThat(rates.get(0)).isCloseTo(0.1, within(1e-9));
        assertThat(rates.get(11)).isCloseTo(0.05, within(1e-9));
    }

    @Test
    void earlyStoppingStopsWhenValidationLossStallsAndKeepsTheBestEpoch() {
        TrainingSettings s = TrainingSettings.defaults().withEpochs(400)
                .withOptimization(Optimization.defaults().withPatience(5));
        List<TrainingEvent.EpochDone> epochs = new ArrayList<>();
        TrainingOutcome out = new Trainer().train(iris, TrainingRequest.of("species", s), e -> {
            if (e instanceof TrainingEvent.EpochDone d) {
                epochs.add(d);
            }
        }, new StopSignal());
        assertThat(out.epochsCompleted()).isLessThan(400);
        assertThat(out.stoppedEarly()).isTrue();
        int kept = out.model().card().training().keptEpoch();
        assertThat(out.model().card().training().stopNote()).contains("early stopping").contains("epoch " + kept);
        double best = epochs.stream().mapToDouble(TrainingEvent.EpochDone::validationLoss).min().orElseThrow();
        assertThat(epochs.get(kept - 1).validationLoss()).isEqualTo(best);
        assertThat(out.epochsCompleted() - kept).isEqualTo(5);
    }

    @Test
    void earlyStoppingWithoutAValidationSplitIsRefusedWithAReason() {
        TrainingSettings s = TrainingSettings.defaults().withOptimization(Optimization.defaults().withPatience(5));
        TrainingRequest r = new TrainingRequest("species", null, List.of(),
                new io.modelbench.engine.api.SplitSettings(0.2, 0, 1), s);
        assertThatThrownBy(() -> new Trainer().train(iris, r, TrainingListener.NONE, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("validation fraction");
    }

    @Test
    void aHugeLearningRateStopsWithAPlainMessage() {
        TrainingSettings wild = TrainingSettings.defaults().withLearningRate(10).withEpochs(30)
                .withOptimization(Optimization.defaults().withOptimizer("sgd"));
        Table diabetes = Samples.open(Samples.find("diabetes"));
        assertThatThrownBy(() -> new Trainer().train(diabetes, TrainingRequest.of("progression", wild),
                TrainingListener.NONE, new StopSignal()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("training diverged").hasMessageContaining("Lower the learning rate");
    }

    @Test
    void pauseHoldsTrainingBetweenBatchesAndResumeLosesNoEpoch() throws Exception {
        StopSignal control = new StopSignal();
        AtomicInteger lastEpoch = new AtomicInteger();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        TrainingListener l = e -> {
            if (e instanceof TrainingEvent.EpochDone d) {
                lastEpoch.set(d.epoch());
                seen.add(d.epoch());
                if (d.epoch() == 3) {
                    control.pause();
                }
            }
        };
        TrainingOutcome[] out = new TrainingOutcome[1];
        Thread t = new Thread(() -> out[0] = new Trainer().train(iris,
                TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(10)), l, control));
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lastEpoch.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        assertThat(lastEpoch.get()).as("no epoch finishes while paused").isEqualTo(3);
        assertThat(t.isAlive()).isTrue();
        control.resume();
        t.join(60_000);
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(out[0].epochsCompleted()).isEqualTo(10);
    }
}
