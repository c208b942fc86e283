package io.modelbench.cli;

import io.modelbench.engine.app.Exports;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code modelbench predict}: a saved model's predictions for every row of a table, as CSV: the input's
 * columns in their order, then {@code prediction}, then for classification {@code p_<label>} per class in the
 * model's label order.
 */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {
                "Predict every row of a table with a saved model.",
                "Writes CSV: the input columns, then 'prediction', then one 'p_<label>' probability per class.",
                "Without --out the CSV goes to stdout; with --out, stdout gets {\"predictions\": PATH, \"rows\": N}."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Mixin
    EncodingOption encodingOption = new EncodingOption();

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model saved by 'modelbench train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "A CSV file with the model's input columns (others are copied through), or for an image model an "
                    + "image file or a folder of images (column 'file' holds each image's path); or a sample such as sample:iris.")
    String data;

    @Option(names = "--out", paramLabel = "PREDICTIONS.csv",
            description = "Where to write the CSV (written atomically); default: stdout.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static boolean isImageFile(String data) {
        if (CliSupport.isSample(data)) {
            return false;
        }
        String name = data.toLowerCase(java.util.Locale.ROOT);
        return io.modelbench.engine.app.Datasets.imageExtensions().stream().anyMatch(e -> name.endsWith("." + e));
    }

    /** One image file, or every image under a folder (sorted, sub-folders included). */
    private static List<Path> imageFiles(Path where) {
        if (!java.nio.file.Files.exists(where)) {
            throw io.modelbench.engine.api.InputException.file(where, "does not exist", "give an image file or a folder of images");
        }
        if (!java.nio.file.Files.isDirectory(where)) {
            return List.of(where);
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(where)) {
            List<Path> files = s.filter(java.nio.file.Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> isImageFile(f.getFileName().toString())).sorted().toList();
            if (files.isEmpty()) {
                throw io.modelbench.engine.api.InputException.file(where, "holds no PNG, JPEG, BMP or GIF images", "give a folder of images");
            }
            return files;
        } catch (IOException e) {
            throw io.modelbench.engine.api.InputException.file(where, "cannot be read: " + e.getMessage(), "check the folder");
        }
    }

    @Override
    public Integer call() {
        if (out != null) {
            CliSupport.checkOutputFile(out, "predictions.csv");
        }
        Exports.Predicted p;
        if (CliSupport.isImageData(data) || isImageFile(data)) {
            Path where = CliSupport.isSample(data) ? CliSupport.imageFolder(data) : CliSupport.path(data, "--data");
            List<Path> files = imageFiles(where);
            p = Exports.predictImages(CliSupport.loadModel(model), files, where);
        } else {
            Table table = encodingOption.open(data);
            TrainedModel m = CliSupport.loadModel(model);
            if (m.readsImages()) {
                throw io.modelbench.engine.api.InputException.general("this model was trained on images, but --data is a table",
                        "give it an image file or a folder of images");
            }
            p = Exports.predict(m, table);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            try {
                Exports.writePredictions(p, stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stdout.flush();
            return 0;
        }
        Exports.savePredictions(p, out);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("predictions", CliSupport.absolute(out).toString());
        result.put("rows", p.size());
        CliSupport.printJson(stdout, result);
        return 0;
    }
}
