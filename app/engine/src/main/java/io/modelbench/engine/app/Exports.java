package io.modelbench.engine.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.HtmlReport;
import io.modelbench.engine.io.JavaSnippet;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.io.PredictionsCsv;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * What a run's model is exported as: the model zip (checked by loading it again), predictions as CSV, the HTML
 * report and a Java program that uses the zip. Every file is written atomically (temporary file, then rename), so a
 * failure leaves no half-written file. Each call does file I/O or inference: call it off the UI thread.
 */
public final class Exports {

    /** A saved model zip: its size, and on how many rows or images the reloaded file predicted exactly as the model did. */
    public record SavedModel(Path file, long bytes, int checked, String unit) {
    }

    /** Predictions with the rows they are for: the table's columns (or each image's file and class), then the predictions. */
    public record Predicted(Table rows, Predictions predictions) {
        public int size() {
            return predictions.rows();
        }
    }

    private Exports() {
    }

    /**
     * Saves the model as a DL4J zip (normalizer and model card inside), loads the written file again and checks it
     * predicts exactly what the model in memory predicts on {@code data}; an {@code IllegalStateException} if not.
     */
    public static SavedModel saveModel(TrainedModel model, Path target, Dataset data) throws IOException {
        ModelFiles.save(model, target);
        TrainedModel reloaded = ModelFiles.load(target);
        Predictions[] ab = data.map(
                t -> new Predictions[] {model.predict(t.table()), reloaded.predict(t.table())},
                images -> new Predictions[] {model.predict(images.pixels()), reloaded.predict(images.pixels())},
                series -> new Predictions[] {model.predict(series.table().table()), reloaded.predict(series.table().table())});
        Predictions a = ab[0];
        Predictions b = ab[1];
        String unit = data.map(t -> "rows", images -> "images", series -> "time steps");
        boolean same = Arrays.equals(a.predicted(), b.predicted())
                && (a.probabilities() == null || Arrays.deepEquals(a.probabilities(), b.probabilities()))
                && (a.values() == null || Arrays.equals(a.values(), b.values()));
        if (!same) {
            throw new IllegalStateException("the reloaded model predicts differently from the trained one");
        }
        return new SavedModel(target, Files.size(target), data.size(), unit);
    }

    /** The model's prediction for every row of a table, or every image of a folder (with its file and class). */
    public static Predicted predict(TrainedModel model, Dataset data) {
        return data.map(t -> predict(model, t.table()), images -> {
            List<String[]> rows = images.items().stream()
                    .map(it -> new String[] {images.relative(it.file()), images.labels().get(it.label())}).toList();
            Table files = new Table(images.source(), List.of("file", "class"), rows,
                    LongStream.rangeClosed(1, rows.size()).toArray(), null);
            return new Predicted(files, model.predict(images.pixels()));
        }, series -> predict(model, series.table().table()));
    }

    /** An image model's predictions for image files; {@code base} (a folder) names each file relative to it. */
    public static Predicted predictImages(TrainedModel model, List<Path> files, Path base) {
        Predictions p = model.predictImages(files);
        boolean folder = Files.isDirectory(base);
        List<String[]> rows = files.stream()
                .map(f -> new String[] {(folder ? base.relativize(f) : f.getFileName()).toString().replace('\\', '/')}).toList();
        Table table = new Table(base.toString(), List.of("file"), rows, LongStream.rangeClosed(1, rows.size()).toArray(), null);
        return new Predicted(table, p);
    }

    /** A table model's predictions for every row of a table (its other columns are copied through). */
    public static Predicted predict(TrainedModel model, Table table) {
        if (model.forecasts()) {
            // one row per predictable time step (the steps after the data's end too): id, time, actual when known
            io.modelbench.engine.model.Forecaster.Forecast f = io.modelbench.engine.model.Forecaster.forecast(model, table, true);
            return new Predicted(f.rows(), f.predictions());
        }
        if (model.card().sequence() != null) {
            // one row per sequence: its id (and label when the table has it), then the prediction
            var s = io.modelbench.engine.data.SequenceTable.read(table, model.card().sequence(), model.card().targetColumn());
            return new Predicted(s.keys(), model.predict(s.wide()));
        }
        return new Predicted(table, model.predict(table));
    }

    /** Writes the predictions as CSV atomically: the rows' columns, then prediction, then one p_&lt;label&gt; per class. */
    public static void savePredictions(Predicted p, Path target) {
        PredictionsCsv.save(p.rows(), p.predictions(), target);
    }

