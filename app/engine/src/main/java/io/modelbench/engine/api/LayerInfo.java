package io.modelbench.engine.api;

/** One layer of a network as shown to the user. */
public record LayerInfo(int index, String type, int inputs, int outputs, String activation, long parameters) {
}
