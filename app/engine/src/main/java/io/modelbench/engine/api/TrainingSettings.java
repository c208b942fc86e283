package io.modelbench.engine.api;

import java.util.List;

/**
 * How a network is built and trained (and how its weights are updated). {@code model} is the network's layers;
 * null means the multilayer perceptron of {@code hiddenLayers} (see {@link #spec()}). Validated on construction.
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, List<Integer> hiddenLayers, long seed,
                               Optimization optimization, ModelSpec model) {

    public static final int DEFAULT_EPOCHS = 50;
    public static final int DEFAULT_BATCH_SIZE = 16;
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final List<Integer> DEFAULT_HIDDEN = List.of(32, 16);
    public static final long DEFAULT_SEED = 42;

    public TrainingSettings {
        if (epochs < 1 || epochs > 100_000) {
            throw InputException.setting("epochs", epochs, "choose a whole number from 1 to 100000");
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw InputException.setting("batch size", batchSize, "choose a whole number from 1 to 65536");
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw InputException.setting("learning rate", learningRate, "choose a positive number such as 0.01");
        }
        hiddenLayers = List.copyOf(hiddenLayers);
        optimization = optimization == null ? Optimization.defaults() : optimization;
        if (hiddenLayers.isEmpty() || hiddenLayers.size() > 16) {
            throw InputException.setting("hidden layers", hiddenLayers, "give 1 to 16 layer sizes, such as 64,32");
        }
        for (int units : hiddenLayers) {
            if (units < 1 || units > 16_384) {
                throw InputException.setting("hidden layers", hiddenLayers, "each layer needs 1 to 16384 units");
            }
        }
    }

    public TrainingSettings(int epochs, int batchSize, double learningRate, List<Integer> hiddenLayers, long seed,
                            Optimization optimization) {
        this(epochs, batchSize, learningRate, hiddenLayers, seed, optimization, null);
    }

    /** The network's hidden layers: {@code model}, or the MLP of {@code hiddenLayers}. */
    public ModelSpec spec() {
        return model != null ? model : ModelSpec.mlp(hiddenLayers);
    }

    public TrainingSettings withModel(ModelSpec m) {
        return new TrainingSettings(epochs, batchSize, learningRate, hiddenLayers, seed, optimization, m);
    }

    /** With Adam, a fixed learning rate, no weight decay, clipping or early stopping. */
    public TrainingSettings(int epochs, int batchSize, double learningRate, List<Integer> hiddenLayers, long seed) {
        this(epochs, batchSize, learningRate, hiddenLayers, seed, Optimization.defaults());
    }

    public static TrainingSettings defaults() {
        return new TrainingSettings(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_HIDDEN, DEFAULT_SEED);
    }

    public TrainingSettings withEpochs(int e) {
        return new TrainingSettings(e, batchSize, learningRate, hiddenLayers, seed, optimization, model);
    }

    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(epochs, batchSize, learningRate, hiddenLayers, s, optimization, model);
    }

    public TrainingSettings withHiddenLayers(List<Integer> h) {
        return new TrainingSettings(epochs, batchSize, learningRate, h, seed, optimization, null);
    }

    public TrainingSettings withLearningRate(double lr) {
        return new TrainingSettings(epochs, batchSize, lr, hiddenLayers, seed, optimization, model);
    }

    public TrainingSettings withOptimization(Optimization o) {
        return new TrainingSettings(epochs, batchSize, learningRate, hiddenLayers, seed, o, model);
    }

    /** Parses "64,32" (spaces allowed) into layer sizes; a clear message when it does not parse. */
    public static List<Integer> parseHiddenLayers(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw InputException.setting("hidden layers", text, "give layer sizes separated by commas, such as 64,32");
        }
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (String part : t.split("[,;\\s]+")) {
            try {
                out.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw InputException.setting("hidden layers", text, "give whole numbers separated by commas, such as 64,32");
            }
        }
        return out;
    }
}
