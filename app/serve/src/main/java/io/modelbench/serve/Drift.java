package io.modelbench.serve;

import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.data.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Input drift of one served model: per input column, how many served values were missing, outside the training
 * range (numbers) or categories the model never saw, counted from the request tables before they are encoded (for a
 * forecasting model, per channel from the windows' values; for a sequence classifier, per column {@code channel@k} from
 * the sequences' steps).
 * The training range is in the model card's encoding ({@link EncodedColumn#min()}/{@code max()}) for models
 * trained since it was recorded; older cards give no range, so their out-of-range share is NaN.
 */
final class Drift {

    private final List<Col> columns = new ArrayList<>();

    private static final class Col {
        final String name;
        final String kind;
        final Double min;
        final Double max;
        final Set<String> categories;
        final LongAdder values = new LongAdder();
        final LongAdder missing = new LongAdder();
        final LongAdder outOfRange = new LongAdder();
        final LongAdder unseen = new LongAdder();

        Col(String name, String kind, Double min, Double max, List<String> categories) {
            this.name = name;
            this.kind = kind;
            this.min = min;
            this.max = max;
            this.categories = new HashSet<>(categories);
        }
    }

    Drift(ModelCard card) {
        if (card.image() != null) {
            return;
        }
        if (card.encoding() == null) {
            card.inputColumns().forEach(c -> columns.add(new Col(c, "numeric", null, null, List.of())));
        } else {
            for (EncodedColumn e : card.encoding()) {
                columns.add(new Col(e.column(), e.kind(), e.min(), e.max(), e.categories()));
            }
        }
    }

    /** Counts the served values of every input column of the table (encoded successfully, so numbers are numbers). */
    void count(Table table) {
        int n = table.rowCount();
        for (Col c : columns) {
            int k = table.indexOf(c.name);
            if (k < 0) {
                continue;
            }
            long missing = 0;
            long out = 0;
            long unseen = 0;
            for (int r = 0; r < n; r++) {
                if (table.isMissing(r, k)) {
                    missing++;
                } else if ("numeric".equals(c.kind)) {
                    double v = table.number(r, k);
                    if (c.min != null && c.max != null && (v < c.min || v > c.max)) {
                        out++;
                    }
                } else if ("categorical".equals(c.kind) && !c.categories.contains(table.value(r, k).trim())) {
                    unseen++;
                }
            }
            c.values.add(n);
            c.missing.add(missing);
            c.outOfRange.add(out);
            c.unseen.add(unseen);
        }
    }

    /**
     * Counts the values of a forecasting model's windows ({@code steps[k][c]}: channel {@code channels.get(c)}, in the
     * data's units) against each channel's training range; a window has no missing values (the protocol refuses them).
     */
    void countWindows(List<double[][]> windows, List<String> channels) {
        for (Col col : columns) {
            int c = channels.indexOf(col.name);
            if (c < 0) {
                continue;
            }
            long n = 0;
            long out = 0;
            for (double[][] steps : windows) {
                for (double[] step : steps) {
                    n++;
                    if (col.min != null && col.max != null && (step[c] < col.min || step[c] > col.max)) {
                        out++;
                    }
                }
            }
            col.values.add(n);
            col.outOfRange.add(out);
        }
    }

    /**
     * Counts a sequence classifier's served sequences ({@code steps[k][c]}: channel {@code channels.get(c)} at step k+1,
     * numbers as text, checked) in the card's columns {@code channel@k}, each against its training range; the steps a
     * shorter sequence lacks are not values.
     */
    void countSequences(List<String[][]> sequences, List<String> channels) {
        for (Col col : columns) {
            int at = col.name.lastIndexOf('@');
            int c = at < 0 ? -1 : channels.indexOf(col.name.substring(0, at));
            int k = c < 0 ? -1 : step(col.name.substring(at + 1));
            if (k < 0) {
                continue;
            }
            long n = 0;
            long out = 0;
            long missing = 0;
            for (String[][] steps : sequences) {
                if (k < steps.length) {
                    n++;
                    double v = Double.parseDouble(steps[k][c]);
                    if (Double.isNaN(v)) {
                        missing++;   // "NaN" as text reads as a number, and is a missing value
                    } else if (col.min != null && col.max != null && (v < col.min || v > col.max)) {
                        out++;
                    }
                }
            }
            col.values.add(n);
            col.outOfRange.add(out);
            col.missing.add(missing);
        }
    }

    /** The 0-based step of a column suffix "k" (1-based), or -1. */
    private static int step(String k) {
        try {
            return Integer.parseInt(k) - 1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    List<ColumnDrift> snapshot() {
        List<ColumnDrift> out = new ArrayList<>(columns.size());
        for (Col c : columns) {
            long n = c.values.sum();
            boolean range = "numeric".equals(c.kind) && c.min != null && c.max != null;
            out.add(new ColumnDrift(c.name, n,
                    range ? share(c.outOfRange.sum(), n) : Double.NaN,
                    "categorical".equals(c.kind) ? share(c.unseen.sum(), n) : Double.NaN,
                    share(c.missing.sum(), n)));
        }
        return out;
    }

    private static double share(long k, long n) {
        return n == 0 ? 0 : (double) k / n;
    }
}
