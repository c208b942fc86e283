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
                        Map<String, String> versions, List<EncodedColumn> encoding, List<String> modelInputs,
                        Map<String, String> ignoredColumns, ImageInput image, Optimized optimized, SeriesInput series,
                        SequenceInput sequence) {

    /** A card without sequence classification ({@code sequence} null). */
    public ModelCard(String format, String createdAt, String task, List<String> inputColumns, String targetColumn,
                     List<String> labelNames, Preprocessing preprocessing, DatasetInfo dataset, TrainingInfo training,
                     Map<String, Object> testMetrics, Map<String, String> versions, List<EncodedColumn> encoding,
                     List<String> modelInputs, Map<String, String> ignoredColumns, ImageInput image, Optimized optimized,
                     SeriesInput series) {
        this(format, createdAt, task, inputColumns, targetColumn, labelNames, preprocessing, dataset, training, testMetrics,
                versions, encoding, modelInputs, ignoredColumns, image, optimized, series, null);
    }

    /** A card for a table or image model, not optimized (no series, {@code optimized} null). */
    public ModelCard(String format, String createdAt, String task, List<String> inputColumns, String targetColumn,
                     List<String> labelNames, Preprocessing preprocessing, DatasetInfo dataset, TrainingInfo training,
                     Map<String, Object> testMetrics, Map<String, String> versions, List<EncodedColumn> encoding,
                     List<String> modelInputs, Map<String, String> ignoredColumns, ImageInput image) {
        this(format, createdAt, task, inputColumns, targetColumn, labelNames, preprocessing, dataset, training, testMetrics,
                versions, encoding, modelInputs, ignoredColumns, image, null, null, null);
    }

    public static final String FORMAT = "modelbench-model-card/1";
    public static final String ZIP_ENTRY = "modelbench/model-card.json";

    /**
     * Feature and target scaling ({@code normalization}: standardize, min-max or none); the fitted normalizer
     * is DL4J's {@code normalizer.bin} in the same zip (absent for none).
     */
    public record Preprocessing(String normalization, String features, String target, String normalizerEntry,
                                String howToUse) {
    }

    /** {@code droppedRows}: rows left out because the target or a drop-row input was missing. */
    public record DatasetInfo(String source, String sha256, int rows, int trainRows, int validationRows,
                              int testRows, int droppedRows, long splitSeed, double testFraction,
                              double validationFraction, boolean classWeights) {
    }

    /**
     * {@code keptEpoch}: the epoch whose weights the model has (the best one under early stopping); {@code autoSearch}:
     * how {@code --auto} chose these settings on the validation split (null when it was not asked for).
     */
    public record TrainingInfo(String architecture, List<Integer> hiddenLayers, String activation,
                               Optimization optimization, double learningRate, int batchSize, int epochsRequested,
                               int epochsCompleted, int keptEpoch, boolean stoppedEarly, String stopNote, long seed,
                               double samplesPerSecond, long parameters, ModelSpec model, String autoSearch) {

        public TrainingInfo withAutoSearch(String text) {
            return new TrainingInfo(architecture, hiddenLayers, activation, optimization, learningRate, batchSize, epochsRequested,
                    epochsCompleted, keptEpoch, stoppedEarly, stopNote, seed, samplesPerSecond, parameters, model, text);
        }
    }

    /**
     * For a model trained on images (null for tables): the size, colour and pixel scaling the model expects, and
     * how an image is laid out as one input row.
     */
    public record ImageInput(int width, int height, int channels, String color, String pixelRange, String layout,
                             List<String> extensions) {

        public ImageSettings settings() {
            return new ImageSettings(width, height, channels == 1, pixelRange, ImageSettings.Augmentation.NONE);
        }
    }

    /**
     * What {@code optimize} did to the model this one came from: the method ({@code int8}, {@code fp16}, {@code prune},
     * {@code distill}), its settings in words, the source model's file, both models measured on the same test rows
     * (the split in {@code dataset}), and a note on how to load the zip (int8 needs ModelBench's loader).
     */
    public record Optimized(String method, String settings, String source, ModelMeasurement before,
                            ModelMeasurement after, String note) {
    }

    /**
     * For a forecasting model (null otherwise): how a table becomes its input windows, so that {@code predict} cuts new
     * data exactly as training did. {@code timeFormat} and {@code step} are what training detected; {@code channels}
     * are the target and then the covariates; the target channel is given relative to each window's last value
     * ({@code targetMode}) and the prediction is that value plus the network's (reverted) output.
     */
    public record SeriesInput(String timeColumn, String timeFormat, String step, String idColumn, int window, int horizon,
                              int stride, List<String> covariates, String missing, int period, String periodSource,
                              List<String> channels, String targetMode, String layout) {

        public SeriesSettings settings() {
            return new SeriesSettings(timeColumn, idColumn, window, horizon, stride, covariates, missing, period);
        }
    }

    /**
     * For a sequence classifier (null otherwise): the long table (one row per time step) is grouped by {@code idColumn},
     * each sequence's rows ordered by {@code timeColumn} (null: the file's order), and read as {@code steps} steps of the
     * {@code channels}; the model reads one row per sequence whose inputs are {@code channel@k} (see {@code layout}).
     * {@code lengths}: null when every training sequence had {@code steps} steps (the model reads exactly that many);
     * otherwise the training sequences' lengths, padded at the end to {@code steps} with a mask, and the model reads any
     * sequence of up to {@code steps} steps.
     */
    public record SequenceInput(String idColumn, String timeColumn, List<String> channels, int steps, String layout, Lengths lengths) {

        public static final String LAYOUT = "one row per sequence: channel by channel, oldest step first (input channel@k, "
                + "index = c*steps + k-1); reshaped to [sequences, channels, steps] before the normalizer and the network";
    }

    /** The shortest, median and longest training sequence, in steps. */
    public record Lengths(int min, double median, int max) {
    }

    /** The network's layers: the recorded spec, or the MLP of {@code hiddenLayers} for older cards. */
    public ModelSpec modelSpec() {
        return training.model() != null ? training.model() : ModelSpec.mlp(training.hiddenLayers());
    }

    public DataSchema schema() {
        List<ColumnType> types = encoding == null
                ? java.util.Collections.nCopies(inputColumns.size(), ColumnType.NUMERIC)
                : encoding.stream().map(e -> switch (e.kind()) {
                    case "boolean" -> ColumnType.BOOLEAN;
                    case "categorical" -> ColumnType.CATEGORICAL;
                    default -> ColumnType.NUMERIC;
                }).toList();
        return new DataSchema(inputColumns, types, targetColumn, TaskType.fromId(task),
                labelNames == null ? List.of() : labelNames, ignoredColumns);
    }

    public ModelCard withTraining(TrainingInfo t) {
        return new ModelCard(format, createdAt, task, inputColumns, targetColumn, labelNames, preprocessing, dataset,
                t, testMetrics, versions, encoding, modelInputs, ignoredColumns, image, optimized, series, sequence);
    }

    public ModelCard withTestMetrics(Map<String, Object> metrics) {
        return new ModelCard(format, createdAt, task, inputColumns, targetColumn, labelNames, preprocessing, dataset,
                training, metrics, versions, encoding, modelInputs, ignoredColumns, image, optimized, series, sequence);
    }

    /** This card with the record of an optimization (the network and training info are the caller's to set). */
    public ModelCard withOptimized(Optimized o, TrainingInfo t) {
        return new ModelCard(format, createdAt, task, inputColumns, targetColumn, labelNames, preprocessing, dataset,
                t, testMetrics, versions, encoding, modelInputs, ignoredColumns, image, o, series, sequence);
    }
}
