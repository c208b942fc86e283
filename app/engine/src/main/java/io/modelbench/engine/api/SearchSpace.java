package io.modelbench.engine.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a sweep may vary: one {@link Dimension} per training or model setting, each a list of values to choose from
 * ({@link Choice}; a single value fixes the setting for every trial) or a numeric range ({@link Range}, uniform or
 * log-uniform). Written as JSON like a model spec, one key per setting:
 *
 * <pre>{@code
 * {"learning_rate": {"min": 0.0003, "max": 0.03, "scale": "log"},
 *  "batch_size": [16, 32, 64], "optimizer": ["adam", "nesterov"], "epochs": 40,
 *  "hidden": [[32, 16], [64, 32]], "dropout": {"min": 0, "max": 0.3},
 *  "weight_decay": {"min": 0.00001, "max": 0.01, "scale": "log"}, "filters": [[20, 50], [32, 64]]}
 * }</pre>
 *
 * <p>The settings ({@link #SETTINGS}) carry the names of {@code TrainingSettings}, {@code Optimization} and the
 * {@code train} options: {@code hidden} is the dense layers' sizes, {@code filters} the convolution layers' filters (images),
 * {@code dropout} the share dropped by the dense layers of an MLP or the dropout layers of a CNN. A grid takes a range
 * at {@code grid} evenly spaced points (log-spaced on a log scale; 3 unless given). Validated on construction: an
 * unknown setting, an empty list or an empty range is an {@link InputException} naming it.
 */
public record SearchSpace(List<Dimension> dimensions) implements java.io.Serializable {

    /** The settings a search space may name. */
    public static final List<String> SETTINGS = List.of("learning_rate", "batch_size", "epochs", "optimizer", "momentum",
            "lr_schedule", "weight_decay", "patience", "hidden", "dropout", "filters");

    /** One setting and the values it may take. */
    public sealed interface Dimension extends java.io.Serializable permits Choice, Range {
        String name();
    }

    /**
     * The setting takes one of {@code values} (numbers, words, or lists of whole numbers for {@code hidden} and
     * {@code filters}), as JSON gives them: {@code Double}/{@code Integer}/{@code Long}, {@code String}, {@code List}.
     */
    public record Choice(String name, List<Object> values) implements Dimension {
        public Choice {
            if (values == null || values.isEmpty()) {
                throw InputException.setting("search space: " + name, "[]", "give at least one value");
            }
            values = List.copyOf(values);
        }
    }

    /**
     * The setting takes a number from {@code min} to {@code max}: drawn uniformly, or log-uniformly ({@code log}: the
     * learning rate and weight decay, whose good values span decades); whole numbers for {@code batch_size},
     * {@code epochs} and {@code patience} ({@code integer}); {@code gridPoints} points for a grid.
     */
    public record Range(String name, double min, double max, boolean log, boolean integer, int gridPoints) implements Dimension {
        public Range {
            if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
                throw InputException.setting("search space: " + name, "[" + min + ", " + max + "]",
                        "give a range whose min is at most its max, such as {\"min\": 0.001, \"max\": 0.1}");
            }
            if (log && !(min > 0)) {
                throw InputException.setting("search space: " + name, "[" + min + ", " + max + "]",
                        "a log scale needs a min above 0, such as 0.0001");
            }
            if (gridPoints < 1 || gridPoints > 100) {
                throw InputException.setting("search space: " + name + " grid", gridPoints, "give 1 to 100 grid points");
            }
        }
    }

    public SearchSpace {
        dimensions = List.copyOf(dimensions);
        if (dimensions.isEmpty()) {
            throw InputException.general("the search space is empty", "name at least one setting, such as {\"learning_rate\": "
                    + "{\"min\": 0.001, \"max\": 0.1, \"scale\": \"log\"}}");
        }
        Set<String> seen = new HashSet<>();
        for (Dimension d : dimensions) {
            if (!SETTINGS.contains(d.name())) {
                throw InputException.setting("search space", d.name(), "use the settings " + String.join(", ", SETTINGS));
            }
            if (!seen.add(d.name())) {
                throw InputException.setting("search space", d.name(), "name each setting once");
            }
        }
    }

    /** The dimension of {@code setting}, or null when the space does not vary it. */
    public Dimension get(String setting) {
        return dimensions.stream().filter(d -> d.name().equals(setting)).findFirst().orElse(null);
    }
}
