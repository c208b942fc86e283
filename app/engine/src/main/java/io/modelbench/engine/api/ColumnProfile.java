package io.modelbench.engine.api;

import java.util.List;

/**
 * A column at a glance: its inferred type, missing and distinct counts, range and mean (numbers), the most
 * frequent values (all types) and a 20-bin histogram between min and max (numbers). {@code note} says why a
 * column is left out by default ("identifier", "free text", "all values missing", "constant"), or is empty.
 */
public record ColumnProfile(String name, ColumnType type, int missing, int distinct, Double min, Double max,
                            Double mean, List<ValueCount> topValues, int[] histogram, String note) {

    public record ValueCount(String value, int count) {
    }

    public ColumnProfile {
        topValues = List.copyOf(topValues);
    }

    /** Whether the column is an input unless the user says otherwise. */
    public boolean usableAsFeature() {
        return note == null || note.isEmpty();
    }
}
