package io.modelbench.engine.optimize;

import io.modelbench.engine.api.TaskProgress;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning: the weights ({@code W} of dense, convolution and output layers; biases and batch norm are left
 * alone) whose |value| is among the smallest {@code sparsity} are set to zero, then the network is fine-tuned on its
 * training split with the zeros put back after every update, so the result has exactly the sparsity asked for (ties at
 * the threshold aside). Global scope ranks all weights together (layers with many small weights, typically the large
 * dense ones, lose more; the small first convolution keeps most of its few weights); layer scope ranks each weight
 * matrix on its own, so every layer reaches the sparsity (as {@code tfmot}'s per-layer {@code prune_low_magnitude}).
 */
final class Pruning {

    private Pruning() {
    }

    /** 1 where a weight stays, 0 where it is pruned, per weight parameter; one threshold for all of them. */
    static Map<String, INDArray> masks(MultiLayerNetwork net, double sparsity) {
        return masks(net, sparsity, false);
    }

    /** As {@link #masks(MultiLayerNetwork, double)}; {@code perLayer}: a threshold of each weight matrix's own. */
    static Map<String, INDArray> masks(MultiLayerNetwork net, double sparsity, boolean perLayer) {
        List<float[]> all = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().endsWith("_W")) {
                all.add(Transforms.abs(e.getValue(), true).castTo(DataType.FLOAT).data().asFloat());
            }
        }
        float global = threshold(all, sparsity);
        Map<String, INDArray> masks = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().endsWith("_W")) {
                float t = perLayer ? threshold(List.of(all.get(i)), sparsity) : global;
                masks.put(e.getKey(), Transforms.abs(e.getValue(), true).gt(t).castTo(e.getValue().dataType()));
                i++;
            }
        }
        return masks;
    }

    /** The |value| at or below which {@code sparsity} of the values lie (-1: none pruned). */
    private static float threshold(List<float[]> values, double sparsity) {
        int total = values.stream().mapToInt(v -> v.length).sum();
        float[] flat = new float[total];
        int o = 0;
        for (float[] v : values) {
            System.arraycopy(v, 0, flat, o, v.length);
            o += v.length;
        }
        Arrays.sort(flat);
        int k = (int) Math.round(sparsity * total);
        return k == 0 ? -1 : flat[k - 1];
    }

    static void apply(MultiLayerNetwork net, Map<String, INDArray> masks) {
        Map<String, INDArray> params = net.paramTable(false);
        masks.forEach((key, mask) -> params.get(key).muli(mask));
    }

    /**
     * Prunes to {@code sparsity} (per layer or global), then fine-tunes for {@code epochs} at a tenth of the training
     * learning rate.
     */
    static void prune(MultiLayerNetwork net, OwnData data, DataNormalization normalizer, double sparsity, boolean perLayer,
                      int epochs, int batch, double learningRate, long seed, TaskProgress progress) {
        Map<String, INDArray> masks = masks(net, sparsity, perLayer);
        apply(net, masks);
        if (epochs > 0) {
            net.setLearningRate(learningRate / 10);
            int outputs = (int) net.getOutputLayer().getParam("W").size(1);
            FineTuning.fit(net, data, data.labels(data.split().train(), outputs), normalizer, epochs, batch, seed, progress,
                    0.1, 0.85, n -> apply(n, masks));
        }
    }

    /** The share of each weight matrix that is exactly zero, by parameter name (such as {@code 0_W}). */
    static Map<String, Double> sparsityByLayer(MultiLayerNetwork net) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().endsWith("_W")) {
                INDArray w = e.getValue();
                long nonzero = w.neq(0).castTo(DataType.INT64).sumNumber().longValue();
                out.put(e.getKey(), (double) (w.length() - nonzero) / w.length());
            }
        }
        return out;
    }
}
