package io.modelbench.engine.api;

import java.util.Locale;

/**
 * How a sweep picks its trials: every point of a grid, points drawn at random (seeded: the same seed draws the same
 * trials), or random points trained under asynchronous successive halving ({@code asha}: epochs are the budget; a trial
 * that is not in the best third of those that reached the same epoch before it is stopped there, status {@code pruned}).
 */
public enum SweepStrategy {
    GRID, RANDOM, ASHA;

    /** The word on the command line and in {@code sweep.json}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy named {@code id}; an {@link InputException} naming the setting otherwise. */
    public static SweepStrategy fromId(String id) {
        for (SweepStrategy s : values()) {
            if (s.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return s;
            }
        }
        throw InputException.setting("search", id, "use grid, random or asha");
    }
}
