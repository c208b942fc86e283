package io.modelbench.cli;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.PredictionsCsv;
import io.modelbench.engine.model.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A model saved by 'modelbench train'.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "The table: a CSV file with the model's input columns (others are copied through), or sample:iris.")
    String data;

    @Option(names = "--out", paramLabel = "PREDICTIONS.csv",
            description = "Where to write the CSV (written atomically); default: stdout.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (out != null) {
            CliSupport.checkOutputFile(out, "predictions.csv");
        }
        Table table = CliSupport.openTable(data);
        TrainedModel m = CliSupport.loadModel(model);
        Predictions p = m.predict(table);
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            try {
                PredictionsCsv.write(table, p, stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stdout.flush();
            return 0;
        }
        PredictionsCsv.save(table, p, out);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("predictions", CliSupport.absolute(out).toString());
        result.put("rows", p.rows());
        CliSupport.printJson(stdout, result);
        return 0;
    }
}
