package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.project.DatasetRecipe;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Data page's table section: each column's profile with its editable type and role (input, target, ignore), and
 * how missing values, scaling and class weights are handled; what is chosen here goes into the {@link Workspace}'s
 * preparation settings and left-out columns. The profiles come with the open {@link TableDataset} (worked out once,
 * when the table was read). Part of {@link DataViewModel}; UI thread only.
 */
final class DataColumns {

    private final Workspace workspace;
    private final ObservableList<ColumnRow> columnRows = FXCollections.observableArrayList();
    private final ObjectProperty<Normalization> normalization = new SimpleObjectProperty<>(this, "normalization", Normalization.STANDARDIZE);
    private final ObjectProperty<MissingStrategy> missing = new SimpleObjectProperty<>(this, "missing");
    private final StringProperty missingConstant = new SimpleStringProperty(this, "missingConstant", "0");
    private final BooleanProperty weightClasses = new SimpleBooleanProperty(this, "weightClasses");
    private final Map<String, ColumnType> typeOverrides = new HashMap<>();
    private final Set<String> ignored = new LinkedHashSet<>();
    /** Columns the user made inputs: kept even when the leak check would leave them out (the CLI's --keep). */
    private final Set<String> kept = new LinkedHashSet<>();
    /** The leak check's verdict for {@link #leaksTarget}: column to reason (see {@code Datasets.leaks}). */
    private Map<String, String> leaks = Map.of();
    private String leaksTarget;
    private boolean updatingRoles;

    DataColumns(Workspace workspace) {
        this.workspace = workspace;
        workspace.targetColumnProperty().addListener((o, was, now) -> updateRoles());
        normalization.addListener((o, a, b) -> updatePreparation());
        missing.addListener((o, a, b) -> updatePreparation());
        missingConstant.addListener((o, a, b) -> updatePreparation());
        weightClasses.addListener((o, a, b) -> updatePreparation());
    }

    /** The Data page's line on the open data: source, size and target of a table, or an image folder's classes. */
    static String summary(Workspace workspace) {
        io.modelbench.engine.data.Table t = workspace.getTable();
        io.modelbench.engine.data.ImageDataset open = workspace.getImages();
        if (open != null) {
            io.modelbench.engine.api.ImageSettings s = open.settings();
            return String.format("%s · %,d images in %d classes · read as %d×%d %s%s", open.source(), open.size(),
                    open.labels().size(), s.width(), s.height(), s.grayscale() ? "grayscale" : "RGB",
                    open.skipped().isEmpty() ? "" : String.format(" · %,d files skipped (listed below)", open.skipped().size()));
        }
        if (t == null) {
            return "";
        }
        return String.format("%s · %,d rows × %d columns · predicting '%s'", t.source(), t.rowCount(),
                t.columnCount(), workspace.targetColumnProperty().get()) + (t.encodingNote().isEmpty() ? "" : " · " + t.encodingNote());
    }

    ObservableList<ColumnRow> rows() {
        return columnRows;
    }

    ObjectProperty<Normalization> normalization() {
        return normalization;
    }

    ObjectProperty<MissingStrategy> missing() {
        return missing;
    }

    StringProperty missingConstant() {
        return missingConstant;
    }

    BooleanProperty weightClasses() {
        return weightClasses;
    }

    /** Another table was opened (or none is open): forget the choices made for the one before. */
    void clear() {
        columnRows.clear();
        typeOverrides.clear();
        ignored.clear();
        kept.clear();
        leaks = Map.of();
        leaksTarget = null;
        updatePreparation();
    }

    /**
     * Shows the open table's columns, once its target and a project's choices are set: each row's role follows them,
     * and the page selects the target's row.
     */
    void show(TableDataset data) {
        List<ColumnProfile> profiles = data.profiles();
        List<ColumnRow> rows = new ArrayList<>();
        for (ColumnProfile p : profiles) {
            ColumnRow row = new ColumnRow(p, defaultRole(p));
            row.setLeak(leakOf(p.name()), kept.contains(p.name()));
            row.roleProperty().addListener((o, a, role) -> roleChanged(row, role));
            row.typeProperty().addListener((o, a, type) -> {
                typeOverrides.put(row.getName(), type);
                updatePreparation();
            });
            rows.add(row);
        }
        columnRows.setAll(rows);
    }

