package io.modelbench.engine.train;

import io.modelbench.engine.api.ForecastReport;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.ModelSummary;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.Forecaster;
import io.modelbench.engine.model.NetworkFactory;
import io.modelbench.engine.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sequence models on the bundled series: shapes and parameter counts as DL4J builds them, the default LSTM against
 * both naive forecasts on each sample's time-ordered test span (few epochs here; the full defaults with
 * {@code -Dmodelbench.longTests=true}), checkpoints and resume, and a saved model forecasting new data.
 */
class SeriesTrainingTest {

    static SeriesDataset sample(String id, int window) {
        Samples.Sample s = Samples.find(id);
        return SeriesDataset.of(TableDataset.of(Samples.open(s)), s.target(), SeriesSettings.of(id.equals("sunspots") ? "YEAR" : "date", window, 1));
    }

    static TrainingRequest request(SeriesDataset d, int epochs, boolean defaults) {
        TrainingSettings s = TrainingSettings.defaults().withEpochs(epochs);
        SplitSettings split = SplitSettings.defaults(42);
        s = SeriesDefaults.adapt(s, d.steps(), split, defaults ? EnumSet.noneOf(Defaults.Setting.class) : EnumSet.of(Defaults.Setting.EPOCHS), false);
        return new TrainingRequest(d.targetColumn(), null, List.of(), split, s);
    }

    @Test
    void theSummaryShowsSequenceShapesAndTheParametersDl4jBuilds() {
        InputShape in = InputShape.sequence(3, 12);
        List<ModelSpec> specs = List.of(ModelSpec.lstm(1), ModelSpec.lstm(2), ModelSpec.cnn1d(),
                new ModelSpec("bi", List.of(new LayerSpec("bilstm", 8, 0, 0, null, null, 0.1, null, 0), LayerSpec.lastTimeStep(), LayerSpec.dense(4))));
        for (ModelSpec spec : specs) {
            ModelSummary sum = NetworkFactory.summary(spec, in, 1, TaskType.REGRESSION, 32, "adam");
            long built = NetworkFactory.build(spec, in, 1, TaskType.REGRESSION, TrainingSettings.defaults().withModel(spec), null).numParams();
            assertThat(sum.totalParameters()).as(spec.name()).isEqualTo(built);
        }
        ModelSummary lstm = NetworkFactory.summary(ModelSpec.lstm(1), in, 1, TaskType.REGRESSION, 32, "adam");
        assertThat(lstm.layers()).extracting(l -> l.type() + " " + l.outputShape())
                .containsExactly("LSTM 32×12", "Last time step 32", "Output (mean squared error) 1");
        assertThat(lstm.layers().get(0).parameters()).isEqualTo(4L * 32 * (3 + 32 + 1));
        ModelSummary cnn = NetworkFactory.summary(ModelSpec.cnn1d(), in, 1, TaskType.REGRESSION, 32, "adam");
        assertThat(cnn.layers()).extracting(l -> l.outputShape()).startsWith("32×12", "32×6", "32×6", "32", "32");
    }

    @Test
    void layersThatDoNotFitASequenceAreRefusedNamingTheLayer() {
        InputShape in = InputShape.sequence(1, 12);
        assertThatThrownBy(() -> NetworkFactory.summary(new ModelSpec("x", List.of(LayerSpec.lstm(8), LayerSpec.dense(4))), in, 1,
                TaskType.REGRESSION, 32, "adam")).isInstanceOf(InputException.class).hasMessageContaining("layer 2 (dense 4")
                .hasMessageContaining("last time step");
        assertThatThrownBy(() -> NetworkFactory.summary(new ModelSpec("x", List.of(LayerSpec.lstm(8))), in, 1, TaskType.REGRESSION, 32, "adam"))
                .isInstanceOf(InputException.class).hasMessageContaining("still a sequence");
        assertThatThrownBy(() -> NetworkFactory.summary(ModelSpec.lstm(1), InputShape.vector(4), 1, TaskType.REGRESSION, 32, "adam"))
                .isInstanceOf(InputException.class).hasMessageContaining("time series");
    }

    @Test
    void theDefaultLstmBeatsBothNaiveForecastsOnTheSunspotsTestSpan() {
        SeriesDataset d = sample("sunspots", 12);
        TrainingRequest r = request(d, Boolean.getBoolean("modelbench.longTests") ? 0 : 15, Boolean.getBoolean("modelbench.longTests"));
        assertThat(r.training().spec().name()).isEqualTo("lstm");
        ForecastReport f = new Trainer().train(d, r, e -> { }, new StopSignal(), null).forecast();
        System.out.printf("sunspots: LSTM RMSE %.2f, last value %.2f, seasonal naive (period %d) %.2f%n", f.model().rmse(),
                f.lastValue().rmse(), f.period(), f.seasonalNaive().rmse());
        assertThat(f.period()).isEqualTo(11);
        assertThat(f.model().rmse()).isLessThan(f.lastValue().rmse()).isLessThan(f.seasonalNaive().rmse());
        assertThat(f.useful()).isTrue();
        assertThat(f.points()).extracting(ForecastReport.Point::split).contains("validation", "test");
    }

    @Test
    void theDefaultLstmBeatsBothNaiveForecastsOnTheCo2TestSpan() {
        boolean full = Boolean.getBoolean("modelbench.longTests");
        SeriesDataset d = sample("co2_weekly", full ? 12 : 8);
        ForecastReport f = new Trainer().train(d, request(d, full ? 0 : 4, full), e -> { }, new StopSignal(), null).forecast();
        System.out.printf("co2: LSTM RMSE %.3f, last value %.3f, seasonal naive (period %d) %.3f%n", f.model().rmse(),
                f.lastValue().rmse(), f.period(), f.seasonalNaive().rmse());
        assertThat(f.period()).isEqualTo(52);
        assertThat(f.model().rmse()).isLessThan(f.lastValue().rmse()).isLessThan(f.seasonalNaive().rmse());
        assertThat(f.useful()).isTrue();
    }

