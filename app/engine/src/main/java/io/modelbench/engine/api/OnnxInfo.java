package io.modelbench.engine.api;

import java.nio.file.Path;
import java.util.List;

/**
 * An ONNX file written from a model: where, how big, which ONNX IR and operator-set versions it needs, and its graph's
 * inputs and outputs (what a program that runs it must feed and will get back).
 */
public record OnnxInfo(Path file, long bytes, long irVersion, int opset, List<Tensor> inputs, List<Tensor> outputs,
                       int nodes, long parameters) {

    /**
     * One graph input or output: its name, its shape ({@code "batch"} for the free batch dimension, numbers for the
     * others) and what it holds, in words.
     */
    public record Tensor(String name, List<Object> shape, String meaning) {
    }
}
