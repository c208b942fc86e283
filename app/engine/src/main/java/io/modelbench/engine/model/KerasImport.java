package io.modelbench.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Imports a Keras .h5 model's architecture as a {@link ModelSpec}, as a starting point to edit and train: DL4J's
 * model import ({@link Hdf5Archive}) reads the file's {@code model_config}; each Keras layer ModelBench has
 * (Dense, Conv2D, MaxPooling2D, AveragePooling2D, BatchNormalization, Dropout, Activation) becomes a layer with
 * the same settings, Flatten and InputLayer are implicit here, and everything else is listed as not imported
 * with the reason. The last Dense layer is the model's output layer: ModelBench sizes it from the data. The
 * weights are not imported: the network trains from its seed.
 */
public final class KerasImport {

    /** What was imported: the layers, the input the model expected, and what was left out or changed. */
    public record Result(ModelSpec spec, InputShape input, int outputs, List<String> notImported, List<String> notes) {
    }

    private KerasImport() {
    }

    public static Result read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw InputException.file(file, "does not exist", "choose a Keras model saved with model.save(\"name.h5\")");
        }
        String json;
        try (Hdf5Archive archive = open(file)) {
            if (!archive.hasAttribute("model_config")) {
                throw InputException.file(file, "holds no model architecture (it was saved with save_weights)",
                        "save the whole model in Keras with model.save(\"name.h5\")");
            }
            json = archive.readAttributeAsJson("model_config");
        } catch (InputException e) {
            throw e;
        } catch (Exception | UnsatisfiedLinkError e) {
            throw InputException.file(file, "cannot be read as a Keras model (" + e.getMessage() + ")",
                    "choose a Keras 2 model saved with model.save(\"name.h5\")", e);
        }
        try {
            return fromConfig(new ObjectMapper().readTree(json), file.getFileName().toString());
        } catch (java.io.IOException e) {
            throw InputException.file(file, "has a model_config that is not JSON", "save the model again with Keras 2");
        }
    }

    /** HDF5's format signature: at offset 0, or 512, 1024, 2048... after a user block. */
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /**
     * Opens the file with HDF5 after checking its signature, with HDF5's own error printing off: a text or empty file
     * given as .h5 printed 25 lines of "HDF5-DIAG" to stderr before ModelBench's one line (issue 18). The signature check
     * answers most such files without HDF5; {@code H5Eset_auto2(H5E_DEFAULT, null, null)} silences it for the rest
     * (a truncated or damaged HDF5 file), whose errors still reach us as exceptions.
     */
    private static Hdf5Archive open(Path file) {
        if (!hasHdf5Signature(file)) {
            throw InputException.file(file, "is not an HDF5 file (a Keras .h5 model starts with the HDF5 signature)",
                    "choose a Keras model saved with model.save(\"name.h5\")");
        }
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.global.hdf5.class);
            org.bytedeco.hdf5.global.hdf5.H5Eset_auto2(org.bytedeco.hdf5.global.hdf5.H5E_DEFAULT(), null, null);
            return new Hdf5Archive(file.toString());
        } catch (RuntimeException e) {
            throw InputException.file(file, "is not an HDF5 file", "choose a Keras model saved with model.save(\"name.h5\")", e);
        }
    }

    static boolean hasHdf5Signature(Path file) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            for (long at = 0; at + HDF5_SIGNATURE.length <= size && at <= (1L << 20); at = at == 0 ? 512 : at * 2) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(HDF5_SIGNATURE.length);
                ch.read(b, at);
                if (java.util.Arrays.equals(b.array(), HDF5_SIGNATURE)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            throw InputException.file(file, "cannot be read: " + e.getMessage(), "check the file and its permissions");
        }
    }

    /** Maps a Keras {@code model_config} (Sequential, or a functional model that is a single chain). */
    static Result fromConfig(JsonNode config, String name) {
        String cls = config.path("class_name").asText();
        JsonNode layersNode = config.path("config").isArray() ? config.path("config") : config.path("config").path("layers");
        if (!cls.equals("Sequential") && !isChain(layersNode)) {
            throw InputException.general("the Keras model " + name + " is a " + cls + " model with branches",
                    "only a plain stack of layers (Sequential, or a functional model without branches) can be imported");
        }
        List<JsonNode> layers = new ArrayList<>();
        layersNode.forEach(layers::add);
        int lastDense = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).path("class_name").asText().equals("Dense")) {
                lastDense = i;
            }
        }
        List<LayerSpec> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        InputShape input = null;
        int outputs = 0;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            String type = l.path("class_name").asText();
            JsonNode c = l.path("config");
            String lname = c.path("name").asText(type);
            String where = "layer " + (i + 1) + " '" + lname + "' (" + type + ")";
            if (input == null) {
                input = inputShape(c.path("batch_input_shape"));
            }
            switch (type) {
                case "InputLayer", "Flatten" -> {
                    // implicit: ModelBench knows the input from the data and flattens before a dense layer
                }
                case "Dense" -> {
                    if (i == lastDense) {
                        outputs = c.path("units").asInt();
                        notes.add(where + " (" + outputs + " units, " + c.path("activation").asText() + ") is the output layer: "
                                + "ModelBench sizes it from the data's classes or target");
                    } else {
                        out.add(new LayerSpec("dense", c.path("units").asInt(), 0, 0, null,
                                activation(c, where, notes), 0, weightInit(c, where, notes), l2(c)));
                    }
                }
                case "Conv2D" -> {
                    int k = c.path("kernel_size").path(0).asInt(3);
                    int s = c.path("strides").path(0).asInt(1);
                    if (c.path("kernel_size").path(1).asInt(k) != k || c.path("strides").path(1).asInt(s) != s) {
                        notes.add(where + ": a " + c.path("kernel_size") + " kernel is imported as " + k + "×" + k + " (ModelBench's windows are square)");
                    }
                    if (c.path("dilation_rate").path(0).asInt(1) != 1) {
                        skipped.add(where + ": dilated convolutions are not available");
                        continue;
                    }
                    out.add(new LayerSpec("conv", c.path("filters").asInt(), k, s, c.path("padding").asText("valid"),
                            activation(c, where, notes), 0, weightInit(c, where, notes), l2(c)));
                }
                case "MaxPooling2D", "AveragePooling2D" -> {
                    int k = c.path("pool_size").path(0).asInt(2);
                    int s = c.path("strides").isNull() || c.path("strides").isMissingNode() ? k : c.path("strides").path(0).asInt(k);
                    out.add(new LayerSpec(type.startsWith("Max") ? "maxpool" : "avgpool", 0, k, s,
                            c.path("padding").asText("valid"), "identity", 0, null, 0));
                }
                case "BatchNormalization" -> out.add(LayerSpec.batchNorm());
                case "Dropout" -> out.add(LayerSpec.dropoutLayer(Math.min(0.95, c.path("rate").asDouble(0.5))));
                case "Activation" -> {
                    if (out.isEmpty() || !(out.get(out.size() - 1).type().equals("dense") || out.get(out.size() - 1).type().equals("conv"))) {
                        skipped.add(where + ": an activation after " + (out.isEmpty() ? "the input" : out.get(out.size() - 1).describe())
                                + " has no layer to join");
                    } else {
                        LayerSpec prev = out.remove(out.size() - 1);
                        out.add(prev.withActivation(activation(c, where, notes)));
                        notes.add(where + " is joined to the layer before it");
                    }
                }
                default -> skipped.add(where + ": ModelBench has no such layer; it was left out");
            }
        }
        if (input == null) {
            notes.add("the file does not say the input shape: ModelBench takes it from the data");
        }
        notes.add("the weights are not imported: the network trains from its seed");
        String base = name.replaceAll("\\.[hH]5$", "").replaceAll("\\.hdf5$", "");
        return new Result(new ModelSpec("keras:" + base, out), input, outputs, skipped, notes);
    }

    private static boolean isChain(JsonNode layers) {
        for (JsonNode l : layers) {
            JsonNode inbound = l.path("inbound_nodes");
            if (inbound.size() > 1 || inbound.path(0).size() > 1) {
                return false;
            }
        }
        return true;
    }

    private static InputShape inputShape(JsonNode shape) {
        if (!shape.isArray() || shape.size() < 2) {
            return null;
        }
        if (shape.size() == 2) {
            return InputShape.vector(shape.get(1).asInt());
        }
        if (shape.size() == 4) {
            return InputShape.image(shape.get(1).asInt(), shape.get(2).asInt(), shape.get(3).asInt()); // channels last
        }
        return null;
    }

    private static String activation(JsonNode c, String where, List<String> notes) {
        String a = c.path("activation").asText("linear").toLowerCase(Locale.ROOT);
        String mapped = switch (a) {
            case "linear" -> "identity";
            case "relu", "tanh", "sigmoid", "elu", "swish" -> a;
            case "leaky_relu", "leakyrelu" -> "leakyrelu";
            case "silu" -> "swish";
            default -> null;
        };
        if (mapped == null) {
            notes.add(where + ": activation '" + a + "' is not available; relu is used");
            return "relu";
        }
        return mapped;
    }

    private static String weightInit(JsonNode c, String where, List<String> notes) {
        String init = c.path("kernel_initializer").path("class_name").asText("GlorotUniform");
        return switch (init) {
            case "GlorotUniform", "GlorotNormal", "glorot_uniform", "glorot_normal" -> "xavier";
            case "HeNormal", "HeUniform", "he_normal", "he_uniform" -> "relu";
            case "LecunNormal", "lecun_normal" -> "lecun_normal";
            case "RandomNormal", "TruncatedNormal", "random_normal" -> "normal";
            case "RandomUniform", "random_uniform" -> "uniform";
            default -> {
                notes.add(where + ": initializer " + init + " is not available; xavier is used");
                yield "xavier";
            }
        };
    }

    private static double l2(JsonNode c) {
        JsonNode r = c.path("kernel_regularizer");
        if (r.isMissingNode() || r.isNull()) {
            return 0;
        }
        JsonNode cfg = r.path("config");
        return Math.max(0, Math.min(0.99, cfg.path("l2").asDouble(0)));
    }
}
