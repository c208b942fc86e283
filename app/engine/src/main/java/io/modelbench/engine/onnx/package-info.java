/**
 * ONNX export: a trained model as an ONNX graph (input scaling, layers, target scaling reverted; the model card as
 * metadata), built with the ONNX protobuf classes inside nd4j-api ({@code onnx.Onnx}), checked ({@code OnnxCheck}) and
 * written atomically. May import: DL4J/ND4J, the engine's {@code api}, {@code io} and {@code model}; never JavaFX.
 * Front ends reach it through {@code engine.app.Exports.saveOnnx}.
 */
package io.modelbench.engine.onnx;
