package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.app.WindowForecasts;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * The Try page for a forecasting model (issue 15): the user types or pastes the last N values (N the model's window;
 * separated by commas, spaces or new lines, as a spreadsheet column pastes; with covariates one line per step) and
 * sees the forecast for the model's horizon, worked out on a worker by {@link WindowForecasts} as {@code predict}
 * does; a wrong count or a value that is not a number gets the engine's one line saying how many values are needed.
 * The text starts as the last window of the open series. Part of {@link TryViewModel}; UI thread only.
 */
public final class WindowTry {

    private final Workspace workspace;
    private final TaskRunner forecasts;
    private final ReadOnlyBooleanWrapper forecasting = new ReadOnlyBooleanWrapper(this, "forecasting");
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper needed = new ReadOnlyStringWrapper(this, "needed", "");
    private final ReadOnlyStringWrapper forecast = new ReadOnlyStringWrapper(this, "forecast", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** With an id column: the ids of the open data's series, one of which fills the window; empty for one series. */
    private final javafx.collections.ObservableList<String> ids = javafx.collections.FXCollections.observableArrayList();
    private final StringProperty seriesId = new SimpleStringProperty(this, "seriesId");
    private WindowForecasts.Shape shape;

    WindowTry(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.forecasts = new TaskRunner(background, ui);
        text.addListener((o, was, now) -> forecast());
        seriesId.addListener((o, was, now) -> fillFromData());
    }

    /** A new trained model: shown here when it forecasts, with the open series' last window filled in. */
    void build(TrainingOutcome outcome) {
        forecasts.cancel();
        forecast.set("");
        error.set("");
        boolean series = outcome != null && outcome.model().card().series() != null;
        text.set("");  // the text filled in below is then a change, and forecasts, even when it is the same as before
        shape = series ? WindowForecasts.shape(outcome.model()) : null;
        needed.set(series ? "Give " + shape.describe() + " (" + shape.values() + " numbers; paste a column from a spreadsheet, "
                + "or separate them with commas or spaces):" : "");
        forecasting.set(series);
        SeriesDataset d = workspace.seriesProperty().get();
        ids.setAll(series && d != null && d.series().size() > 1 ? d.series().stream().map(SeriesDataset.Series::id).toList() : List.of());
        String first = ids.isEmpty() ? null : ids.get(0);
        if (series && java.util.Objects.equals(first, seriesId.get())) {
            fillFromData();
        } else {
            seriesId.set(first);  // fills the window (a change)
            if (series && first == null) {
                fillFromData();
            }
        }
    }

    /** True when the trained model forecasts a time series: the page then takes a window of values, not a row. */
    public ReadOnlyBooleanProperty forecastingProperty() {
        return forecasting.getReadOnlyProperty();
    }

    /** With an id column, the ids of the open data's series (for "Last values of the data"); empty for one series. */
    public javafx.collections.ObservableList<String> getSeriesIds() {
        return ids;
    }

    /** The series whose last values fill the window (an id of {@link #getSeriesIds()}); changing it fills them. */
    public StringProperty seriesIdProperty() {
        return seriesId;
    }

    /** The window as typed or pasted. */
    public StringProperty textProperty() {
        return text;
    }

    /** What to give, in words (how many values of which columns, oldest first). */
    public ReadOnlyStringProperty neededProperty() {
        return needed.getReadOnlyProperty();
    }

    /** The forecast in a sentence, or "" while there is none. */
    public ReadOnlyStringProperty forecastProperty() {
        return forecast.getReadOnlyProperty();
    }

    /** Why the text is not a window the model reads (the engine's one line), or "". */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * Fills the text with the last window of the open series (with an id column, of the series chosen in
     * {@link #seriesIdProperty()}, else the first): the values the model would read to forecast the step after it ends.
     */
    public void fillFromData() {
        SeriesDataset d = workspace.seriesProperty().get();
        if (shape == null || d == null || !d.channels().equals(shape.channels())) {
            text.set("");
            return;
        }
        SeriesDataset.Series s = d.series().stream().filter(x -> x.id().equals(seriesId.get())).findFirst().orElse(d.series().get(0));
        int w = shape.window();
        if (s.length() < w) {
            text.set("");
            return;
        }
        List<String> lines = new ArrayList<>();
        for (int k = s.length() - w; k < s.length(); k++) {
            List<String> step = new ArrayList<>();
            for (double[] channel : s.values()) {
                step.add(Double.isNaN(channel[k]) ? "" : plain(channel[k]));
            }
            lines.add(String.join(", ", step));
        }
        // one value a step reads as a list; with covariates, one line a step
        text.set(String.join(shape.channels().size() == 1 ? ", " : "\n", lines));
    }

    /** Forecasts the text on a worker; only the newest answer is shown. */
    private void forecast() {
        TrainingOutcome outcome = workspace.getOutcome();
        if (!forecasting.get() || outcome == null) {
            return;
        }
        String window = text.get();
        if (window == null || window.isBlank()) {
            forecasts.cancel();
            forecast.set("");
            error.set("");
            return;
        }
        TrainedModel model = outcome.model();
        WindowForecasts.Shape s = shape;
        forecasts.run(BackgroundTask.of(ctx -> WindowForecasts.forecast(model, WindowForecasts.parse(model, window)))
                .describedAs("Could not forecast from the window")
                .onSuccess(f -> {
                    error.set("");
                    forecast.set(String.format(Locale.ROOT, "%s %d step%s (%s each) after the last value given: %.6g", f.target(),
                            f.horizon(), f.horizon() == 1 ? "" : "s", s.step(), f.value()));
                })
                .onFailure(msg -> {
                    forecast.set("");
                    error.set(msg);
                }));
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
