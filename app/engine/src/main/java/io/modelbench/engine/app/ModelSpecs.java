package io.modelbench.engine.app;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.model.KerasImport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A network's layers from a file: a model spec JSON ({@code {"layers": [...]}}) or a Keras {@code .h5} model, whose
 * layers are imported (not its weights). One call for the CLI's {@code --model FILE} and the Model page's import.
 */
public final class ModelSpecs {

    /** The layers read, with what a Keras model had that cannot be imported, and notes on what was changed. */
    public record Read(ModelSpec spec, List<String> notImported, List<String> notes) {
        public Read {
            notImported = List.copyOf(notImported);
            notes = List.copyOf(notes);
        }
    }

    private ModelSpecs() {
    }

    /** True for the Keras file endings: .h5, .hdf5, .keras. */
    public static boolean isKeras(Path file) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".h5") || lower.endsWith(".hdf5") || lower.endsWith(".keras");
    }

    /** Reads a Keras model's layers or a model spec JSON; an {@link InputException} naming the file and what to fix. */
    public static Read read(Path file) {
        if (isKeras(file)) {
            KerasImport.Result r = KerasImport.read(file);
            return new Read(r.spec(), r.notImported(), r.notes());
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = Json.mapper().readTree(file.toFile());
            checkLayers(file, tree);
            return new Read(Json.mapper().treeToValue(tree, ModelSpec.class), List.of(), List.of());
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputException ie) {
                throw InputException.file(file, "has a layer that is not valid: " + ie.getMessage(), "fix the layer in the JSON file");
            }
            throw InputException.file(file, "is not a model spec: " + e.getOriginalMessage(),
                    "write {\"layers\": [{\"type\": \"dense\", \"units\": 64}, ...]}");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw InputException.file(file, "is not valid JSON (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ")", "write {\"layers\": [{\"type\": \"dense\", \"units\": 64}, ...]}");
        } catch (IOException e) {
            throw InputException.file(file, "cannot be read: " + e.getMessage(), "check the path");
        }
    }

    /**
     * Refuses what the spec's record would quietly change (issue 18): no layers at all (a spec file without hidden layers
     * trained as a plain linear model; ModelBench reports a linear reference beside every table network already, so an
     * empty list is taken for a mistake), and a layer whose {@code units} is written as 0 or less (0 silently became 64;
     * a layer that leaves {@code units} out still gets the documented default).
     */
    private static void checkLayers(Path file, com.fasterxml.jackson.databind.JsonNode tree) {
        com.fasterxml.jackson.databind.JsonNode layers = tree == null ? null : tree.get("layers");
        if (tree == null || !tree.isObject() || layers == null || !layers.isArray() || layers.isEmpty()) {
            throw InputException.file(file, "is a model spec with no layers",
                    "list at least one layer: {\"layers\": [{\"type\": \"dense\", \"units\": 64}]} (a linear model is"
                            + " reported beside every table network already)");
        }
        for (int i = 0; i < layers.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode units = layers.get(i).get("units");
            if (units != null && !units.isNull() && (!units.canConvertToInt() || units.asInt() <= 0)) {
                throw InputException.file(file, "layer " + (i + 1) + " (" + layers.get(i).path("type").asText("?") + ") has "
                        + units + " units", "give it 1 to 16384 units, or leave units out for the default (64 dense, 16 conv)");
            }
        }
    }

    /**
     * Each layer's output shape and parameters and the training-memory estimate, in plain Java (no native code): the
     * layer editor's check as the user types. An {@code InputException} names the first layer that does not fit.
     */
    public static io.modelbench.engine.api.ModelSummary summary(io.modelbench.engine.api.ModelSpec spec,
                                                                io.modelbench.engine.api.InputShape input, int outputs,
                                                                io.modelbench.engine.api.TaskType task, int batchSize,
                                                                String optimizer) {
        return io.modelbench.engine.model.NetworkFactory.summary(spec, input, outputs, task, batchSize, optimizer);
    }
}
