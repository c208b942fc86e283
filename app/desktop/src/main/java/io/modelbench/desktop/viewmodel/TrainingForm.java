package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.train.Defaults;
import io.modelbench.engine.train.SeriesDefaults;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;

/**
 * The Train page's settings as typed (epochs, batch size, learning rate, seed, optimizer and schedule, early stopping,
 * weight decay, gradient clipping, threads), and the {@link TrainingRequest} they make with the open data and the
 * Model page's network: a setting that does not parse is an {@link InputException} naming it. Part of
 * {@link TrainViewModel}; UI thread only.
 */
final class TrainingForm {

    final StringProperty epochs = new SimpleStringProperty(this, "epochs", String.valueOf(TrainingSettings.DEFAULT_EPOCHS));
    final StringProperty batchSize = new SimpleStringProperty(this, "batchSize", String.valueOf(TrainingSettings.DEFAULT_BATCH_SIZE));
    final StringProperty learningRate = new SimpleStringProperty(this, "learningRate", String.valueOf(TrainingSettings.DEFAULT_LEARNING_RATE));
    final StringProperty seed = new SimpleStringProperty(this, "seed", String.valueOf(TrainingSettings.DEFAULT_SEED));
    final StringProperty optimizer = new SimpleStringProperty(this, "optimizer", "adam");
    final StringProperty schedule = new SimpleStringProperty(this, "schedule", "fixed");
    final StringProperty patience = new SimpleStringProperty(this, "patience", "0");
    final StringProperty weightDecay = new SimpleStringProperty(this, "weightDecay", "0");
    final StringProperty clipNorm = new SimpleStringProperty(this, "clipNorm", "0");
    final StringProperty threads = new SimpleStringProperty(this, "threads", "auto");
    /** "Try a few settings" (issue 19): the run first searches sizes and learning rates on validation within the time budget. */
    final javafx.beans.property.BooleanProperty auto = new javafx.beans.property.SimpleBooleanProperty(this, "auto", false);
    final StringProperty timeBudget = new SimpleStringProperty(this, "timeBudget",
            plain(io.modelbench.engine.app.RunSettings.DEFAULT_AUTO_SECONDS));
    /** The value each data-dependent field was last given automatically: a field still holding it follows new data. */
    private final java.util.Map<StringProperty, String> automatic = new java.util.HashMap<>(java.util.Map.of(epochs, epochs.get(),
            batchSize, batchSize.get(), learningRate, learningRate.get(), patience, patience.get(), weightDecay, weightDecay.get()));

    /**
     * Fills the settings the user has not changed with the defaults for the open data ({@link Defaults}, issue 19): for a
     * table of {@code rows} rows the epoch budget, batch size, learning rate, early stopping and weight decay measured
     * to generalize; for images ({@code rows} &lt; 0) the fixed defaults. A field the user typed into stays as typed.
     */
    void adaptTo(int rows) {
        TrainingSettings d = rows < 0 ? TrainingSettings.defaults()
                : Defaults.adapt(TrainingSettings.defaults(), rows, SplitSettings.defaults(TrainingSettings.DEFAULT_SEED), java.util.Set.of());
        follow(epochs, String.valueOf(d.epochs()));
        follow(batchSize, String.valueOf(d.batchSize()));
        follow(learningRate, plain(d.learningRate()));
        follow(patience, String.valueOf(d.optimization().patience()));
        follow(weightDecay, plain(d.optimization().weightDecay()));
    }

    /** As {@link #adaptTo} for a time series of {@code steps} steps: the settings {@code train --time-column} gets. */
    void adaptToSeries(int steps) {
        TrainingSettings d = SeriesDefaults.adapt(TrainingSettings.defaults(), steps, SplitSettings.defaults(TrainingSettings.DEFAULT_SEED),
                java.util.Set.of(), true);
        follow(epochs, String.valueOf(d.epochs()));
        follow(batchSize, String.valueOf(d.batchSize()));
        follow(learningRate, plain(d.learningRate()));
        follow(patience, String.valueOf(d.optimization().patience()));
        follow(weightDecay, plain(d.optimization().weightDecay()));
    }

