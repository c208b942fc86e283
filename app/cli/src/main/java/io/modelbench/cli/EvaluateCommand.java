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
                "Evaluate a saved model on a table that has the target column.",
                "Prints one JSON object on stdout: {\"task\", \"model\", \"data\", \"test\": {figures}}."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model saved by 'modelbench train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "The table: a CSV file with the model's input columns and its target, or sample:iris.")
    String data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Table table = CliSupport.openTable(data);
        TrainedModel m = CliSupport.loadModel(model);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", m.card().task());
        result.put("model", CliSupport.absolute(model).toString());
        result.put("data", CliSupport.dataDisplay(data));
        result.put("test", Metrics.toMap(m.evaluate(table)));
        CliSupport.printJson(spec.commandLine().getOut(), result);
        return 0;
    }
}
