package io.modelbench.desktop.viewmodel;

/** What a column is for in training. */
public enum ColumnRole {
    FEATURE("input"), TARGET("target"), IGNORE("ignore");

    private final String label;

    ColumnRole(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
