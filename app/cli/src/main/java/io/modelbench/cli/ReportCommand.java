package io.modelbench.cli;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.model.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code modelbench report}: a self-contained HTML evaluation report of a model on a table. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = {"Write an evaluation report as one self-contained HTML file (figures, confusion matrix, ROC and "
                + "precision-recall curves or predicted-against-actual, settings, the worst rows)."},
        usageHelpAutoWidth = true)
final class ReportCommand implements Callable<Integer> {

    @CommandLine.Mixin
    EncodingOption encodingOption = new EncodingOption();

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model saved by 'modelbench train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "A table with the model's columns and its target column.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "REPORT.html", description = "Where to write the report (atomically).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CliSupport.checkOutputFile(out, "report.html");
        Table table = encodingOption.open(data);
        TrainedModel m = CliSupport.loadModel(model);
        EvaluationResult result = Exports.saveReport(m, table, CliSupport.dataDisplay(data), out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("report", CliSupport.absolute(out).toString());
        json.put("rows", result.rows());
        CliSupport.printJson(spec.commandLine().getOut(), json);
        return 0;
    }
}
