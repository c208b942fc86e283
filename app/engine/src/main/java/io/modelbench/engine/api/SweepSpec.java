package io.modelbench.engine.api;

/**
 * A sweep as the user set it up: the search space, the strategy, the budget ({@code trials} at most, and
 * {@code seconds} of wall time, 0: no time limit; no trial starts after the time is up and those running are
 * stopped, keeping their best epoch), how many trials train at once ({@code parallel}) and the seed of the draws.
 */
public record SweepSpec(SearchSpace space, SweepStrategy strategy, int trials, double seconds, int parallel, long seed)
        implements java.io.Serializable {

    public SweepSpec {
        if (space == null) {
            throw InputException.general("no search space", "give a search space");
        }
        if (strategy == null) {
            throw InputException.setting("search", null, "use grid, random or asha");
        }
        if (trials < 1 || trials > 10_000) {
            throw InputException.setting("trials", trials, "give a whole number of trials from 1 to 10000");
        }
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw InputException.setting("time budget", seconds, "give a number of seconds, or 0 for no limit");
        }
        if (parallel < 1 || parallel > 256) {
            throw InputException.setting("parallel", parallel, "give how many trials train at once, such as 2");
        }
    }
}
