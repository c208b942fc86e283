package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.data.Samples;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Train page's live figures: per-iteration loss with smoothing (bounded), rates, time left, the log, threads. */
class TrainPageTest {

    private final Executor direct = Runnable::run;

    @Test
    void epochsTrainedAgainAfterAResumeReplaceTheOnesListed() {
        javafx.collections.ObservableList<EpochPoint> points = javafx.collections.FXCollections.observableArrayList();
        for (int e = 1; e <= 7; e++) {
            points.add(new EpochPoint(e, 1.0 / e, Double.NaN, Double.NaN));
        }
        // the run file listed epochs 1-7, its checkpoint was at 5: the resumed run's epoch 6 replaces 6 and 7
        TrainViewModel.replaceFrom(points, List.of(new EpochPoint(6, 0.5, Double.NaN, Double.NaN)), EpochPoint::epoch);
        assertThat(points).extracting(EpochPoint::epoch).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(points.get(5).trainingLoss()).isEqualTo(0.5);
        TrainViewModel.replaceFrom(points, List.of(new EpochPoint(7, 0.4, Double.NaN, Double.NaN)), EpochPoint::epoch);
        assertThat(points).extracting(EpochPoint::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void smoothingIsAnExponentialAverageAndTheSeriesStaysBounded() {
        LiveSeries s = new LiveSeries();
        s.smoothingProperty().set(0.5);
        s.addAll(List.of(new long[] {1}, new long[] {2}), List.of(4.0, 2.0));
        // debiased EMA: 4, then (0.5*2 + 0.5*... ) -> (0.25*4*2... ) computed by hand: e1=2, e2=0.5*2+0.5*2=2 -> 2/(1-0.25)=2.667
        assertThat(s.getPoints().get(0).smoothed()).isCloseTo(4.0, within(1e-9));
        assertThat(s.getPoints().get(1).smoothed()).isCloseTo(2.0 / 0.75, within(1e-9));
        s.smoothingProperty().set(0);
        assertThat(s.getPoints()).extracting(LiveSeries.Point::smoothed).containsExactly(4.0, 2.0);

        LiveSeries big = new LiveSeries();
        List<long[]> its = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (int i = 1; i <= 100_000; i++) {
            its.add(new long[] {i});
            losses.add(1.0 / i);
            if (its.size() == 500) {
                big.addAll(its, losses);
                its.clear();
                losses.clear();
            }
        }
        assertThat(big.getPoints().size()).isLessThanOrEqualTo(LiveSeries.LIMIT);
        assertThat(big.getPoints().get(big.getPoints().size() - 1).iteration()).isEqualTo(100_000);
        // merged points keep the mean: the whole run's mean loss is unchanged by merging
        double drawnMean = big.getPoints().stream().mapToDouble(LiveSeries.Point::loss).average().orElseThrow();
        assertThat(drawnMean).isGreaterThan(0).isLessThan(0.01);
    }

    @Test
    void aSessionFillsTheChartsTheLogAndUsesTheThreadsAsked() {
        MainViewModel vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("5");
        vm.train().threadsProperty().set("x");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).contains("threads");
        vm.train().threadsProperty().set("1");
        vm.train().weightDecayProperty().set("abc");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).contains("weight decay");
        vm.train().weightDecayProperty().set("0.0001");
        vm.train().clipNormProperty().set("1.5");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        // 120 training rows minus validation, batch 16: several iterations per epoch, all drawn
        assertThat(vm.train().iterations().getPoints().size()).isGreaterThanOrEqualTo(5 * 6);
        // the rate the page shows: for a table left at its defaults, the one Defaults picks for its size (0.003 for Iris)
        double shown = Double.parseDouble(vm.train().learningRateProperty().get());
        assertThat(shown).isEqualTo(0.003);
        assertThat(vm.train().getRates()).hasSize(5).allMatch(r -> r.learningRate() == shown && r.samplesPerSecond() > 0);
        assertThat(vm.train().getLog()).anyMatch(l -> l.contains("Using 1 CPU thread."))
                .anyMatch(l -> l.contains("Epoch 5/5"))
                .anyMatch(l -> l.contains("all epochs done"));
        assertThat(vm.train().timeLeftProperty().get()).isEmpty(); // finished
        assertThat(vm.runs().getRuns().get(0).settings()).containsEntry("weight decay", "1.0E-4")
                .containsEntry("gradient clipping", "1.5");
        assertThat(vm.runs().getRuns().get(0).request().training().optimization().clipNorm()).isEqualTo(1.5);
        assertThat(TrainViewModel.duration(75)).isEqualTo("1 min 15 s");
        assertThat(TrainViewModel.duration(7300)).isEqualTo("2 h 1 min");
        NativeEnvironment.setThreads(0);
    }
}
