package io.modelbench.engine.api;

import java.util.Locale;

/**
 * How the weights are updated: the optimizer ({@code adam}, {@code sgd} with momentum, {@code nesterov},
 * {@code rmsprop}, {@code adagrad}), the learning-rate schedule over epochs ({@code fixed}; {@code step}: times
 * {@code decay} every {@code stepEpochs}; {@code exponential}: times {@code decay} each epoch; {@code cosine}:
 * down to zero at the last epoch), L2 weight decay, gradient clipping (largest L2 norm of a layer's
 * gradient; 0: none) and early stopping (stop when the validation loss has not improved for {@code patience}
 * epochs and keep the best epoch's weights; 0: off).
 */
public record Optimization(String optimizer, double momentum, String schedule, double decay, int stepEpochs,
                           double weightDecay, double clipNorm, int patience) {

    public static final String[] OPTIMIZERS = {"adam", "sgd", "nesterov", "rmsprop", "adagrad"};
    public static final String[] SCHEDULES = {"fixed", "step", "exponential", "cosine"};

    public Optimization {
        optimizer = optimizer.trim().toLowerCase(Locale.ROOT);
        schedule = schedule.trim().toLowerCase(Locale.ROOT);
        if (!java.util.List.of(OPTIMIZERS).contains(optimizer)) {
            throw InputException.setting("optimizer", optimizer, "use " + String.join(", ", OPTIMIZERS));
        }
        if (!java.util.List.of(SCHEDULES).contains(schedule)) {
            throw InputException.setting("learning-rate schedule", schedule, "use " + String.join(", ", SCHEDULES));
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw InputException.setting("momentum", momentum, "choose a value from 0 to below 1, such as 0.9");
        }
        if (!(decay > 0 && decay <= 1)) {
            throw InputException.setting("decay", decay, "choose a factor above 0 and at most 1, such as 0.5");
        }
        if (stepEpochs < 1) {
            throw InputException.setting("step epochs", stepEpochs, "choose a whole number of at least 1");
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw InputException.setting("weight decay", weightDecay, "choose a small value such as 0.0001, or 0");
        }
        if (!(clipNorm >= 0)) {
            throw InputException.setting("gradient clipping", clipNorm, "choose a positive norm such as 1.0, or 0 for none");
        }
        if (patience < 0) {
            throw InputException.setting("early stopping", patience, "choose a number of epochs, or 0 for off");
        }
    }

    public static Optimization defaults() {
        return new Optimization("adam", 0.9, "fixed", 0.5, 10, 0, 0, 0);
    }

    public Optimization withOptimizer(String o) {
        return new Optimization(o, momentum, schedule, decay, stepEpochs, weightDecay, clipNorm, patience);
    }

    public Optimization withSchedule(String s) {
        return new Optimization(optimizer, momentum, s, decay, stepEpochs, weightDecay, clipNorm, patience);
    }

    public Optimization withPatience(int p) {
        return new Optimization(optimizer, momentum, schedule, decay, stepEpochs, weightDecay, clipNorm, p);
    }
}
