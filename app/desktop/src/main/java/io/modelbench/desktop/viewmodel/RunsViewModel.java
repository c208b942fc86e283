package io.modelbench.desktop.viewmodel;

import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Runs page: every run trained in this session, newest first; select several to overlay their loss
 * curves and see their settings side by side (rows: settings, columns: runs; differing rows marked).
 */
public final class RunsViewModel {

    /** One settings row of the comparison: the setting, its value per selected run, and whether they differ. */
    public record ComparisonRow(String setting, List<String> values, boolean differs) {
    }

    private final ObservableList<RunRecord> runs;
    private final ObservableList<RunRecord> selected = FXCollections.observableArrayList();
    private final ObservableList<ComparisonRow> comparison = FXCollections.observableArrayList();

    public RunsViewModel(Workspace workspace) {
        this.runs = workspace.getRuns();
        selected.addListener((ListChangeListener<RunRecord>) c -> compare());
    }

    public ObservableList<RunRecord> getRuns() {
        return runs;
    }

    /** The runs chosen for the comparison (the view keeps it in step with the list's selection). */
    public ObservableList<RunRecord> getSelected() {
        return selected;
    }

    public ObservableList<ComparisonRow> getComparison() {
        return comparison;
    }

    private void compare() {
        Set<String> keys = new LinkedHashSet<>();
        selected.forEach(r -> keys.addAll(r.settings().keySet()));
        List<ComparisonRow> rows = new ArrayList<>();
        for (String k : keys) {
            List<String> values = selected.stream().map(r -> r.settings().getOrDefault(k, "")).toList();
            rows.add(new ComparisonRow(k, values, values.stream().distinct().count() > 1));
        }
        List<String> results = selected.stream().map(RunRecord::result).toList();
        rows.add(0, new ComparisonRow("result", results, results.stream().distinct().count() > 1));
        comparison.setAll(rows);
    }
}
