package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.app.Exports;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * The Export page: saves the trained model as a standard DL4J zip (normalizer and model card inside), then
 * loads the written file again and checks it predicts exactly what the model in memory predicts; or as an ONNX file.
 */
public final class ExportViewModel {

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
            // the example's data as the model reads it: the series' windows, the sequences (one row each), else the open data
            var card0 = outcome.model().card();
            Dataset data = card0.series() != null && workspace.seriesProperty().get() != null ? workspace.seriesProperty().get()
                    : card0.sequence() != null && workspace.sequencesProperty().get() != null ? workspace.sequencesProperty().get()
                    : workspace.getDataset();
            String zipName = suggestedFileName();
            cardWriter.run(BackgroundTask.of(ctx -> new String[] {Exports.cardJson(outcome.model().card()),
                            Exports.javaSnippet(outcome.model(), zipName, data)})
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

    /** A file name to suggest in the save dialog. */
    public String suggestedFileName() {
        return Exports.suggestedFileName(workspace.getDataset());
    }

    /** Saves the model zip and checks it: loaded again, it predicts exactly as the model in memory on the open data. */
    public void export(Path target) {
        run("Saving", "Export failed", target, (outcome, data) -> {
            Exports.SavedModel saved = Exports.saveModel(outcome.model(), target, data);
            return String.format("Saved %s (%,d KB). Reloaded and checked: identical predictions on all %,d %s.", target,
                    Math.max(1, saved.bytes() / 1024), saved.checked(), saved.unit());
        });
    }

    /**
     * Writes the model's predictions for every row of the open table as CSV (the table's columns, then
     * prediction and one p_&lt;label&gt; per class), atomically, in the background.
     */
    public void exportPredictions(Path target) {
        run("Writing", "Predictions export failed", target, (outcome, data) -> {
            Exports.Predicted p = Exports.predict(outcome.model(), data);
            Exports.savePredictions(p, target);
            return String.format("Saved the predictions for %,d %s to %s.", p.size(), data.map(t -> "rows", i -> "images", s -> "time steps"), target);
        });
    }

    /** Writes the evaluation report (test split, baseline, charts, settings) as one self-contained HTML file. */
    public void exportReport(Path target) {
        run("Writing", "Report export failed", target, (outcome, data) -> {
            Exports.saveReport(outcome, data.source(), target);
            return "Saved the report to " + target + " (open it in any browser).";
        });
    }

    /**
     * Writes the model as an ONNX file (its scaling inside the graph, its model card as metadata), checked and written
     * atomically in the background; a model with a layer ONNX export does not cover gets the error naming that layer.
     */
    public void exportOnnx(Path target) {
        run("Writing", "ONNX export failed", target, (outcome, data) -> {
            io.modelbench.engine.api.OnnxInfo info = Exports.saveOnnx(outcome.model(), target);
            io.modelbench.engine.api.OnnxInfo.Tensor in = info.inputs().get(0);
            io.modelbench.engine.api.OnnxInfo.Tensor out = info.outputs().get(0);
            return String.format("Saved %s (%,d KB, ONNX operator set %d). Input '%s' %s: %s. Output '%s' %s.", target,
                    Math.max(1, info.bytes() / 1024), info.opset(), in.name(), in.shape(), in.meaning(), out.name(), out.shape());
        });
    }

    /** What an export does in the background; returns the message to show. */
    private interface ExportWork {
        String run(TrainingOutcome outcome, Dataset data) throws Exception;
    }

    /** Runs one export in the background: busy while it runs, then its message or the error. */
    private void run(String verb, String failure, Path target, ExportWork work) {
        TrainingOutcome outcome = workspace.getOutcome();
        Dataset data = workspace.getDataset();
        if (outcome == null || exports.isRunning() || data == null) {
            return;
        }
        error.set("");
        message.set(verb + " " + target.getFileName() + "…");
        exports.run(BackgroundTask.of(ctx -> work.run(outcome, data))
                .describedAs(failure)
                .onSuccess(message::set)
                .onFailure(msg -> {
                    error.set(msg);
                    message.set("");
                }));
    }
}
