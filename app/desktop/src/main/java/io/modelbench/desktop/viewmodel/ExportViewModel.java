package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.HtmlReport;
import io.modelbench.engine.io.JavaSnippet;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.io.PredictionsCsv;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Export page: saves the trained model as a standard DL4J zip (normalizer and model card inside), then
 * loads the written file again and checks it predicts exactly what the model in memory predicts.
 */
public final class ExportViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ExportViewModel.class);

    private final Workspace workspace;
    /** The model card and code of the latest outcome (JSON and code generation off the UI thread). */
    private final TaskRunner cardWriter;
    /** One export at a time: busy while it runs. */
    private final TaskRunner exports;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper card = new ReadOnlyStringWrapper(this, "card", "");
    private final ReadOnlyStringWrapper snippet = new ReadOnlyStringWrapper(this, "snippet", "");
    private final BooleanBinding canExport;

    public ExportViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.cardWriter = new TaskRunner(background, ui);
        this.exports = new TaskRunner(background, ui);
        canExport = Bindings.createBooleanBinding(() -> workspace.getOutcome() != null && !exports.isRunning(),
                workspace.outcomeProperty(), exports.runningProperty());
        workspace.outcomeProperty().addListener((o, a, outcome) -> {
            message.set("");
            error.set("");
            card.set("");
            snippet.set("");
            if (outcome == null) {
                cardWriter.cancel();
                return;
            }
            // JSON and code generation off the UI thread (the first use of Jackson alone costs ~100 ms)
            Table table = workspace.getTable();
            cardWriter.run(BackgroundTask.of(ctx -> new String[] {cardJson(outcome), outcome.model().readsImages()
                            ? JavaSnippet.forImageModel(outcome.model(), suggestedFileName())
                            : snippet(outcome, table)})
                    .describedAs("Could not write the model card")
                    .onSuccess(texts -> {
                        card.set(texts[0]);
                        snippet.set(texts[1]);
                    }));
        });
    }

    public BooleanBinding canExportBinding() {
        return canExport;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return exports.runningProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The model card that goes into the zip, as pretty JSON. */
    public ReadOnlyStringProperty cardProperty() {
        return card.getReadOnlyProperty();
    }

    /** "Use this model": a complete Java program that loads the exported zip and predicts the table's first row. */
    public ReadOnlyStringProperty snippetProperty() {
        return snippet.getReadOnlyProperty();
    }

    private String snippet(TrainingOutcome outcome, Table t) {
        try {
            float[] first = outcome.model().encode(t.select(new int[] {0}))[0];
            return JavaSnippet.forModel(outcome.model(), suggestedFileName(), first);
        } catch (RuntimeException e) {
            return "// the first row of " + t.source() + " cannot be encoded: " + Errors.message(e);
        }
    }

    /** A file name to suggest in the save dialog. */
    public String suggestedFileName() {
        Table t = workspace.getTable();
        ImageDataset images = workspace.getImages();
        String source = images != null ? images.folder().getFileName().toString() : t == null ? null : t.source();
        String base = source == null ? "model" : source.replaceAll(".*[/\\\\]", "").replaceAll("\\..*$", "")
                .replaceAll("[^A-Za-z0-9_-]", "_");
        return base + "-model.zip";
    }

    public void export(Path target) {
        run("Saving", "Export failed", target, (outcome, table, images) -> {
            ModelFiles.save(outcome.model(), target);
            String check = images != null ? verify(outcome.model(), target, images) : verify(outcome.model(), target, table);
            return String.format("Saved %s (%,d KB). %s", target, Math.max(1, Files.size(target) / 1024), check);
        });
    }

    /**
     * Writes the model's predictions for every row of the open table as CSV (the table's columns, then
     * prediction and one p_&lt;label&gt; per class), atomically, in the background.
     */
    public void exportPredictions(Path target) {
        run("Writing", "Predictions export failed", target, (outcome, table, images) -> {
            if (images != null) {
                // one row per image: its file (relative to the folder) and class, then the prediction and probabilities
                List<String[]> rows = images.items().stream()
                        .map(it -> new String[] {images.relative(it.file()), images.labels().get(it.label())}).toList();
                Table files = new Table(images.source(), List.of("file", "class"), rows,
                        java.util.stream.LongStream.rangeClosed(1, rows.size()).toArray(), null);
                PredictionsCsv.save(files, outcome.model().predict(images.pixels()), target);
                return String.format("Saved the predictions for %,d images to %s.", rows.size(), target);
            }
            PredictionsCsv.save(table, outcome.model().predict(table), target);
            return String.format("Saved the predictions for %,d rows to %s.", table.rowCount(), target);
        });
    }

    /** Writes the evaluation report (test split, baseline, charts, settings) as one self-contained HTML file. */
    public void exportReport(Path target) {
        run("Writing", "Report export failed", target, (outcome, table, images) -> {
            HtmlReport.save(new HtmlReport.Input("ModelBench report: " + outcome.model().card().targetColumn(),
                    outcome.model().card(), (images != null ? images.source() : table.source()) + ", held-out test split", outcome.test(), outcome.baseline(),
                    outcome.baselineDescription(), outcome.testRows()), target);
            return "Saved the report to " + target + " (open it in any browser).";
        });
    }

    /** What an export does in the background; returns the message to show. */
    private interface ExportWork {
        String run(TrainingOutcome outcome, Table table, ImageDataset images) throws Exception;
    }

    /** Runs one export in the background: busy while it runs, then its message or the error. */
    private void run(String verb, String failure, Path target, ExportWork work) {
        TrainingOutcome outcome = workspace.getOutcome();
        Table table = workspace.getTable();
        ImageDataset images = outcome != null && outcome.model().readsImages() ? workspace.getImages() : null;
        if (outcome == null || exports.isRunning() || (table == null && images == null)) {
            return;
        }
        error.set("");
        message.set(verb + " " + target.getFileName() + "…");
        exports.run(BackgroundTask.of(ctx -> work.run(outcome, table, images))
                .describedAs(failure)
                .onSuccess(message::set)
                .onFailure(msg -> {
                    error.set(msg);
                    message.set("");
                }));
    }

    /** Reloads the written zip and compares its predictions on the whole table with the model in memory. */
    private static String verify(TrainedModel inMemory, Path written, Table table) {
        TrainedModel reloaded = ModelFiles.load(written);
        Predictions a = inMemory.predict(table);
        Predictions b = reloaded.predict(table);
        boolean same = Arrays.equals(a.predicted(), b.predicted())
                && (a.probabilities() == null || Arrays.deepEquals(a.probabilities(), b.probabilities()))
                && (a.values() == null || Arrays.equals(a.values(), b.values()));
        if (!same) {
            throw new IllegalStateException("the reloaded model predicts differently from the trained one");
        }
        return String.format("Reloaded and checked: identical predictions on all %,d rows.", table.rowCount());
    }

    /** As above, on every image of the open folder. */
    private static String verify(TrainedModel inMemory, Path written, ImageDataset images) {
        TrainedModel reloaded = ModelFiles.load(written);
        Predictions a = inMemory.predict(images.pixels());
        Predictions b = reloaded.predict(images.pixels());
        if (!Arrays.equals(a.predicted(), b.predicted()) || !Arrays.deepEquals(a.probabilities(), b.probabilities())) {
            throw new IllegalStateException("the reloaded model predicts differently from the trained one");
        }
        return String.format("Reloaded and checked: identical predictions on all %,d images.", images.size());
    }

    private static String cardJson(TrainingOutcome outcome) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(outcome.model().card());
        } catch (Exception e) {
            return "";
        }
    }
}
