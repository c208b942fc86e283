package io.modelbench.engine.api;

import java.util.List;

/** A network's layers and its total number of trainable parameters. */
public record ModelSummary(List<LayerInfo> layers, long totalParameters) {

    public ModelSummary {
        layers = List.copyOf(layers);
    }
}
