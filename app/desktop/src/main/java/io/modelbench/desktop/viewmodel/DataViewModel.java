package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.data.TableProfiler;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * The Data page: open a CSV file or a bundled sample, see the table and each column's profile, set column
 * types and roles (input, target, ignore), and how missing values and scaling are handled.
 */
public final class DataViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(DataViewModel.class);

    private final Workspace workspace;
    private final Executor background;
    private final UiScheduler ui;
    private final ObservableList<Samples.Sample> samples = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ObservableList<ColumnRow> columnRows = FXCollections.observableArrayList();
    private final ObjectProperty<Normalization> normalization = new SimpleObjectProperty<>(this, "normalization", Normalization.STANDARDIZE);
    private final ObjectProperty<MissingStrategy> missing = new SimpleObjectProperty<>(this, "missing");
    private final StringProperty missingConstant = new SimpleStringProperty(this, "missingConstant", "0");
    private final BooleanProperty weightClasses = new SimpleBooleanProperty(this, "weightClasses");
    private final Map<String, ColumnType> typeOverrides = new HashMap<>();
    private final Set<String> ignored = new LinkedHashSet<>();
    private boolean updatingRoles;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private volatile boolean cancelRequested;

    public DataViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this.workspace = workspace;
        this.background = background;
        this.ui = ui;
        samples.setAll(Samples.list());
        workspace.tableProperty().addListener((o, was, table) -> {
            columns.setAll(table == null ? List.of() : table.columns());
            columnRows.clear();
            typeOverrides.clear();
            ignored.clear();
            updatePreparation();
            updateSummary();
            if (table != null) {
                profile(table);
            }
        });
        workspace.targetColumnProperty().addListener((o, was, now) -> {
            updateSummary();
            updateRoles();
        });
        normalization.addListener((o, a, b) -> updatePreparation());
        missing.addListener((o, a, b) -> updatePreparation());
        missingConstant.addListener((o, a, b) -> updatePreparation());
        weightClasses.addListener((o, a, b) -> updatePreparation());
    }

    /** Per column: profile, editable type and role (input, target, ignore). */
    public ObservableList<ColumnRow> getColumnRows() {
        return columnRows;
    }

    public ObjectProperty<Normalization> normalizationProperty() {
        return normalization;
    }

    /** null: the default per type (mean for numbers, most frequent value otherwise). */
    public ObjectProperty<MissingStrategy> missingProperty() {
        return missing;
    }

    public StringProperty missingConstantProperty() {
        return missingConstant;
    }

    public BooleanProperty weightClassesProperty() {
        return weightClasses;
    }

    private void profile(Table table) {
        background.execute(() -> {
            List<ColumnProfile> profiles;
            try {
                profiles = TableProfiler.profile(table);
            } catch (RuntimeException e) {
                Errors.log(LOG, "Could not profile the table", e);
                ui.execute(() -> error.set(Errors.message(e)));
                return;
            }
            ui.execute(() -> {
                if (workspace.getTable() != table) {
                    return;
                }
                List<ColumnRow> rows = new java.util.ArrayList<>();
                for (ColumnProfile p : profiles) {
                    ColumnRow row = new ColumnRow(p, defaultRole(p));
                    row.roleProperty().addListener((o, a, role) -> roleChanged(row, role));
                    row.typeProperty().addListener((o, a, type) -> {
                        typeOverrides.put(row.getName(), type);
                        updatePreparation();
                    });
                    rows.add(row);
                }
                columnRows.setAll(rows);
            });
        });
    }

    private ColumnRole defaultRole(ColumnProfile p) {
        if (p.name().equals(workspace.targetColumnProperty().get())) {
            return ColumnRole.TARGET;
        }
        if (ignored.contains(p.name())) {
            return ColumnRole.IGNORE;
        }
        if (typeOverrides.containsKey(p.name())) {
            return ColumnRole.FEATURE;
        }
        return p.usableAsFeature() && p.type() != ColumnType.TEXT ? ColumnRole.FEATURE : ColumnRole.IGNORE;
    }

    private void roleChanged(ColumnRow row, ColumnRole role) {
        if (updatingRoles) {
            return;
        }
        String name = row.getName();
        switch (role) {
            case TARGET -> {
                ignored.remove(name);
                workspace.targetColumnProperty().set(name);
            }
            case IGNORE -> {
                ignored.add(name);
                if (name.equals(workspace.targetColumnProperty().get())) {
                    workspace.targetColumnProperty().set(null);
                }
            }
            case FEATURE -> {
                ignored.remove(name);
                if (!row.profile().usableAsFeature() || row.profile().type() == ColumnType.TEXT) {
                    // the user wants a column the engine would leave out: record its type as chosen
                    typeOverrides.put(name, row.typeProperty().get() == ColumnType.TEXT
                            ? ColumnType.CATEGORICAL : row.typeProperty().get());
                    row.typeProperty().set(typeOverrides.get(name));
                }
                if (name.equals(workspace.targetColumnProperty().get())) {
                    workspace.targetColumnProperty().set(null);
                }
            }
        }
        updatePreparation();
        updateRoles();
    }

    /** Keeps exactly the target column's role as TARGET (after the target is chosen elsewhere). */
    private void updateRoles() {
        updatingRoles = true;
        try {
            String target = workspace.targetColumnProperty().get();
            for (ColumnRow r : columnRows) {
                if (r.getName().equals(target)) {
                    r.roleProperty().set(ColumnRole.TARGET);
                } else if (r.roleProperty().get() == ColumnRole.TARGET) {
                    r.roleProperty().set(defaultRole(r.profile()));
                }
            }
        } finally {
            updatingRoles = false;
        }
    }

    private void updatePreparation() {
        workspace.preparationProperty().set(new PreparationSettings(Map.copyOf(typeOverrides), missing.get(), Map.of(),
                missingConstant.get(), normalization.get(), weightClasses.get()));
        workspace.ignoredColumnsProperty().set(List.copyOf(ignored));
    }

    public ObservableList<Samples.Sample> getSamples() {
        return samples;
    }

    public ObservableList<String> getColumns() {
        return columns;
    }

    public ReadOnlyObjectProperty<Table> tableProperty() {
        return workspace.tableProperty();
    }

    public StringProperty targetColumnProperty() {
        return workspace.targetColumnProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The share of the file read so far while loading (-1: not known). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Stops the import in progress; the table open before stays. */
    public void cancel() {
        cancelRequested = true;
    }

    /** Opens a bundled sample in the background; its usual target column is chosen. */
    public void openSample(Samples.Sample sample) {
        load(p -> Samples.open(sample), sample.target());
    }

    /** Opens a CSV file in the background, with progress; the last column is chosen as the target. */
    public void openFile(Path file) {
        load(p -> CsvTables.read(file, p), null);
    }

    private void load(Function<TaskProgress, Table> reader, String target) {
        if (loading.get()) {
            return;
        }
        loading.set(true);
        cancelRequested = false;
        progress.set(-1);
        error.set("");
        EventCoalescer<Double> updates = new EventCoalescer<>(ui, 50, batch -> {
            if (loading.get()) {
                progress.set(batch.get(batch.size() - 1));
            }
        });
        TaskProgress taskProgress = new TaskProgress() {
            @Override
            public void progress(double fraction) {
                updates.offer(fraction);
            }

            @Override
            public boolean isCancelled() {
                return cancelRequested;
            }
        };
        background.execute(() -> {
            try {
                Table t = reader.apply(taskProgress);
                ui.execute(() -> {
                    workspace.outcomeProperty().set(null);
                    workspace.tableProperty().set(t);
                    String chosen = target != null && t.indexOf(target) >= 0 ? target : t.columns().get(t.columnCount() - 1);
                    workspace.targetColumnProperty().set(chosen);
                    loading.set(false);
                });
            } catch (CancellationException e) {
                ui.execute(() -> {
                    error.set("Import cancelled; the table open before is still open.");
                    loading.set(false);
                });
            } catch (RuntimeException e) {
                Errors.log(LOG, "Could not open the table", e);
                ui.execute(() -> {
                    error.set(Errors.message(e));
                    loading.set(false);
                });
            }
        });
    }

    private void updateSummary() {
        Table t = workspace.getTable();
        if (t == null) {
            summary.set("");
            return;
        }
        summary.set(String.format("%s · %,d rows × %d columns · predicting '%s'", t.source(), t.rowCount(),
                t.columnCount(), workspace.targetColumnProperty().get()));
    }
}