    /** As {@link #savePredictions(Predicted, Path)} to a stream (the CLI's stdout). */
    public static void writePredictions(Predicted p, Writer out) throws IOException {
        PredictionsCsv.write(p.rows(), p.predictions(), out);
    }

    /** The evaluation report of a finished run (test split, baseline, charts, settings) as one self-contained HTML file. */
    public static void saveReport(TrainingOutcome outcome, String dataName, Path target) {
        if (!outcome.hasTest()) {
            throw io.modelbench.engine.api.InputException.general("this run has no test split (test fraction 0)",
                    "make a report of the saved model on a separate file with its target column");
        }
        HtmlReport.save(new HtmlReport.Input("ModelBench report: " + outcome.model().card().targetColumn(),
                outcome.model().card(), dataName + ", held-out test split", outcome.test(), outcome.baseline(),
                outcome.baselineDescription(), outcome.testRows(), outcome.reference(), outcome.referenceDescription()), target);
    }

    /** The report of a saved model on a table that has its target column; returns the figures. */
    public static EvaluationResult saveReport(TrainedModel model, Table table, String dataName, Path target) {
        EvaluationResult result = model.evaluate(table);
        io.modelbench.engine.api.ForecastReport f = model.forecasts() ? evaluateForecast(model, table) : null;
        HtmlReport.save(new HtmlReport.Input("ModelBench report: " + model.card().targetColumn(), model.card(),
                dataName, result, f == null ? null : f.lastValue(), f == null ? null : "the last value (naive forecast; " + f.verdict() + ")",
                model.evaluateRows(table)), target);
        return result;
    }

    /** A forecasting model on every known step of a table, beside the naive forecasts of the same steps. */
    public static io.modelbench.engine.api.ForecastReport evaluateForecast(TrainedModel model, Table table) {
        return io.modelbench.engine.model.Forecaster.evaluate(model, table);
    }

    /**
     * A complete Java program that loads the zip {@code zipName} and predicts: the table's first row (encoded as the
     * model encodes it), or an image file. A first row that cannot be encoded gives a comment saying why.
     */
    public static String javaSnippet(TrainedModel model, String zipName, Dataset data) {
        if (model.readsImages()) {
            return JavaSnippet.forImageModel(model, zipName);
        }
        if (model.forecasts()) {
            LastWindow last = data == null ? null : data.map(t -> null, images -> null, series -> lastWindow(model.card(), series));
            return JavaSnippet.forForecaster(model, zipName, last == null ? null : last.steps(), last == null ? "" : last.where());
        }
        Table t = data.map(TableDataset::table, images -> null, series -> series.table().table());
        if (t == null) {
            throw new IllegalArgumentException("a table model's snippet needs its table, not " + data.source());
        }
        try {
            float[] first = model.encode(t.select(new int[] {0}))[0];
            return model.card().sequence() != null ? JavaSnippet.forSequenceModel(model, zipName, first)
                    : JavaSnippet.forModel(model, zipName, first);
        } catch (RuntimeException e) {
            return "// the first row of " + t.source() + " cannot be encoded: " + Failures.message(e);
        }
    }

    /** A window of a series' values ({@code steps[k][c]}: channel c at the k-th step, oldest first) and where in the data it is, in words. */
    public record LastWindow(double[][] steps, String where) {
    }

    /**
     * The latest window of the first series with every value known (the values the model reads to forecast after it),
     * or null when the series do not have the model's channels or no such window exists: the example of the Java program
     * ({@link #javaSnippet}) and of the Serve page's client code.
     */
    public static LastWindow lastWindow(ModelCard card, io.modelbench.engine.data.SeriesDataset d) {
        ModelCard.SeriesInput s = card.series();
        if (s == null || d.series().isEmpty() || !d.channels().equals(s.channels())) {
            return null;
        }
        io.modelbench.engine.data.SeriesDataset.Series series = d.series().get(0);
        double[][] values = series.values();
        int w = s.window();
        for (int end = series.length(); end >= w; end--) {
            double[][] steps = new double[w][values.length];
            boolean known = true;
            for (int k = 0; k < w && known; k++) {
                for (int c = 0; c < values.length; c++) {
                    steps[k][c] = values[c][end - w + k];
                    known &= Double.isFinite(steps[k][c]);
                }
            }
            if (known) {
                String which = d.series().size() > 1 ? " of series '" + series.id() + "'" : "";
                return new LastWindow(steps, (end == series.length() ? "the data's last " + w + " steps" : "the latest " + w
                        + " steps with every value known, ending " + (series.length() - end) + " before the data's end") + which);
            }
        }
        return null;
    }

