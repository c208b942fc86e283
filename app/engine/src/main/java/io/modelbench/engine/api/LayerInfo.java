package io.modelbench.engine.api;

/**
 * One layer of a network as shown to the user: its input and output sizes (numbers per example), output
 * shape ("20×8×8" for images: channels × height × width), activation and trainable parameters.
 */
public record LayerInfo(int index, String type, int inputs, int outputs, String activation, long parameters,
                        String outputShape) {

    public LayerInfo(int index, String type, int inputs, int outputs, String activation, long parameters) {
        this(index, type, inputs, outputs, activation, parameters, Integer.toString(outputs));
    }
}
