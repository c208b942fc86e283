package io.modelbench.engine.api;

import java.util.List;
import java.util.Locale;

/**
 * A network's hidden layers, in order (the output layer follows from the task: softmax + cross-entropy for
 * classification, identity + mean squared error for regression). Saved as JSON ({@code --model SPEC.json}):
 * {@code {"name": "...", "layers": [{"type": "conv", "units": 20, "kernel": 5}, ...]}}.
 */
public record ModelSpec(String name, List<LayerSpec> layers) {

    public ModelSpec {
        name = name == null || name.isBlank() ? "custom" : name.trim();
        layers = layers == null ? List.of() : List.copyOf(layers);
        if (layers.size() > 64) {
            throw InputException.setting("layers", layers.size(), "use at most 64 layers");
        }
    }

    /** The multilayer perceptron for tables: dense ReLU layers of the given sizes. */
    public static ModelSpec mlp(List<Integer> hidden) {
        return new ModelSpec("mlp", hidden.stream().map(LayerSpec::dense).toList());
    }

    /**
     * The small LeNet-style CNN for images: two 5×5 convolutions (20 and 50 filters, same padding) each followed
     * by 2×2 max pooling, then a dense layer of 128 (half dropped out while training). Same padding lets it take
     * images as small as 8×8.
     */
    public static ModelSpec cnn() {
        return new ModelSpec("cnn", List.of(
                LayerSpec.conv(20, 5), LayerSpec.maxPool(2),
                LayerSpec.conv(50, 5), LayerSpec.maxPool(2),
                LayerSpec.dense(128), LayerSpec.dropoutLayer(0.5)));
    }

    /**
     * The default for a time series: one LSTM layer of 32 cells whose last time step feeds the output (two layers
     * with {@code layers = 2}).
     */
    public static ModelSpec lstm(int layers) {
        List<LayerSpec> l = new java.util.ArrayList<>();
        for (int i = 0; i < Math.max(1, layers); i++) {
            l.add(LayerSpec.lstm(32));
        }
        l.add(LayerSpec.lastTimeStep());
        return new ModelSpec("lstm", l);
    }

    /**
     * A 1-D CNN for time series: two convolutions of 32 filters over 3 steps with 2-step max pooling between them, the
     * last time step of the result, then a dense layer of 32.
     */
    public static ModelSpec cnn1d() {
        return new ModelSpec("cnn1d", List.of(LayerSpec.conv1d(32, 3), LayerSpec.maxPool1d(2), LayerSpec.conv1d(32, 3),
                LayerSpec.lastTimeStep(), LayerSpec.dense(32)));
    }

    /** The template for a kind of data: the CNN for images, an MLP with the given sizes for tables. */
    public static ModelSpec template(String id, List<Integer> mlpHidden) {
        return switch (id.toLowerCase(Locale.ROOT)) {
            case "cnn", "lenet" -> cnn();
            case "mlp" -> mlp(mlpHidden);
            case "lstm" -> lstm(1);
            case "lstm2" -> lstm(2);
            case "cnn1d" -> cnn1d();
            default -> throw InputException.setting("model", id, "use mlp, cnn, lstm, cnn1d or a model spec .json file");
        };
    }

    public boolean hasSequenceLayers() {
        return layers.stream().anyMatch(LayerSpec::sequential);
    }

    public boolean hasSpatialLayers() {
        return layers.stream().anyMatch(LayerSpec::spatial);
    }

    /** The dense layers' sizes when every layer is a plain dense ReLU layer (an MLP), else null. */
    public List<Integer> plainMlpSizes() {
        boolean plain = layers.stream().allMatch(l -> l.type().equals("dense") && l.activation().equals("relu")
                && l.dropout() == 0 && l.l2() == 0 && l.weightInit().equals("relu"));
        return plain && !layers.isEmpty() ? layers.stream().map(LayerSpec::units).toList() : null;
    }
}
