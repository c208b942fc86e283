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
            return new Read(Json.mapper().readValue(file.toFile(), ModelSpec.class), List.of(), List.of());
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputException ie) {
                throw InputException.file(file, "has a layer that is not valid: " + ie.getMessage(), "fix the layer in the JSON file");
            }
            throw InputException.file(file, "is not a model spec: " + e.getOriginalMessage(),
                    "write {\"layers\": [{\"type\": \"dense\", \"units\": 64}, ...]}");
        } catch (IOException e) {
            throw InputException.file(file, "cannot be read: " + e.getMessage(), "check the path");
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
