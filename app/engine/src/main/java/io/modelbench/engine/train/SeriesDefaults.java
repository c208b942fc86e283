package io.modelbench.engine.train;

import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TrainingSettings;

import java.util.Set;

/**
 * The training settings a time series gets when the user leaves them alone: the LSTM template, batches of 32 windows,
 * Adam at 0.003, no weight decay, about {@link Defaults#TARGET_STEPS} updates ({@link Defaults#epochs}) and early
 * stopping on the validation span. Measured on the bundled samples (seed 42, window 12, horizon 1): sunspots test RMSE
 * 18.8 after 40 epochs against 33.2 for the last value and 37.4 for the seasonal naive (period 11); with the tables'
 * weight decay of 0.03 it was 22.0 after 15 epochs, so series train without it. A user's choice ({@code chosen}) is kept.
 */
public final class SeriesDefaults {

    public static final int BATCH_SIZE = 32;
    public static final double LEARNING_RATE = 0.003;

    private SeriesDefaults() {
    }

    /** {@code given} with every setting not in {@code chosen} set for {@code windows} windows split as {@code split}. */
    public static TrainingSettings adapt(TrainingSettings given, int windows, SplitSettings split, Set<Defaults.Setting> chosen,
                                         boolean modelChosen) {
        int trainWindows = (int) Math.round(windows * (1 - split.testFraction() - split.validationFraction()));
        int batch = chosen.contains(Defaults.Setting.BATCH_SIZE) ? given.batchSize() : BATCH_SIZE;
        int epochs = chosen.contains(Defaults.Setting.EPOCHS) ? given.epochs() : Defaults.epochs(Math.max(1, trainWindows), batch);
        double lr = chosen.contains(Defaults.Setting.LEARNING_RATE) ? given.learningRate() : LEARNING_RATE;
        Optimization o = given.optimization();
        double wd = chosen.contains(Defaults.Setting.WEIGHT_DECAY) ? o.weightDecay() : 0;
        int patience = chosen.contains(Defaults.Setting.PATIENCE) ? o.patience()
                : split.validationFraction() > 0 ? Defaults.patience(epochs) : 0;
        ModelSpec model = modelChosen ? given.spec() : ModelSpec.lstm(1);
        return new TrainingSettings(epochs, batch, lr, given.hiddenLayers(), given.seed(),
                new Optimization(o.optimizer(), o.momentum(), o.schedule(), o.decay(), o.stepEpochs(), wd, o.clipNorm(), patience), model);
    }
}
