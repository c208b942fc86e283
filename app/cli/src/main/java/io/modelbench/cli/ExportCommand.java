package io.modelbench.cli;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.OnnxInfo;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.model.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code modelbench export}: a saved model in another format. Only ONNX for now: the model zip itself is already the
 * DL4J format, so a {@code dl4j} format would only copy it.
 */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {
                "Export a saved model as ONNX (operator set 13), with its input scaling inside the graph and its model card as metadata.",
                "The ONNX input is 'encoded_inputs' [batch, n] for a table model (the card's model_inputs, before scaling) or "
                        + "'pixels' [batch, channels, height, width] (0-255) for an image model; the output is 'probabilities' or 'prediction'.",
                "Prints one JSON object on stdout: {\"onnx\", \"bytes\", \"ir_version\", \"opset\", \"inputs\", \"outputs\", \"nodes\", "
                        + "\"parameters\", \"model\"}."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model saved by 'modelbench train'.")
    Path model;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "onnx (the default; the only format so far).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "MODEL.onnx", description = "Where to write the file (atomically).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.trim().toLowerCase(Locale.ROOT).equals("onnx")) {
            throw InputException.setting("--format", format, "use onnx (the model zip is already the DL4J format)");
        }
        CliSupport.checkOutputFile(out, "model.onnx");
        if (sameFile(model, out)) {
            throw InputException.setting("--out", out, "give a new file name: it would overwrite the model zip");
        }
        TrainedModel m = CliSupport.loadModel(model);
        OnnxInfo info = Exports.saveOnnx(m, out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("onnx", CliSupport.absolute(out).toString());
        json.put("bytes", info.bytes());
        json.put("ir_version", info.irVersion());
        json.put("opset", info.opset());
        json.put("inputs", tensors(info.inputs()));
        json.put("outputs", tensors(info.outputs()));
        json.put("nodes", info.nodes());
        json.put("parameters", info.parameters());
        json.put("model", CliSupport.absolute(model).toString());
        CliSupport.printJson(spec.commandLine().getOut(), json);
        return 0;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false; // cannot tell: the loads and writes that follow name the file that fails
        }
    }

    private static List<Map<String, Object>> tensors(List<OnnxInfo.Tensor> tensors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (OnnxInfo.Tensor t : tensors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("shape", t.shape());
            m.put("meaning", t.meaning());
            out.add(m);
        }
        return out;
    }
}
