package io.modelbench.engine.api;

import java.util.List;

/**
 * A network's layers, its total number of trainable parameters, and an estimate of the memory training
 * takes at a batch size (weights, gradients, optimizer state and the batch's activations, float32).
 */
public record ModelSummary(List<LayerInfo> layers, long totalParameters, long trainingMemoryBytes) {

    public ModelSummary {
        layers = List.copyOf(layers);
    }

    public ModelSummary(List<LayerInfo> layers, long totalParameters) {
        this(layers, totalParameters, 0);
    }
}
