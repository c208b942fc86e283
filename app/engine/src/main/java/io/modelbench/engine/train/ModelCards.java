package io.modelbench.engine.train;

import io.modelbench.engine.Versions;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.model.MlpFactory;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The model card that travels in the model zip: what the model reads (columns and their encoding, or the image
 * size and layout), how to prepare new data for it in words, the data it was trained on (file hash, rows per split),
 * how it was trained and how the run ended. Written by the trainer; read by {@code ModelFiles}, the report and the
 * Java snippet.
 */
final class ModelCards {

    /** How a run ended: epochs done, the epoch whose weights are kept, stopped early or not and why, speed. */
    record RunEnd(int completed, int keptEpoch, boolean stopped, String note, double samplesPerSecond, long parameters) {
    }

    private ModelCards() {
    }

    static ModelCard card(PreparedData data, DataNormalization norm, TrainingRequest r, RunEnd end) {
        DataSchema schema = data.schema();
        ImageSettings images = data.images();
        DataSplit split = data.split();
        TrainingSettings s = r.training();
        PreparationSettings prep = r.preparation();
        boolean cls = schema.task() == TaskType.CLASSIFICATION;
        String scaling = switch (prep.normalization()) {
            case STANDARDIZE -> "standardize: (x - mean) / std per model input, fitted on the training split";
            case MIN_MAX -> "min-max: (x - min) / (max - min) per model input, fitted on the training split";
            case NONE -> "none";
        };
        boolean labelScaled = norm != null && norm.isFitLabel();
        if (data.series() != null) {
            scaling = scaling.replace("per model input", "per channel over all steps of the training windows")
                    .replace("fitted on the training split", "fitted on the training span only");
        }
        if (images != null) {
            scaling = "pixels 0-255 scaled to " + images.pixelRange() + " (DL4J ImagePreProcessingScaler)";
        }
        String howTo = images != null
                ? "read the image, resize it to " + images.width() + "x" + images.height() + ", make it "
                + (images.grayscale() ? "grayscale" : "RGB") + ", flatten it as in 'image.layout' with values 0-255, "
                + "restore the normalizer with ModelSerializer.restoreNormalizerFromFile and call transform(features) before output()"
                + "; output column i is the probability of label_names[i]"
                : "encode each input column as described in 'encoding' (model_inputs gives the order)"
                + (norm == null ? "" : ", restore the normalizer with ModelSerializer.restoreNormalizerFromFile and call transform(features)")
                + " before output()"
                + (cls ? "; output column i is the probability of label_names[i]"
                : labelScaled ? "; call revertLabels(output) to get the target's units" : "; the output is in the target's units");
        if (data.series() != null) {
            howTo = "cut the series into windows as described in 'series' (time column, window, horizon, channels, target mode), "
                    + "reshape each to [channels, window], restore the normalizer with ModelSerializer.restoreNormalizerFromFile and "
                    + "call transform(features) before output()" + (labelScaled ? ", revertLabels(output)" : "")
                    + ", then add the window's last target value: that is the forecast in the target's units";
        }
        if (data.sequence() != null) {
            howTo = "group the rows by '" + data.sequence().idColumn() + "'" + (data.sequence().timeColumn() == null ? ""
                    : ", order each sequence by '" + data.sequence().timeColumn() + "'")
                    + ", lay out each as in 'sequence.layout' (one row of channel@k inputs), reshape the rows to [sequences, channels, steps], "
                    + (norm == null ? "" : "restore the normalizer with ModelSerializer.restoreNormalizerFromFile and call transform(features), ")
                    + "then output(); output column i is the probability of label_names[i]";
        }
        ModelCard.SeriesInput series = data.series() == null ? null : SeriesReport.input(data);
        return new ModelCard(ModelCard.FORMAT, Instant.now().toString(), schema.task().id(), schema.featureColumns(),
                schema.targetColumn(), schema.labels(),
                new ModelCard.Preprocessing(images != null ? "pixels " + images.pixelRange() : prep.normalization().id(), scaling,
                        cls ? "one-hot over label_names" : labelScaled ? "standardize, fitted on the training split; outputs are reverted" : "none",
                        norm == null ? null : "normalizer.bin", howTo),
                new ModelCard.DatasetInfo(data.source(), data.sha256(), data.sourceRows(), split.train().length,
                        split.validation().length, split.test().length, data.dropped(), r.split().seed(),
                        r.split().testFraction(), r.split().validationFraction(), prep.weightClasses()),
                new ModelCard.TrainingInfo(s.spec().name(), s.spec().plainMlpSizes() != null ? s.spec().plainMlpSizes() : List.of(),
                        MlpFactory.ACTIVATION, s.optimization(),
                        s.learningRate(), s.batchSize(), s.epochs(), end.completed(), end.keptEpoch(), end.stopped(),
                        end.note(), s.seed(), end.samplesPerSecond(), end.parameters(), s.spec(), null),
                Map.of(), Versions.all(), images == null ? data.encoder().columns() : null,
                images == null ? data.encoder().inputNames() : null, schema.ignoredColumns(),
                images == null ? null : new ModelCard.ImageInput(images.width(), images.height(), images.channels(),
                        images.grayscale() ? "grayscale" : "rgb", images.pixelRange(),
                        "one row per image: channel by channel, then row by row (index = c*H*W + y*W + x), values 0-255 before the normalizer",
                        ImageFolders.EXTENSIONS), null, series, data.sequence());
    }
}