    /**
     * A series or sequences to classify get the series defaults ({@link SeriesDefaults}: the LSTM's batch 32, learning rate
     * 0.003, no weight decay; epochs for the number of windows or sequences), as {@code train --time-column} and
     * {@code train --sequence-id} do; a table again its own when they are dropped.
     */
    void followSequenceData(Workspace workspace) {
        javafx.beans.value.ChangeListener<Object> changed = (o, was, now) -> {
            if (workspace.sequencesProperty().get() != null) {
                adaptToSeries(workspace.sequencesProperty().get().size());
            } else if (workspace.seriesProperty().get() != null) {
                adaptToSeries(workspace.seriesProperty().get().steps());
            } else if (workspace.getTable() != null) {
                adaptTo(workspace.getTable().rowCount());
            }
        };
        workspace.seriesProperty().addListener(changed);
        workspace.sequencesProperty().addListener(changed);
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private void follow(StringProperty field, String value) {
        if (field.get().equals(automatic.get(field))) {
            field.set(value);
            automatic.put(field, value);
        }
    }

    /** Shows a run's training settings (for "re-run with the same settings" and opening a project). */
    void show(TrainingSettings t) {
        epochs.set(String.valueOf(t.epochs()));
        batchSize.set(String.valueOf(t.batchSize()));
        learningRate.set(String.valueOf(t.learningRate()));
        seed.set(String.valueOf(t.seed()));
        optimizer.set(t.optimization().optimizer());
        schedule.set(t.optimization().schedule());
        patience.set(String.valueOf(t.optimization().patience()));
        weightDecay.set(String.valueOf(t.optimization().weightDecay()));
        clipNorm.set(String.valueOf(t.optimization().clipNorm()));
    }

    /**
     * The request for the open data: for images the class folders are the target; for a table the target column,
     * left-out columns and preparation chosen on the Data page.
     */
    TrainingRequest request(Workspace workspace, ModelSpec spec) {
        int e = parseInt(epochs.get(), "epochs");
        int b = parseInt(batchSize.get(), "batch size");
        double lr;
        try {
            lr = Double.parseDouble(learningRate.get().trim());
        } catch (NumberFormatException ex) {
            throw InputException.setting("learning rate", learningRate.get(), "enter a positive number such as 0.01");
        }
        long s;
        try {
            s = Long.parseLong(seed.get().trim());
        } catch (NumberFormatException ex) {
            throw InputException.setting("seed", seed.get(), "enter a whole number");
        }
        int p = parseInt(patience.get(), "early stopping patience");
        Optimization o = new Optimization(optimizer.get(), 0.9, schedule.get(), 0.5, 10,
                parseDouble(weightDecay.get(), "weight decay"), parseDouble(clipNorm.get(), "gradient clipping"), p);
        List<Integer> sizes = spec.plainMlpSizes();
        TrainingSettings settings = new TrainingSettings(e, b, lr, sizes != null ? sizes : TrainingSettings.DEFAULT_HIDDEN, s, o)
                .withModel(spec);
        Dataset data = workspace.getDataset();
        if (data != null && data.map(t -> false, images -> true, series -> false)) {
            return new TrainingRequest("class", TaskType.CLASSIFICATION, List.of(), SplitSettings.defaults(s), settings);
        }
        if (workspace.sequencesProperty().get() != null) {
            // as train --sequence-id: the label classified, one example per sequence, split by sequence (stratified)
            return new TrainingRequest(workspace.sequencesProperty().get().schema().targetColumn(), null, List.of(), SplitSettings.defaults(s),
                    settings, SequenceChoice.preparation(workspace));
        }
        if (workspace.seriesProperty().get() != null) {
            // as train --time-column: the series' target, split by time (the engine never shuffles a series)
            return new TrainingRequest(workspace.seriesProperty().get().targetColumn(), null, List.of(), SplitSettings.defaults(s),
                    settings, workspace.preparationProperty().get());
        }
        if (spec.hasSequenceLayers()) {
            throw InputException.setting("model", spec.name(),
                    "LSTM and 1-D layers read a time series or sequences: choose a time column or a sequence id on the Data page");
        }
        if (spec.hasSpatialLayers()) {
            throw InputException.setting("model", spec.name(), "convolution and pooling layers need image data: use dense layers for a table (Model page)");
        }
        String target = workspace.targetColumnProperty().get();
        if (target == null) {
            throw InputException.setting("column to predict", "", "choose it on the Data page");
        }
        return new TrainingRequest(target, null, workspace.ignoredColumnsProperty().get(), SplitSettings.defaults(s),
                settings, workspace.preparationProperty().get());
    }

    /** The search's time budget in seconds when "Try a few settings" is on, else 0 (no search). */
    double autoSeconds() {
        if (!auto.get()) {
            return 0;
        }
        double s = parseDouble(timeBudget.get(), "time budget");
        if (!(s > 0)) {
            throw InputException.setting("time budget", timeBudget.get(), "enter the seconds the search may take, such as 120");
        }
        return s;
    }

    private static double parseDouble(String text, String name) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException | NullPointerException ex) {
            throw InputException.setting(name, text, "enter a number, or 0 for none");
        }
    }

    private static int parseInt(String text, String name) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException ex) {
            throw InputException.setting(name, text, "enter a whole number");
        }
    }
}
