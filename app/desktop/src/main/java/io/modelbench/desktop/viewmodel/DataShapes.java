package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.TableDataset;

import java.util.List;
import java.util.Map;

/**
 * What the network reads for data whose shape is known without a worker's schema check: an image folder (its size and
 * classes), a series (windows of the target and covariates, a regression) or sequences to classify (each sequence's
 * steps × channels, the label's classes, the schema worked out when they were read). The Model page's summary and its
 * words for the inputs. A plain table's schema needs every cell checked, on a worker ({@link ModelViewModel}).
 */
final class DataShapes {

    /** The network's input shape and the schema (target, task, classes) for the open data. */
    record Shaped(InputShape shape, DataSchema schema) {
    }

    private DataShapes() {
    }

    /** The shape of the open images, series or sequences; null for a plain table (or nothing open). */
    static Shaped of(Workspace w) {
        ImageDataset images = w.getImages();
        SeriesDataset series = w.seriesProperty().get();
        TableDataset sequences = w.sequencesProperty().get();
        if (images != null) {
            return new Shaped(images.settings().shape(), new DataSchema(List.of(), List.of(), "class", TaskType.CLASSIFICATION,
                    images.labels(), Map.of()));
        }
        if (sequences != null) {
            return new Shaped(InputShape.sequence(sequences.sequence().channels().size(), sequences.sequence().steps()), sequences.schema());
        }
        if (series != null) {
            return new Shaped(InputShape.sequence(series.channels().size(), series.settings().window()),
                    new DataSchema(List.of(), List.of(), series.targetColumn(), TaskType.REGRESSION, List.of(), Map.of()));
        }
        return null;
    }

    /**
     * True when the table primed on the worker that read it already has the schema for this choice. False, not an
     * exception, when the choice does not fit the table: a new table shows while the last one's target is still chosen,
     * and this runs on the UI thread (the InputException escaped into JavaFX's uncaught-exception handler); the schema is
     * then worked out on a worker, which says what is wrong.
     */
    static boolean primedFor(io.modelbench.engine.data.TableDataset primed, String target, List<String> ignored,
                             io.modelbench.engine.api.PreparationSettings prep) {
        try {
            return primed.withSchema(target, null, ignored, prep) == primed;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The inputs in words, for the summary line: "windows of 12 steps × 1 values", "28×28 grayscale images", ... */
    static String inputs(Workspace w, InputShape shape, DataSchema s) {
        if (shape.sequence()) {
            return (w.sequencesProperty().get() != null ? "sequences of " : "windows of ") + shape.width() + " steps × " + shape.channels() + " values";
        }
        if (shape.image()) {
            ImageSettings im = w.getImages() == null ? null : w.getImages().settings();
            return shape.width() + "×" + shape.height() + (im != null && !im.grayscale() ? " RGB" : " grayscale") + " images";
        }
        boolean expanded = shape.width() != s.inputCount();
        return s.inputCount() + " input columns" + (expanded ? " (" + shape.width() + " model inputs after one-hot encoding)" : "");
    }
}
