package io.modelbench.engine.onnx;

import io.modelbench.engine.Versions;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.OnnxInfo;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.io.AtomicFiles;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.model.TrainedModel;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a ModelBench model as an ONNX file (IR 7, operator set 13, standard operators only: read by ONNX Runtime 1.20 in
 * the tests, and by Python's {@code onnx.checker} with shape inference) with the ONNX protobuf classes nd4j-api already
 * ships, so no runtime dependency is added.
 *
 * <p>The graph computes what {@link TrainedModel#predict} computes, from the same raw input: the fitted scaling first
 * ({@link OnnxScaling}), then each layer ({@link OnnxLayers}), then for regression the target's scaling reverted.
 * The input is named after what it holds:
 * <ul>
 *   <li>{@value #TABLE_INPUT} {@code [batch, n]} for a table model: the encoded row (numbers as they are, yes/no as 1/0,
 *       one-hot categories, missing values filled) in the model card's {@code model_inputs} order, before scaling;</li>
 *   <li>{@value #IMAGE_INPUT} {@code [batch, channels, height, width]} for an image model: pixels 0–255 of the image resized
 *       as the card says, channel-first (ModelBench's flat row {@code c·H·W + y·W + x} is exactly this array in C order).</li>
 * </ul>
 * The output is {@value #PROBABILITIES} {@code [batch, classes]} (in the card's {@code label_names} order) or
 * {@value #PREDICTION} {@code [batch, 1]} in the target's units. The model card travels as {@code metadata_props}.
 */
public final class OnnxExport {

    public static final long IR_VERSION = 7;
    public static final int OPSET = 13;
    public static final String TABLE_INPUT = "encoded_inputs";
    public static final String IMAGE_INPUT = "pixels";
    public static final String PROBABILITIES = "probabilities";
    public static final String PREDICTION = "prediction";
    /** The metadata key of the model card (JSON), and of the input names and labels (JSON arrays). */
    public static final String CARD_KEY = "modelbench.model_card";
    public static final String INPUT_NAMES_KEY = "modelbench.input_names";
    public static final String LABELS_KEY = "modelbench.label_names";

    /** A built graph with what the file says about itself. */
    public record Built(Onnx.ModelProto model, OnnxInfo.Tensor input, OnnxInfo.Tensor output, long parameters) {
    }

    private OnnxExport() {
    }

    /**
     * Builds the ONNX model, checks it ({@link OnnxCheck}) and writes it atomically (a temporary file in the target
     * folder, then a rename). An {@link InputException} naming the layer when the network has one ONNX export cannot
     * express; nothing is written then.
     */
    public static OnnxInfo write(TrainedModel model, Path target) {
        Built b = build(model);
        OnnxCheck.check(b.model());
        byte[] bytes = b.model().toByteArray();
        AtomicFiles.write(target, bytes);
        return new OnnxInfo(target.toAbsolutePath().normalize(), bytes.length, IR_VERSION, OPSET, List.of(b.input()),
                List.of(b.output()), b.model().getGraph().getNodeCount(), b.parameters());
    }

    /** The ONNX model of a trained model (in memory; see {@link #write}). */
    public static Built build(TrainedModel model) {
        MultiLayerNetwork net = model.network();
        ModelCard card = model.card();
        if (card.series() != null) {
            // windows of past steps, LSTM/Conv1D layers and the target relative to the window's last value: not expressed
            throw InputException.general("a forecasting (time-series) model cannot be exported to ONNX yet",
                    "export the model zip; ONNX export covers table and image models");
        }
        if (card.sequence() != null) {
            // [channels, steps] sequences through LSTM/Conv1D layers: not expressed (the walk below failed on the scaling
            // with an IllegalStateException, which the app showed as an unexpected failure)
            throw InputException.general("a sequence classifier (LSTM or 1-D layers) cannot be exported to ONNX yet",
                    "export the model zip; ONNX export covers table and image models");
        }
        OnnxGraph g = new OnnxGraph("modelbench");
        boolean images = model.readsImages();
        long[] dims;
        OnnxInfo.Tensor input;
        if (images) {
            ModelCard.ImageInput im = card.image();
            dims = new long[] {im.channels(), im.height(), im.width()};
            input = new OnnxInfo.Tensor(IMAGE_INPUT, OnnxGraph.batchOf(dims), "pixels 0-255, " + im.color() + " ("
                    + (im.channels() == 1 ? "1 channel" : "channels red, green, blue") + "), each image resized to "
                    + im.width() + "x" + im.height() + ", channel-first (NCHW); the graph scales them to " + im.pixelRange());
        } else {
            dims = new long[] {model.inputShape().width()};
            input = new OnnxInfo.Tensor(TABLE_INPUT, OnnxGraph.batchOf(dims), "the model's " + dims[0]
                    + " encoded inputs in the card's model_inputs order (numbers as they are, yes/no as 1/0, one 1 among a "
                    + "category column's column=value inputs, missing values filled as the card's encoding says), before "
                    + "scaling: the graph scales them");
        }
        g.input(input.name(), input.shape(), input.meaning());
        String x = OnnxScaling.input(g, model.normalizer(), input.name(), dims);

        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        OnnxLayers.Tensor t = new OnnxLayers.Tensor(x, dims);
        int n = net.getnLayers();
        for (int i = 0; i < n; i++) {
            Layer lc = conf.getConf(i).getLayer();
            String where = "layer " + (i + 1) + " of " + n + " (" + lc.getClass().getSimpleName() + ")";
            t = preprocess(g, conf.getInputPreProcess(i), t, where);
            t = layer(g, lc, net.getLayer(i), t, where, i == n - 1);
        }
        boolean cls = card.schema().task() == TaskType.CLASSIFICATION;
        String out = cls ? t.name() : OnnxScaling.revertTarget(g, model.normalizer(), t.name(), t.dims()[0]);
        String outName = cls ? PROBABILITIES : PREDICTION;
        g.renameLastOutput(out, outName);
        OnnxInfo.Tensor output = new OnnxInfo.Tensor(outName, OnnxGraph.batchOf(t.dims()), cls
                ? "the probability of each class, in the card's label_names order: " + String.join(", ", card.labelNames())
                : "the predicted " + card.targetColumn() + ", in its own units");
        g.output(output.name(), output.shape(), output.meaning());
        g.doc("ModelBench model predicting " + card.targetColumn() + " from " + input.name() + "; see the metadata "
                + CARD_KEY + " for the model card");

        Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("ModelBench")
                .setProducerVersion(Versions.modelBench())
                .setDomain("io.modelbench")
                .setModelVersion(1)
                .setDocString("Input " + input.name() + ": " + input.meaning() + ". Output " + output.name() + ": "
                        + output.meaning() + ".")
                .setGraph(g.build());
        metadata(card).forEach((k, v) -> m.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return new Built(m.build(), input, output, net.numParams());
    }

    private static Map<String, String> metadata(ModelCard card) {
        Map<String, String> md = new LinkedHashMap<>();
        try {
            md.put(CARD_KEY, Json.mapper().writeValueAsString(card));
            md.put(INPUT_NAMES_KEY, Json.mapper().writeValueAsString(card.modelInputs() == null ? List.of() : card.modelInputs()));
            md.put(LABELS_KEY, Json.mapper().writeValueAsString(card.labelNames() == null ? List.of() : card.labelNames()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the model card could not be written as JSON: " + e.getOriginalMessage(), e);
        }
        md.put("modelbench.task", card.task());
        md.put("modelbench.target", String.valueOf(card.targetColumn()));
        md.put("modelbench.normalization", card.preprocessing() == null ? "none" : String.valueOf(card.preprocessing().normalization()));
        return md;
    }

    /** DL4J's reshapes between images and vectors (the flat image input itself is already NCHW here). */
    private static OnnxLayers.Tensor preprocess(OnnxGraph g, InputPreProcessor pre, OnnxLayers.Tensor t, String where) {
        if (pre == null) {
            return t;
        }
        if (pre instanceof FeedForwardToCnnPreProcessor p) {
            long[] want = {p.getNumChannels(), p.getInputHeight(), p.getInputWidth()};
            if (!Arrays.equals(t.dims(), want)) {
                throw refuse(where, "it reshapes a vector of " + Arrays.toString(t.dims()) + " into an image " + Arrays.toString(want));
            }
            return t;
        }
        if (pre instanceof CnnToFeedForwardPreProcessor p) {
            if (p.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
                throw refuse(where, "its input is flattened channel-last (" + p.getFormat() + ")");
            }
            return OnnxLayers.flatten(g, t);
        }
        throw refuse(where, "its input preprocessor " + pre.getClass().getSimpleName() + " has no ONNX counterpart here");
    }

    private static OnnxLayers.Tensor layer(OnnxGraph g, Layer lc, org.deeplearning4j.nn.api.Layer layer, OnnxLayers.Tensor t,
                                           String where, boolean last) {
        Class<?> type = lc.getClass();
        if (last != (lc instanceof BaseOutputLayer)) {
            throw refuse(where, last ? "the network does not end with an output layer" : "an output layer before the last layer");
        }
        if (type == DenseLayer.class) {
            DenseLayer d = (DenseLayer) lc;
            if (d.hasLayerNorm()) {
                throw refuse(where, "it uses layer normalization");
            }
            return OnnxLayers.dense(g, OnnxLayers.flatten(g, t), layer, d.hasBias(), d.getActivationFn(), where);
        }
        if (type == OutputLayer.class) {
            OutputLayer o = (OutputLayer) lc;
            return OnnxLayers.dense(g, OnnxLayers.flatten(g, t), layer, o.hasBias(), o.getActivationFn(), where);
        }
        if (type == ConvolutionLayer.class) {
            return OnnxLayers.conv(g, t, (ConvolutionLayer) lc, layer, where);
        }
        if (type == SubsamplingLayer.class) {
            return OnnxLayers.pool(g, t, (SubsamplingLayer) lc, layer.getIndex(), where);
        }
        if (type == BatchNormalization.class) {
            return OnnxLayers.batchNorm(g, t, (BatchNormalization) lc, layer, where);
        }
        if (type == DropoutLayer.class) {
            return t; // dropout is training-only: DL4J's inverted dropout leaves inference untouched
        }
        throw refuse(where, "ONNX export covers dense, convolution, max/average pooling, batch normalization and dropout layers");
    }

    /** The one-line refusal: which layer, and why. */
    static InputException refuse(String where, String why) {
        return InputException.general(where + " cannot be exported to ONNX: " + why,
                "keep the DL4J zip for this model, or retrain it with dense, convolution, pooling, batch normalization and dropout layers");
    }
}
