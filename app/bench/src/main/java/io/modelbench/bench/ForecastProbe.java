package io.modelbench.bench;

import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.WindowForecasts;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.train.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one forecast costs the model server, Try it and {@code predict}: the app's LSTM forecaster (the co2 sample, window
 * 12, one LSTM of 32, 2 epochs) on one window through {@code TrainedModel.predict} ({@code LstmForward}, plain Java) and
 * through DL4J's {@code net.output} on the same normalized window, alternated {@code CALLS} times per round; medians of
 * the rounds' per-call milliseconds, and the two answers.
 * {@code java -cp modelbench-bench.jar io.modelbench.bench.ForecastProbe [ROUNDS [CALLS]]}.
 */
final class ForecastProbe {

    private ForecastProbe() {
    }

    public static void main(String[] args) {
        NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        SeriesDataset d = SeriesDataset.of(TableDataset.of(Samples.open(Samples.find("co2_weekly"))), "co2",
                SeriesSettings.of("date", 12, 1));
        TrainedModel m = new Trainer().train(d, new TrainingRequest("co2", null, List.of(), SplitSettings.defaults(1),
                TrainingSettings.defaults().withEpochs(2).withModel(io.modelbench.engine.api.ModelSpec.lstm(1))),
                TrainingListener.NONE, new StopSignal(), null).model();
        double[][] window = new double[12][1];
        for (int k = 0; k < 12; k++) {
            window[k][0] = 340 + 0.2 * k;
        }
        float[][] x = WindowForecasts.encode(m, List.<double[][]>of(window)).x();
        INDArray in = Nd4j.create(x).reshape('c', 1, 1, 12);
        m.normalizer().transform(in);
        double[] fast = new double[rounds];
        double[] dl4j = new double[rounds];
        double a = 0;
        double b = 0;
        for (int r = -2; r < rounds; r++) {   // two warm-up rounds
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                a = m.predict(x).values()[0];
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                INDArray out = m.network().output(in, false);
                b = out.getDouble(0);
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                fast[r] = (t1 - t0) / 1e6 / calls;
                dl4j[r] = (t2 - t1) / 1e6 / calls;
            }
        }
        Arrays.sort(fast);
        Arrays.sort(dl4j);
        INDArray change = Nd4j.create(new double[][] {{b}}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        m.normalizer().revertLabels(change);
        System.out.printf(Locale.ROOT, "one window, ms per call: TrainedModel.predict (LstmForward) median %.3f [%.3f–%.3f]; "
                        + "net.output alone median %.3f [%.3f–%.3f]; the predicted change %.6f and %.6f%n", fast[rounds / 2], fast[0],
                fast[rounds - 1], dl4j[rounds / 2], dl4j[0], dl4j[rounds - 1], a, change.getDouble(0));
    }
}