    @Test
    void anLstmRunStoppedAndResumedFromItsCheckpointGivesTheUninterruptedRun(@TempDir Path dir) {
        SeriesDataset d = sample("sunspots", 6);
        TrainingRequest r = request(d, 4, false);
        List<Double> straight = new ArrayList<>();
        TrainingOutcome whole = new Trainer().train(d, r, e -> losses(e, straight), new StopSignal(), null);

        StopSignal stop = new StopSignal();
        List<Double> first = new ArrayList<>();
        new Trainer().train(d, r, e -> {
            losses(e, first);
            if (e instanceof TrainingEvent.EpochDone done && done.epoch() == 2) {
                stop.request();
            }
        }, stop, dir);
        List<Double> second = new ArrayList<>();
        TrainingOutcome resumed = new Trainer().resume(d, dir, 4, e -> losses(e, second), new StopSignal());
        first.addAll(second);
        assertThat(first).isEqualTo(straight);
        assertThat(resumed.forecast().model().rmse()).isEqualTo(whole.forecast().model().rmse());

        // the checkpoint records the series settings: another window (or no time column) is refused naming it
        assertThatThrownBy(() -> new Trainer().resume(sample("sunspots", 8), dir, 6, e -> { }, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("setting 'window' = '8'").hasMessageContaining("window '6'");
        assertThatThrownBy(() -> new Trainer().resume(d.table(), dir, 6, e -> { }, new StopSignal()))
                .isInstanceOf(InputException.class).hasMessageContaining("time column").hasMessageContaining("ordered by 'YEAR'");
        assertThat(Trainer.checkpointSeriesSettings(dir)).isEqualTo(d.settings());
    }

    @Test
    void aSavedForecastingModelForecastsEveryStepAndTheOneAfterTheData(@TempDir Path dir) {
        SeriesDataset d = sample("sunspots", 6);
        TrainingOutcome o = new Trainer().train(d, request(d, 2, false), e -> { }, new StopSignal(), null);
        Path zip = dir.resolve("m.zip");
        ModelFiles.save(o.model(), zip);
        TrainedModel back = ModelFiles.load(zip);
        assertThat(back.card().series().timeColumn()).isEqualTo("YEAR");
        assertThat(back.card().series().window()).isEqualTo(6);
        assertThat(back.card().series().period()).isEqualTo(11);
        assertThat(back.card().preprocessing().features()).contains("training span");
        Forecaster.Forecast f = Forecaster.forecast(back, d.table().table(), true);
        Forecaster.Forecast before = Forecaster.forecast(o.model(), d.table().table(), true);
        assertThat(f.predicted()).containsExactly(before.predicted());
        assertThat(f.windows().size()).isEqualTo(309 - 6 + 1);
        var rows = f.rows();
        assertThat(rows.columns()).containsExactly("YEAR", "SUNACTIVITY");
        assertThat(rows.value(rows.rowCount() - 1, 0)).isEqualTo("2009");
        assertThat(rows.value(rows.rowCount() - 1, 1)).isEmpty();
        assertThat(rows.value(0, 0)).isEqualTo("1706");
        assertThat(back.evaluate(d.table().table()).rows()).isEqualTo(309 - 6);
    }

    @Test
    void aLongWindowTrainsTheLstmWithTruncatedBackpropagationAndForecastsFromItsLastStep(@TempDir Path dir) {
        // window 101 (just past the threshold), every 8th window, one epoch: the mechanics, not the accuracy
        SeriesDataset d = SeriesDataset.of(TableDataset.of(Samples.open(Samples.find("sunspots"))), "SUNACTIVITY",
                SeriesSettings.of("YEAR", NetworkFactory.TBPTT_FROM + 1, 1).withStride(8));
        TrainingRequest r = request(d, 1, false);
        InputShape shape = InputShape.sequence(1, NetworkFactory.TBPTT_FROM + 1);
        assertThat(NetworkFactory.truncatedBptt(r.training().spec(), shape)).isTrue();
        assertThat(NetworkFactory.truncatedBptt(ModelSpec.cnn1d(), shape)).isFalse();
        assertThat(NetworkFactory.truncatedBptt(r.training().spec(), InputShape.sequence(1, 12))).isFalse();
        TrainingOutcome o = new Trainer().train(d, r, e -> { }, new StopSignal(), null);
        var conf = o.model().network().getLayerWiseConfigurations();
        assertThat(conf.getBackpropType()).isEqualTo(org.deeplearning4j.nn.conf.BackpropType.TruncatedBPTT);
        assertThat(conf.getTbpttBackLength()).isEqualTo(NetworkFactory.TBPTT_LENGTH);
        assertThat(o.model().network().numParams())
                .isEqualTo(NetworkFactory.summary(r.training().spec(), shape, 1, TaskType.REGRESSION, 32, "adam").totalParameters());
        assertThat(o.forecast().model().rmse()).isFinite();
        assertThat(o.forecast().model().rows()).isEqualTo(o.testRows().size());
        Path zip = dir.resolve("long.zip");
        ModelFiles.save(o.model(), zip);
        assertThat(Forecaster.forecast(ModelFiles.load(zip), d.table().table(), true).predicted())
                .containsExactly(Forecaster.forecast(o.model(), d.table().table(), true).predicted());
    }

    private static void losses(TrainingEvent e, List<Double> out) {
        if (e instanceof TrainingEvent.EpochDone done) {
            out.add(done.trainingLoss());
        }
    }
}
