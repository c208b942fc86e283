package io.modelbench.engine.io;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.Table;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Predictions as CSV: every input row's columns as they were, then {@code prediction}, then for
 * classification one {@code p_<label>} probability per class (a name already taken gets "_2").
 */
public final class PredictionsCsv {

    static final CSVFormat OUTPUT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

    private PredictionsCsv() {
    }

    /** Writes the file atomically. */
    public static void save(Table table, Predictions p, Path target) {
        AtomicFiles.write(target, w -> write(table, p, w));
    }

    public static void write(Table table, Predictions p, Writer w) throws IOException {
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

    private static String unique(String name, Set<String> taken) {
        String n = name;
        for (int i = 2; !taken.add(n); i++) {
            n = name + "_" + i;
        }
        return n;
    }

    /** The shortest text that reads back as the same value (float outputs stay float-short). */
    public static String number(double v) {
        float f = (float) v;
        return (double) f == v ? Float.toString(f) : Double.toString(v);
    }
}
