package io.modelbench.cli;

import io.modelbench.engine.data.Table;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.model.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code modelbench evaluate}: a saved model's figures on a table that has the target column. */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {
                "Evaluate a saved model on a table that has the target column, or on a folder of images by class.",
                "Prints one JSON object on stdout: {\"task\", \"model\", \"data\", \"test\": {figures}}."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    EncodingOption encodingOption = new EncodingOption();

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model saved by 'modelbench train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "A CSV file with the model's input columns and its target, a folder of images with one subfolder "
                    + "per class (for an image model), or a sample such as sample:iris.")
    String data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean images = CliSupport.isImageData(data);
        Table table = images ? null : encodingOption.open(data);
        TrainedModel m = CliSupport.loadModel(model);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", m.card().task());
        result.put("model", CliSupport.absolute(model).toString());
        result.put("data", CliSupport.dataDisplay(data));
        if (images) {
            if (!m.readsImages()) {
                throw io.modelbench.engine.api.InputException.general("--data is an image folder, but this model was trained on a table",
                        "give it a CSV file with the columns " + String.join(", ", m.card().inputColumns()));
            }
            var folder = CliSupport.openImages(data, m.card().image().settings());
            result.put("images", folder.size());
            result.put("skipped", folder.skipped().size());
            result.put("test", Metrics.toMap(m.evaluate(folder)));
        } else {
            if (m.readsImages()) {
                throw io.modelbench.engine.api.InputException.general("this model was trained on images, but --data is a table",
                        "give it a folder with one subfolder of images per class");
            }
            if (m.forecasts()) {
                // every step of the series that the model can predict and that is known, beside the naive forecasts
                var f = io.modelbench.engine.app.Exports.evaluateForecast(m, table);
                result.put("task", "forecasting");
                result.put("test", io.modelbench.engine.eval.Forecasts.testMetrics(f));
                result.put("baselines", io.modelbench.engine.eval.Forecasts.baselines(f));
                result.put("beats_naive", f.useful());
            } else {
                result.put("test", Metrics.toMap(m.evaluate(table)));
            }
        }
        CliSupport.printJson(spec.commandLine().getOut(), result);
        return 0;
    }
}