    /** Takes a project recipe's choices for the open table (types, left-out columns, missing values, scaling, target). */
    void apply(DatasetRecipe r) {
        PreparationSettings p = r.preparation() == null ? PreparationSettings.defaults() : r.preparation();
        typeOverrides.putAll(p.types());
        ignored.addAll(r.ignoredColumns());
        kept.addAll(p.keep());
        missingConstant.set(p.constant());
        missing.set(p.missing());
        normalization.set(p.normalization());
        weightClasses.set(p.weightClasses());
        if (r.targetColumn() != null && workspace.getTable().indexOf(r.targetColumn()) >= 0) {
            workspace.targetColumnProperty().set(r.targetColumn());
        }
        updatePreparation();
    }

    private ColumnRole defaultRole(ColumnProfile p) {
        if (p.name().equals(workspace.targetColumnProperty().get())) {
            return ColumnRole.TARGET;
        }
        if (ignored.contains(p.name())) {
            return ColumnRole.IGNORE;
        }
        if (typeOverrides.containsKey(p.name()) || kept.contains(p.name())) {
            return ColumnRole.FEATURE;
        }
        if (leakOf(p.name()) != null) {
            return ColumnRole.IGNORE; // left out as the engine leaves it out, with the reason in the note
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
                kept.remove(name);
                workspace.targetColumnProperty().set(name);
            }
            case IGNORE -> {
                ignored.add(name);
                kept.remove(name);
                if (name.equals(workspace.targetColumnProperty().get())) {
                    workspace.targetColumnProperty().set(null);
                }
            }
            case FEATURE -> {
                ignored.remove(name);
                kept.add(name); // an input by the user's choice: the leak check keeps it (--keep)
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
        row.setLeak(leakOf(name), kept.contains(name));
        updatePreparation();
        updateRoles();
    }

    /**
     * The leak check's verdict for {@code target} (worked out on a worker): each leaking column not chosen by the user
     * becomes "ignore" with the reason as its note, as identifiers are; a column no longer leaking gets its default role
     * back. A verdict for another target than the current one is dropped.
     */
    void showLeaks(String target, Map<String, String> found) {
        if (target == null || !target.equals(workspace.targetColumnProperty().get())) {
            return;
        }
        leaks = Map.copyOf(found);
        leaksTarget = target;
        updatingRoles = true;
        try {
            for (ColumnRow r : columnRows) {
                if (!r.getName().equals(target) && !ignored.contains(r.getName())) {
                    r.roleProperty().set(defaultRole(r.profile()));
                }
                r.setLeak(leakOf(r.getName()), kept.contains(r.getName()));
            }
        } finally {
            updatingRoles = false;
        }
        updatePreparation();
    }

    /** The columns left out as leaks now (not kept by the user), for the current target. */
    List<String> leaking() {
        return leaks.keySet().stream().filter(c -> !kept.contains(c) && !c.equals(leaksTarget)).sorted().toList();
    }

    /** The sample's usual target if the table has it, else its last column. */
    static String targetOf(io.modelbench.engine.data.Table t, String target) {
        return target != null && t.indexOf(target) >= 0 ? target : t.columns().get(t.columnCount() - 1);
    }

    /** A hint line per column left out as a leak, with how to keep it. */
    String leakHints() {
        // the sequence id of sequences read to classify names each label's sequence: it is no leak there (it is left out)
        var seq = workspace.sequencesProperty().get();
        return leaking().stream().filter(c -> seq == null || !c.equals(seq.sequence().idColumn()))
                .map(c -> "Hint: column '" + c + "' predicts the target alone (a leak?): it is left out; set its role to"
                        + " input to keep it")
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private String leakOf(String column) {
        String target = workspace.targetColumnProperty().get();
        return target != null && target.equals(leaksTarget) && !column.equals(target) ? leaks.get(column) : null;
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

    /** The preparation settings a newly opened table starts with: these choices, no column types set. */
    PreparationSettings forNewTable() {
        return new PreparationSettings(Map.of(), missing.get(), Map.of(), missingConstant.get(), normalization.get(),
                weightClasses.get());
    }

    private void updatePreparation() {
        workspace.preparationProperty().set(new PreparationSettings(Map.copyOf(typeOverrides), missing.get(), Map.of(),
                missingConstant.get(), normalization.get(), weightClasses.get(), List.copyOf(kept)));
        // the leaks too, so that the Model page's inputs are those training will use (the engine would leave them out)
        Set<String> left = new LinkedHashSet<>(ignored);
        left.addAll(leaking());
        workspace.ignoredColumnsProperty().set(List.copyOf(left));
    }
}
