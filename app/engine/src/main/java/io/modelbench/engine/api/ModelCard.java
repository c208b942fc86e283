package io.modelbench.engine.api;

import java.util.List;
import java.util.Map;

/**
 * What travels with an exported model (as {@code modelbench/model-card.json} inside the zip): what it reads
 * and predicts, how the data was prepared, how it was trained, how well it did, and with which versions.
 */
public record ModelCard(String format, String createdAt, String task, List<String> inputColumns,
                        String targetColumn, List<String> labelNames, Preprocessing preprocessing,
                        DatasetInfo dataset, TrainingInfo training, Map<String, Object> testMetrics,
                        Map<String, String> versions) {

    public static final String FORMAT = "modelbench-model-card/1";
    public static final String ZIP_ENTRY = "modelbench/model-card.json";

    /** Feature and target scaling; the fitted normalizer is DL4J's {@code normalizer.bin} in the same zip. */
    public record Preprocessing(String features, String target, String normalizerEntry, String howToUse) {
    }

    public record DatasetInfo(String source, String sha256, int rows, int trainRows, int validationRows,
                              int testRows, long splitSeed, double testFraction, double validationFraction) {
    }

    public record TrainingInfo(String architecture, List<Integer> hiddenLayers, String activation,
                               String optimizer, double learningRate, int batchSize, int epochsRequested,
                               int epochsCompleted, boolean stoppedEarly, long seed, double samplesPerSecond,
                               long parameters) {
    }

    public DataSchema schema() {
        return new DataSchema(inputColumns, targetColumn, TaskType.fromId(task), labelNames == null ? List.of() : labelNames);
    }
}
