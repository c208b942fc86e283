package io.modelbench.engine.project;

import io.modelbench.engine.api.TrainingRequest;

import java.util.List;
import java.util.Map;

/**
 * One training run as kept in a project ({@code runs/ID/run.json}): its name and note, where it stands
 * ({@code status}), what was asked ({@code request}) on which data ({@code dataset}), the environment it ran
 * in, every epoch's figures, and at the end the test figures. Rewritten atomically after every epoch, so a
 * crash leaves the last complete state.
 */
public record RunInfo(String id, String name, String note, String status, String createdAt, String finishedAt,
                      TrainingRequest request, DatasetRecipe dataset, Map<String, String> environment,
                      List<Epoch> epochs, Map<String, Object> testMetrics, String result, String message) {

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";
    /** Was running when the app (or the machine) stopped: its last checkpoint can be resumed. */
    public static final String INTERRUPTED = "interrupted";

    /** One epoch's figures, as the live chart showed them. */
    public record Epoch(int epoch, double trainingLoss, double validationLoss, String metricName,
                        double validationMetric, double learningRate, double samplesPerSecond, long elapsedMillis) {
    }

    public RunInfo {
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        testMetrics = testMetrics == null ? Map.of() : testMetrics;
        note = note == null ? "" : note;
    }

    public RunInfo withName(String n) {
        return new RunInfo(id, n, note, status, createdAt, finishedAt, request, dataset, environment, epochs, testMetrics, result, message);
    }

    public RunInfo withNote(String n) {
        return new RunInfo(id, name, n, status, createdAt, finishedAt, request, dataset, environment, epochs, testMetrics, result, message);
    }

    public RunInfo withStatus(String s, String msg) {
        return new RunInfo(id, name, note, s, createdAt, finishedAt, request, dataset, environment, epochs, testMetrics, result, msg);
    }

    public RunInfo withEpoch(Epoch e) {
        List<Epoch> list = new java.util.ArrayList<>(epochs);
        list.removeIf(x -> x.epoch() >= e.epoch()); // a resumed run continues from its checkpoint
        list.add(e);
        return new RunInfo(id, name, note, status, createdAt, finishedAt, request, dataset, environment, list, testMetrics, result, message);
    }

    public RunInfo finished(String s, String finishedAtTime, Map<String, Object> metrics, String resultText, String msg) {
        return new RunInfo(id, name, note, s, createdAt, finishedAtTime, request, dataset, environment, epochs, metrics, resultText, msg);
    }

    /** With the total epochs asked raised (a resumed run). */
    public RunInfo withRequest(TrainingRequest r) {
        return new RunInfo(id, name, note, status, createdAt, finishedAt, r, dataset, environment, epochs, testMetrics, result, message);
    }
}
