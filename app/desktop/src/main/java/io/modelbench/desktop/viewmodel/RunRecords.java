package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.project.RunInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the Runs page's records from a training request (this session) or a project's run file. */
final class RunRecords {

    private RunRecords() {
    }

    static RunRecord of(int number, String source, TrainingRequest r, String result, List<EpochPoint> curve, RunInfo run,
                        boolean resumable, io.modelbench.engine.api.ImageSettings images) {
        Map<String, String> settings = settings(source, r, curve.isEmpty() ? 0 : curve.get(curve.size() - 1).epoch(), images);
        if (run == null) {
            return new RunRecord(number, "Run " + number, settings, result, curve, null, "", "finished", r, false);
        }
        return new RunRecord(number, run.name(), settings, result, curve, run.id(), run.note(), run.status(), r, resumable);
    }

    /** A run read from a project. */
    static RunRecord of(int number, RunInfo run, boolean resumable) {
        List<EpochPoint> curve = run.epochs().stream()
                .map(e -> new EpochPoint(e.epoch(), e.trainingLoss(), e.validationLoss(), e.validationMetric())).toList();
        String source = run.dataset() == null ? "" : run.dataset().source();
        String result = run.result() != null ? run.result()
                : run.status() + (run.epochs().isEmpty() ? "" : " after epoch " + run.epochs().get(run.epochs().size() - 1).epoch());
        Map<String, String> settings = run.request() == null ? Map.of()
                : settings(source, run.request(), curve.isEmpty() ? 0 : curve.get(curve.size() - 1).epoch(),
                run.dataset() == null ? null : run.dataset().images());
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("status", run.status() + (run.message() == null || run.message().isEmpty() ? "" : ": " + run.message()));
        run.environment().forEach((k, v) -> {
            if (k.equals("backend") || k.equals("cpus") || k.equals("deeplearning4j") || k.equals("modelbench")) {
                all.put("env: " + k, v);
            }
        });
        return new RunRecord(number, run.name(), all, result, curve, run.id(), run.note(), run.status(), run.request(), resumable);
    }

    private static Map<String, String> settings(String source, TrainingRequest r, int epochsDone,
                                                io.modelbench.engine.api.ImageSettings images) {
        Map<String, String> settings = new LinkedHashMap<>();
        TrainingSettings t = r.training();
        settings.put("data", source);
        settings.put("target", r.targetColumn());
        settings.put("model", t.spec().name() + ": " + String.join(" → ", t.spec().layers().stream().map(LayerSpec::describe).toList()));
        settings.put("optimizer", t.optimization().optimizer());
        settings.put("learning rate", String.valueOf(t.learningRate()));
        settings.put("schedule", t.optimization().schedule());
        settings.put("batch size", String.valueOf(t.batchSize()));
        settings.put("epochs", epochsDone + " of " + t.epochs());
        settings.put("weight decay", String.valueOf(t.optimization().weightDecay()));
        settings.put("gradient clipping", t.optimization().clipNorm() == 0 ? "off" : String.valueOf(t.optimization().clipNorm()));
        settings.put("early stopping", t.optimization().patience() == 0 ? "off" : t.optimization().patience() + " epochs");
        settings.put("seed", String.valueOf(t.seed()));
        if (images != null) {
            settings.put("images", images.width() + "×" + images.height() + (images.grayscale() ? " grayscale" : " RGB")
                    + ", pixels " + images.pixelRange());
            ImageSettings.Augmentation a = images.augmentation();
            List<String> parts = new java.util.ArrayList<>();
            if (a.flip()) {
                parts.add("flip");
            }
            if (a.shiftPixels() > 0) {
                parts.add("shift " + a.shiftPixels() + " px");
            }
            if (a.rotateDegrees() > 0) {
                parts.add("rotate " + a.rotateDegrees() + "°");
            }
            settings.put("augmentation", parts.isEmpty() ? "none" : String.join(", ", parts));
        } else {
            settings.put("missing values", r.preparation().missing() == null ? "default" : r.preparation().missing().id());
            settings.put("scaling", r.preparation().normalization().id());
        }
        settings.put("class weights", String.valueOf(r.preparation().weightClasses()));
        return settings;
    }
}
