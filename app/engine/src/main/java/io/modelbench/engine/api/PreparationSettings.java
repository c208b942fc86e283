package io.modelbench.engine.api;

import java.util.List;
import java.util.Map;

/**
 * How a table becomes numbers: column types the user changed, the missing-value strategy (one for all
 * columns, per-column overrides), the constant for {@link MissingStrategy#CONSTANT}, the normalization, and
 * whether classes are weighted by inverse frequency in the loss (for imbalanced targets), and the columns kept as
 * inputs although they predict the target alone ({@code keep}: the leak check leaves them out otherwise; null in
 * projects and checkpoints written before it existed).
 */
public record PreparationSettings(Map<String, ColumnType> types, MissingStrategy missing,
                                  Map<String, MissingStrategy> missingPerColumn, String constant,
                                  Normalization normalization, boolean weightClasses, List<String> keep) {

    public PreparationSettings {
        types = Map.copyOf(types);
        missingPerColumn = Map.copyOf(missingPerColumn);
        constant = constant == null ? "0" : constant;
        keep = keep == null ? List.of() : List.copyOf(keep);
    }

    /** Keeping no column the leak check finds. */
    public PreparationSettings(Map<String, ColumnType> types, MissingStrategy missing,
                               Map<String, MissingStrategy> missingPerColumn, String constant,
                               Normalization normalization, boolean weightClasses) {
        this(types, missing, missingPerColumn, constant, normalization, weightClasses, List.of());
    }

    /** Inferred types; mean (numbers) or most frequent value (others) for missing values; standardize. */
    public static PreparationSettings defaults() {
        return new PreparationSettings(Map.of(), null, Map.of(), "0", Normalization.STANDARDIZE, false, List.of());
    }

    /** The strategy for a column of that type: per-column, else the global one, else the type's default. */
    public MissingStrategy missingFor(String column, ColumnType type) {
        MissingStrategy m = missingPerColumn.get(column);
        if (m == null) {
            m = missing;
        }
        if (m == null) {
            return type.isNumber() ? MissingStrategy.MEAN : MissingStrategy.MOST_FREQUENT;
        }
        if (!type.isNumber() && (m == MissingStrategy.MEAN || m == MissingStrategy.MEDIAN)) {
            return MissingStrategy.MOST_FREQUENT;
        }
        return m;
    }

    public PreparationSettings withNormalization(Normalization n) {
        return new PreparationSettings(types, missing, missingPerColumn, constant, n, weightClasses, keep);
    }

    public PreparationSettings withMissing(MissingStrategy m, String c) {
        return new PreparationSettings(types, m, missingPerColumn, c, normalization, weightClasses, keep);
    }

    public PreparationSettings withTypes(Map<String, ColumnType> t) {
        return new PreparationSettings(t, missing, missingPerColumn, constant, normalization, weightClasses, keep);
    }

    public PreparationSettings withKeep(List<String> k) {
        return new PreparationSettings(types, missing, missingPerColumn, constant, normalization, weightClasses, k);
    }

    public PreparationSettings withWeightClasses(boolean w) {
        return new PreparationSettings(types, missing, missingPerColumn, constant, normalization, w, keep);
    }
}
