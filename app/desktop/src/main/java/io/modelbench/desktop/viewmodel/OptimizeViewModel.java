package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelMeasurement;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.app.Optimizations;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.DatasetRecipe;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The Optimize page, between Evaluate and Export: the trained model made smaller or faster (int8 or fp16 weights,
 * magnitude pruning with fine-tuning, global or per layer, or a distilled MLP or CNN student), measured before and
 * after on the test split of its own data, shown as a before/after table and size-against-accuracy points, and saved
 * as a model zip. The work runs in the background with progress and Cancel; the optimized model is held until it is
 * saved or the trained model changes. A distillation is a run ({@link StudentRuns}): kept in the open project, its
 * curves on the Train page while it trains, listed on the Runs page, its epoch and loss shown here as it goes.
 */
public final class OptimizeViewModel {

    /** One row of the before/after table, as text. */
    public record Row(String model, String size, String parameters, String nonzero, String figure, String latency1,
                      String latency256) {
    }

    /** One point of the size-against-accuracy chart (size in KB; the headline figure: accuracy or RMSE, named). */
    public record Point(String label, double sizeKb, double figure, String figureName) {
    }

    private final Workspace workspace;
    private final TaskRunner runner;
    private final TaskRunner saver;
    private final StringProperty method = new SimpleStringProperty(this, "method", "int8");
    private final StringProperty sparsity = new SimpleStringProperty(this, "sparsity", "0.5");
    private final StringProperty pruneScope = new SimpleStringProperty(this, "pruneScope", "global");
    private final StringProperty studentKind = new SimpleStringProperty(this, "studentKind", "mlp");
    private final StringProperty student = new SimpleStringProperty(this, "student", "64,32");
    private final StringProperty filterScale = new SimpleStringProperty(this, "filterScale", "0.5");
    private final StringProperty temperature = new SimpleStringProperty(this, "temperature", fmt(OptimizeSettings.DEFAULT_TEMPERATURE));
    private final StringProperty alpha = new SimpleStringProperty(this, "alpha", fmt(OptimizeSettings.DEFAULT_ALPHA));
    private final StringProperty epochs = new SimpleStringProperty(this, "epochs", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Point> points = FXCollections.observableArrayList();
    private final ObjectProperty<Optimizations.Optimized> result = new SimpleObjectProperty<>(this, "result");
    private final BooleanBinding canRun;
    private final BooleanBinding canSave;
    private final StudentRuns students;

    /**
     * @param train  the Train page (a distillation's curves show there); {@code runs} the engine's run service
     * @param recipe the open data's recipe (the Data page's), recorded with a distillation's project run
     */
    public OptimizeViewModel(Workspace workspace, Executor background, UiScheduler ui, TrainViewModel train,
                             io.modelbench.engine.app.RunService runs, Supplier<DatasetRecipe> recipe) {
        this.workspace = workspace;
        this.students = new StudentRuns(workspace, train, runs, ui, recipe);
        this.runner = new TaskRunner(background, ui);
        this.saver = new TaskRunner(background, ui);
        // one training at a time: a distillation's curves go to the Train page, which must not be training its own run
        canRun = Bindings.createBooleanBinding(() -> workspace.getOutcome() != null && workspace.getDataset() != null
                && !runner.isRunning() && !train.runningProperty().get(), workspace.outcomeProperty(), workspace.datasetProperty(),
                runner.runningProperty(), train.runningProperty());
        train.optimizingProperty().bind(runner.runningProperty());
        canSave = Bindings.createBooleanBinding(() -> result.get() != null && !runner.isRunning() && !saver.isRunning(),
                result, runner.runningProperty(), saver.runningProperty());
        workspace.outcomeProperty().addListener((o, a, b) -> {
            runner.cancel();
            result.set(null);
            rows.clear();
            points.clear();
            message.set("");
            error.set("");
        });
    }

    /** {@code int8}, {@code fp16}, {@code prune} or {@code distill}. */
    public StringProperty methodProperty() {
        return method;
    }

    public StringProperty sparsityProperty() {
        return sparsity;
    }

    public StringProperty studentProperty() {
        return student;
    }

    /** {@code global} (one threshold for all weights) or {@code layer} (each weight matrix to the sparsity). */
    public StringProperty pruneScopeProperty() {
        return pruneScope;
    }

    /** The student: {@code mlp} (dense layers of {@link #studentProperty}) or {@code cnn} (the teacher's layers scaled). */
    public StringProperty studentKindProperty() {
        return studentKind;
    }

    /** A CNN student's share of the teacher's filters and dense units, such as 0.5. */
    public StringProperty filterScaleProperty() {
        return filterScale;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    public StringProperty alphaProperty() {
        return alpha;
    }

    /** Fine-tuning or student epochs; empty for the default. */
    public StringProperty epochsProperty() {
        return epochs;
    }

    public BooleanBinding canRunBinding() {
        return canRun;
    }

    public BooleanBinding canSaveBinding() {
        return canSave;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return runner.runningProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return runner.progressProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Before and after of the last run. */
    public ObservableList<Row> getRows() {
        return rows;
    }

    /** The original model and every optimized one of this trained model, for the chart. */
    public ObservableList<Point> getPoints() {
        return points;
    }

    /** The last optimized model (null before a run, or after the trained model changed). */
    public ObjectProperty<Optimizations.Optimized> resultProperty() {
        return result;
    }

    /** The settings as typed, checked: an {@link InputException} naming the setting when one is not valid. */
    public OptimizeSettings settings() {
        String m = method.get();
        return switch (m) {
            case "int8" -> OptimizeSettings.int8();
            case "fp16" -> OptimizeSettings.fp16();
            case "prune" -> OptimizeSettings.prune(number("Sparsity", sparsity.get()), pruneScope.get(),
                    epochs.get().isBlank() ? OptimizeSettings.DEFAULT_PRUNE_EPOCHS : (int) number("Epochs", epochs.get()));
            default -> {
                double t = number("Temperature", temperature.get());
                double a = number("Alpha", alpha.get());
                int n = epochs.get().isBlank() ? OptimizeSettings.DEFAULT_DISTILL_EPOCHS : Math.max(1, (int) number("Epochs", epochs.get()));
                yield "cnn".equals(studentKind.get()) ? OptimizeSettings.distillCnn(number("Filter share", filterScale.get()), t, a, n)
                        : OptimizeSettings.distill(layers(student.get()), t, a, n);
            }
        };
    }

    /** Optimizes the trained model in the background, measured on the open data's test split. */
    public void run() {
        TrainingOutcome outcome = workspace.getOutcome();
        Dataset data = workspace.getDataset();
        if (outcome == null || data == null || runner.isRunning()) {
            return;
        }
        OptimizeSettings s;
        try {
            s = settings();
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        message.set("Optimizing (" + s.method() + ")… the model is measured before and after on its test split.");
        if (s.method().equals("distill")) {
            distill(outcome, data, s);
            return;
        }
        runner.run(BackgroundTask.of(ctx -> Optimizations.optimize(outcome.model(), data, s, ctx))
                .describedAs("Optimization failed")
                .onSuccess(this::show)
                .onCancelled(() -> message.set("Cancelled: nothing was changed."))
                .onFailure(msg -> {
                    error.set(msg);
                    message.set("");
                }));
    }

    /** A distillation, as a run (see {@link StudentRuns}). */
    private void distill(TrainingOutcome outcome, Dataset data, OptimizeSettings s) {
        io.modelbench.engine.api.TrainingRequest request;
        try {
            request = students.request(outcome.model(), s);
        } catch (InputException e) {
            error.set(e.getMessage());
            message.set("");
            return;
        }
        runner.run(students.task(outcome.model(), data, s)
                .describedAs("Distillation failed")
                .onEvents(batch -> {
                    String line = students.show(batch);
                    if (line != null && runner.isRunning()) {
                        message.set(line);
                    }
                })
                .onSuccess(d -> {
                    students.finished(d, data, request);
                    show(d.optimized());
                })
                .onCancelled(() -> {
                    message.set("Cancelled: nothing was changed.");
                    students.ended();
                })
                .onFailure(msg -> {
                    error.set(msg);
                    message.set("");
                    students.ended();
                }));
    }

    public void cancel() {
        runner.cancel();
        message.set("Cancelled: nothing was changed.");
    }

    private void show(Optimizations.Optimized o) {
        ModelCard.Optimized r = o.record();
        rows.setAll(row("original", r.before()), row(r.method(), r.after()));
        if (points.isEmpty()) {
            points.add(point("original", r.before()));
        }
        points.add(point(r.method(), r.after()));
        ModelMeasurement b = r.before();
        ModelMeasurement a = r.after();
        message.set(String.format(Locale.ROOT, "%s: %.0f %% of the size, %.0f %% of the parameters not zero%s. %s",
                r.method(), 100.0 * a.sizeBytes() / b.sizeBytes(), 100.0 * a.nonzeroParameters() / b.parameters(),
                a.sparsity() > 0.01 ? String.format(Locale.ROOT, ", sparsity %.1f %%", 100 * a.sparsity()) : "",
                r.method().equals("int8") ? "Plain DL4J needs ModelBench's loader for int8 zips." : "Save it to use it."));
        result.set(o);
    }

    /** Saves the optimized model zip (atomically) in the background. */
    public void save(Path target) {
        Optimizations.Optimized o = result.get();
        if (o == null || saver.isRunning()) {
            return;
        }
        saver.run(BackgroundTask.of(ctx -> {
            Optimizations.save(o, target);
            return String.format(Locale.ROOT, "Saved %s (%,d KB).", target, Math.max(1, o.zip().length / 1024));
        }).describedAs("Could not save the optimized model").onSuccess(message::set).onFailure(error::set));
    }

    /** A file name to suggest: the data's name, the method, ".zip". */
    public String suggestedFileName() {
        Optimizations.Optimized o = result.get();
        return io.modelbench.engine.app.Exports.suggestedFileName(workspace.getDataset())
                .replace("-model.zip", "-" + (o == null ? method.get() : o.record().method()) + ".zip");
    }

    static Row row(String name, ModelMeasurement m) {
        Object acc = m.test().get("accuracy");
        String figure = acc instanceof Number n ? String.format(Locale.ROOT, "accuracy %.4f", n.doubleValue())
                : String.format(Locale.ROOT, "RMSE %.4g, R² %.3f", m.headline(), ((Number) m.test().getOrDefault("r2", Double.NaN)).doubleValue());
        return new Row(name, String.format(Locale.ROOT, "%,d", m.sizeBytes()), String.format(Locale.ROOT, "%,d", m.parameters()),
                String.format(Locale.ROOT, "%,d", m.nonzeroParameters()), figure,
                String.format(Locale.ROOT, "%.3f ms", m.latencyBatch1Ms()), String.format(Locale.ROOT, "%.4f ms", m.latencyBatch256Ms()));
    }

    private static Point point(String name, ModelMeasurement m) {
        return new Point(name, m.sizeBytes() / 1024.0, m.headline(), m.test().containsKey("accuracy") ? "accuracy" : "RMSE");
    }

    private static double number(String setting, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw InputException.setting(setting, text, "give a number");
        }
    }

    private static List<Integer> layers(String text) {
        try {
            return Arrays.stream(text.split(",")).map(String::trim).map(Integer::parseInt).toList();
        } catch (NumberFormatException e) {
            throw InputException.setting("Student layers", text, "give dense layer sizes such as 64,32");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
