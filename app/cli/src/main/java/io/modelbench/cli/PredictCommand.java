package io.modelbench.cli;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.TrainedModel;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    static final CSVFormat OUTPUT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

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
                write(table, p, stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stdout.flush();
            return 0;
        }
        CliSupport.writeAtomically(out, w -> write(table, p, w));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("predictions", CliSupport.absolute(out).toString());
        result.put("rows", p.rows());
        CliSupport.printJson(stdout, result);
        return 0;
    }

    static void write(Table table, Predictions p, Writer w) throws IOException {
        boolean cls = p.task() == TaskType.CLASSIFICATION;
        List<String> header = new ArrayList<>(table.columns());
        Set<String> taken = new HashSet<>(header);
        header.add(unique("prediction", taken));
        if (cls) {
            for (String label : p.labels()) {
                header.add(unique("p_" + label, taken));
            }
        }
        CSVPrinter csv = new CSVPrinter(w, OUTPUT);
        csv.printRecord(header);
        int inputs = table.columnCount();
        Object[] record = new Object[header.size()];
        for (int r = 0; r < table.rowCount(); r++) {
            String[] cells = table.row(r);
            System.arraycopy(cells, 0, record, 0, inputs);
            record[inputs] = cls ? p.predicted()[r] : number(p.values()[r]);
            if (cls) {
                double[] probs = p.probabilities()[r];
                for (int k = 0; k < probs.length; k++) {
                    record[inputs + 1 + k] = number(probs[k]);
                }
            }
            csv.printRecord(record);
        }
        csv.flush();
    }

    /** A name not yet in the header (an input column may already be called "prediction"). */
    private static String unique(String name, Set<String> taken) {
        String n = name;
        for (int i = 2; !taken.add(n); i++) {
            n = name + "_" + i;
        }
        return n;
    }

    /** The shortest text that reads back as the same value (float outputs stay float-short). */
    static String number(double v) {
        float f = (float) v;
        return (double) f == v ? Float.toString(f) : Double.toString(v);
    }
}
