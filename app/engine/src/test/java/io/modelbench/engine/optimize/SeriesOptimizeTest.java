package io.modelbench.engine.optimize;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.model.Forecaster;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * int8 and fp16 are weight-only, so they work on an LSTM forecaster: measured on the model's own time-ordered test
 * windows (RMSE and MAE of the forecasts), the zip loads and forecasts as before to within the rounding of its weights;
 * pruning and distillation, which fine-tune on table rows, are refused in one line.
 */
class SeriesOptimizeTest {

    @Test
    void anLstmForecasterIsQuantizedToInt8AndFp16AndForecastsAsBefore(@TempDir Path dir) {
        Table table = Samples.open(Samples.find("sunspots"));
        SeriesDataset d = SeriesDataset.of(TableDataset.of(table), "SUNACTIVITY", SeriesSettings.of("YEAR", 6, 1));
        TrainingSettings t = TrainingSettings.defaults().withEpochs(4).withModel(ModelSpec.lstm(1));
        var o = new Trainer().train(d, new TrainingRequest("SUNACTIVITY", null, List.of(), SplitSettings.defaults(42), t),
                TrainingListener.NONE, new StopSignal(), null);
        Path zip = dir.resolve("lstm.zip");
        ModelFiles.save(o.model(), zip);
        double[] before = Forecaster.forecast(o.model(), table, true).predicted();
        double trainedRmse = o.forecast().model().rmse();

        for (OptimizeSettings s : List.of(OptimizeSettings.int8(), OptimizeSettings.fp16())) {
            Path out = dir.resolve(s.method() + ".zip");
            // the CLI hands the table as it reads a CSV; the card's series settings cut it into windows
            ModelCard.Optimized r = ModelOptimizer.optimize(zip, TableDataset.of(table), s, out, TaskProgress.NONE);
            assertThat(r.before().test().get("rows")).isEqualTo(o.testRows().size());
            assertThat((Double) r.before().test().get("rmse")).as(s.method()).isCloseTo(trainedRmse, org.assertj.core.data.Percentage.withPercentage(0.1));
            assertThat(r.before().test()).doesNotContainKey("r2");
            assertThat((Double) r.after().test().get("rmse")).as(s.method())
                    .isCloseTo(trainedRmse, org.assertj.core.data.Percentage.withPercentage(5));
            TrainedModel back = ModelFiles.load(out);
            assertThat(back.card().optimized().method()).isEqualTo(s.method());
            double[] after = Forecaster.forecast(back, table, true).predicted();
            assertThat(after).hasSameSizeAs(before);
            for (int i = 0; i < after.length; i++) {
                assertThat(after[i]).as(s.method() + " window " + i).isCloseTo(before[i], org.assertj.core.data.Offset.offset(2.0));
            }
        }
        assertThatThrownBy(() -> ModelOptimizer.optimize(zip, TableDataset.of(table), OptimizeSettings.prune(0.5, 1), dir.resolve("p.zip"),
                TaskProgress.NONE)).isInstanceOf(InputException.class).hasMessageContaining("not pruned")
                .hasMessageContaining("int8 or fp16").hasMessageNotContaining("\n");
        assertThat(dir.resolve("p.zip")).doesNotExist();
    }
}
