package io.modelbench.engine.sweep;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.TrainingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trial's settings: the sweep's base settings (what {@code train} would use on the data) with the trial's values put
 * in. {@code hidden} replaces the sizes of an MLP's dense layers, or of a CNN's dense layers in order; {@code filters}
 * the filters of a CNN's convolutions in order; {@code dropout} sets every dense layer's dropout in an MLP, every
 * dropout layer's rate in a CNN (its dense layers' when it has none).
 */
public final class TrialSettings {

    private TrialSettings() {
    }

    /** {@code base} with the trial's {@code params}; an {@link InputException} naming the setting when one does not fit the model. */
    @SuppressWarnings("unchecked")
    public static TrainingSettings apply(TrainingSettings base, Map<String, Object> params) {
        TrainingSettings s = base;
        Optimization o = s.optimization();
        int batch = s.batchSize();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "learning_rate" -> s = s.withLearningRate(num(v));
                case "epochs" -> s = s.withEpochs((int) num(v));
                case "batch_size" -> batch = (int) num(v);
                case "optimizer" -> o = o.withOptimizer((String) v);
                case "lr_schedule" -> o = o.withSchedule((String) v);
                case "momentum" -> o = new Optimization(o.optimizer(), num(v), o.schedule(), o.decay(), o.stepEpochs(), o.weightDecay(),
                        o.clipNorm(), o.patience());
                case "weight_decay" -> o = new Optimization(o.optimizer(), o.momentum(), o.schedule(), o.decay(), o.stepEpochs(), num(v),
                        o.clipNorm(), o.patience());
                case "patience" -> o = o.withPatience((int) num(v));
                case "hidden", "filters", "dropout" -> { } // the model, below
                default -> throw InputException.setting("search space", e.getKey(), "use the settings of SearchSpace.SETTINGS");
            }
        }
        s = new TrainingSettings(s.epochs(), batch, s.learningRate(), s.hiddenLayers(), s.seed(), o, s.model());
        List<Integer> hidden = (List<Integer>) params.get("hidden");
        List<Integer> filters = (List<Integer>) params.get("filters");
        Object dropout = params.get("dropout");
        if (hidden == null && filters == null && dropout == null) {
            return s;
        }
        boolean mlp = s.model() == null || s.spec().plainMlpSizes() != null;
        if (mlp) {
            if (filters != null) {
                throw InputException.setting("search space: filters", filters, "filters are for a CNN on images; for a table vary hidden");
            }
            List<Integer> sizes = hidden != null ? hidden : s.model() == null ? s.hiddenLayers() : s.spec().plainMlpSizes();
            double d = dropout == null ? 0 : num(dropout);
            List<LayerSpec> layers = sizes.stream().map(u -> LayerSpec.dense(u).withDropout(d)).toList();
            return s.withHiddenLayers(sizes).withModel(d == 0 ? null : new ModelSpec("mlp", layers));
        }
        return s.withModel(model(s.spec(), hidden, filters, dropout == null ? null : num(dropout)));
    }

    private static ModelSpec model(ModelSpec spec, List<Integer> hidden, List<Integer> filters, Double dropout) {
        List<LayerSpec> layers = new ArrayList<>(spec.layers());
        boolean recurrent = layers.stream().noneMatch(l -> l.type().equals("dense")) && layers.stream().anyMatch(l -> l.type().equals("lstm"));
        replace(layers, recurrent ? "lstm" : "dense", hidden, "hidden");   // an LSTM without dense layers: its units
        replace(layers, "conv", filters, "filters");
        if (dropout != null) {
            boolean hasDropoutLayer = layers.stream().anyMatch(l -> l.type().equals("dropout"));
            layers.replaceAll(l -> l.type().equals(hasDropoutLayer ? "dropout" : "dense") ? l.withDropout(dropout) : l);
        }
        return new ModelSpec(spec.name(), layers);
    }

    private static void replace(List<LayerSpec> layers, String type, List<Integer> sizes, String setting) {
        if (sizes == null) {
            return;
        }
        long count = layers.stream().filter(l -> l.type().equals(type)).count();
        if (count != sizes.size()) {
            throw InputException.setting("search space: " + setting, sizes, "the model has " + count + " " + type
                    + " layer(s): give " + count + " size(s) per value");
        }
        int i = 0;
        for (int k = 0; k < layers.size(); k++) {
            if (layers.get(k).type().equals(type)) {
                layers.set(k, layers.get(k).withUnits(sizes.get(i++)));
            }
        }
    }

    private static double num(Object v) {
        return ((Number) v).doubleValue();
    }
}