    /**
     * The first sequence of sequences read for a classifier ({@code TableDataset.sequences}: one row per sequence,
     * columns {@code channel@k}) as {@code steps[k][c]} for its own steps (a shorter one's missing steps left out), or
     * null when the table does not hold the model's channels and steps or the sequence has a missing value.
     */
    public static LastWindow firstSequence(ModelCard card, TableDataset sequences) {
        ModelCard.SequenceInput q = card.sequence();
        Table t = sequences == null ? null : sequences.table();
        if (q == null || t == null || t.rowCount() == 0 || sequences.sequence() == null
                || !sequences.sequence().channels().equals(q.channels()) || sequences.sequence().steps() != q.steps()) {
            return null;
        }
        List<double[]> steps = new java.util.ArrayList<>();
        for (int k = 1; k <= q.steps(); k++) {
            double[] step = new double[q.channels().size()];
            int missing = 0;
            for (int c = 0; c < step.length; c++) {
                int col = t.indexOf(q.channels().get(c) + "@" + k);
                String v = col < 0 || t.isMissing(0, col) ? null : t.value(0, col).trim();
                try {
                    step[c] = v == null ? Double.NaN : Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    return null;
                }
                missing += Double.isFinite(step[c]) ? 0 : 1;
            }
            if (missing == step.length && k > 1) {
                break;   // the padding after a shorter sequence
            }
            if (missing > 0) {
                return null;
            }
            steps.add(step);
        }
        return new LastWindow(steps.toArray(new double[0][]), "the data's first sequence, " + steps.size() + " steps");
    }

    /** The model card as pretty JSON ("" if it cannot be written). */
    public static String cardJson(ModelCard card) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(card);
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    /** The file name to suggest for a model trained on {@code data}: its file or folder name, then "-model.zip". */
    public static String suggestedFileName(Dataset data) {
        String source = data == null ? null : data.map(Dataset::source, images -> images.folder().getFileName().toString(), Dataset::source);
        String base = source == null ? "model" : source.replaceAll(".*[/\\\\]", "").replaceAll("\\..*$", "")
                .replaceAll("[^A-Za-z0-9_-]", "_");
        return base + "-model.zip";
    }

    /** A model zip that ModelBench wrote, loaded (an {@code InputException} naming the file when it is not one). */
    public static TrainedModel loadModel(Path zip) {
        return ModelFiles.load(zip);
    }

    /** Saves the model as a DL4J zip with its model card, atomically, without the reload check of {@link #saveModel}. */
    public static void save(TrainedModel model, Path target) {
        ModelFiles.save(model, target);
    }

    /**
     * Writes the model as an ONNX file (scaling folded in, the model card as metadata), checked and written atomically;
     * an {@code InputException} naming the layer when the network holds one that ONNX export does not cover.
     */
    public static io.modelbench.engine.api.OnnxInfo saveOnnx(TrainedModel model, Path target) {
        return io.modelbench.engine.onnx.OnnxExport.write(model, target);
    }

    /** Writes bytes (a chart's PNG or SVG) to a temporary name beside the target and renames it over the target. */
    public static void writeFile(Path target, byte[] bytes) {
        io.modelbench.engine.io.AtomicFiles.write(target, bytes);
    }

    /** The model card inside a ModelBench zip, read without loading the network. */
    public static io.modelbench.engine.api.ModelCard readCard(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw io.modelbench.engine.api.InputException.file(zip, "does not exist", "export the model again, or pick another model");
        }
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            java.util.zip.ZipEntry e = z.getEntry(io.modelbench.engine.api.ModelCard.ZIP_ENTRY);
            if (e == null) {
                throw io.modelbench.engine.api.InputException.file(zip, "has no model card ("
                        + io.modelbench.engine.api.ModelCard.ZIP_ENTRY + ")", "use a zip that ModelBench exported");
            }
            try (java.io.InputStream in = z.getInputStream(e)) {
                return io.modelbench.engine.io.Json.mapper().readValue(in, io.modelbench.engine.api.ModelCard.class);
            }
        } catch (IOException e) {
            throw io.modelbench.engine.api.InputException.file(zip, "is not a readable model zip: " + e.getMessage(),
                    "use a zip that ModelBench exported");
        }
    }

    /** Checks before any work that a file can be written where asked (an {@code InputException} naming the setting). */
    public static void checkOutputFile(Path file, String setting) {
        io.modelbench.engine.io.OutputFolders.checkFile(file, setting);
    }

    /** Checks before any work that files can be written in the folder (an {@code InputException} naming the setting). */
    public static void checkOutputFolder(Path folder, String setting) {
        io.modelbench.engine.io.OutputFolders.checkFolder(folder, setting);
    }
}
