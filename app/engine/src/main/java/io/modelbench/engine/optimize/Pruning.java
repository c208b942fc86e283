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
 * Global magnitude pruning: the weights ({@code W} of dense, convolution and output layers; biases and batch norm are
 * left alone) whose |value| is among the smallest {@code sparsity} of all of them are set to zero, then the network
 * is fine-tuned on its training split with the zeros put back after every update, so the result has exactly the
 * sparsity asked for (ties at the threshold aside).
 */
final class Pruning {

    private Pruning() {
    }

    /** 1 where a weight stays, 0 where it is pruned, per weight parameter. */
    static Map<String, INDArray> masks(MultiLayerNetwork net, double sparsity) {
        List<float[]> all = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().endsWith("_W")) {
                float[] v = Transforms.abs(e.getValue(), true).castTo(DataType.FLOAT).data().asFloat();
                all.add(v);
                total += v.length;
            }
        }
        float[] flat = new float[total];
        int o = 0;
        for (float[] v : all) {
            System.arraycopy(v, 0, flat, o, v.length);
            o += v.length;
        }
        Arrays.sort(flat);
        int k = (int) Math.round(sparsity * total);
        float threshold = k == 0 ? -1 : flat[k - 1];
        Map<String, INDArray> masks = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().endsWith("_W")) {
                masks.put(e.getKey(), Transforms.abs(e.getValue(), true).gt(threshold).castTo(e.getValue().dataType()));
            }
        }
        return masks;
    }

    static void apply(MultiLayerNetwork net, Map<String, INDArray> masks) {
        Map<String, INDArray> params = net.paramTable(false);
        masks.forEach((key, mask) -> params.get(key).muli(mask));
    }

    /** Prunes to {@code sparsity}, then fine-tunes for {@code epochs} at a tenth of the training learning rate. */
    static void prune(MultiLayerNetwork net, OwnData data, DataNormalization normalizer, double sparsity, int epochs,
                      int batch, double learningRate, long seed, TaskProgress progress) {
        Map<String, INDArray> masks = masks(net, sparsity);
        apply(net, masks);
        if (epochs > 0) {
            net.setLearningRate(learningRate / 10);
            int outputs = (int) net.getOutputLayer().getParam("W").size(1);
            FineTuning.fit(net, data, data.labels(data.split().train(), outputs), normalizer, epochs, batch, seed, progress,
                    0.1, 0.85, n -> apply(n, masks));
        }
    }
}
