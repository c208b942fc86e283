package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Experiments page's set-up as typed: the search space ({@link SpaceForm}), the strategy, the budget (trials, and
 * minutes of wall time, 0 for none), the trials trained at once (two on two cores: each trial then gets one thread) and
 * the seed of the draws. {@link #spec()} checks it into the engine's {@link SweepSpec}. UI thread only.
 */
public final class SweepSetup {

    private final SpaceForm space = new SpaceForm();
    private final StringProperty strategy = new SimpleStringProperty(this, "strategy", SweepStrategy.RANDOM.id());
    private final StringProperty trials = new SimpleStringProperty(this, "trials", "8");
    private final StringProperty minutes = new SimpleStringProperty(this, "minutes", "0");
    private final StringProperty parallel = new SimpleStringProperty(this, "parallel",
            Integer.toString(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()))));
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "42");

    /** The search space's rows. */
    public SpaceForm space() {
        return space;
    }

    /** {@code grid}, {@code random} or {@code asha}. */
    public StringProperty strategyProperty() {
        return strategy;
    }

    public StringProperty trialsProperty() {
        return trials;
    }

    /** The time budget in minutes; 0 or empty for none. */
    public StringProperty minutesProperty() {
        return minutes;
    }

    /** How many trials train at once (the cores are shared out among them). */
    public StringProperty parallelProperty() {
        return parallel;
    }

    public StringProperty seedProperty() {
        return seed;
    }

    /** The sweep as set up; an {@link InputException} naming the setting when one is not valid. */
    public SweepSpec spec() {
        int n = whole("trials", trials.get(), "give a whole number of trials, such as 8");
        String m = minutes.get() == null || minutes.get().isBlank() ? "0" : minutes.get().trim();
        double seconds;
        try {
            seconds = Double.parseDouble(m) * 60;
        } catch (NumberFormatException e) {
            throw InputException.setting("time budget (minutes)", m, "give a number of minutes, or 0 for no limit");
        }
        return new SweepSpec(space.space(), SweepStrategy.fromId(strategy.get()), n, seconds,
                whole("parallel", parallel.get(), "give how many trials train at once, such as 2"),
                whole("seed", seed.get(), "give a whole number, such as 42"));
    }

    /** The seed as typed, or 42 when it is not a whole number (for the default space, which only needs the base). */
    long seedOrDefault() {
        try {
            return Long.parseLong(seed.get().trim());
        } catch (NumberFormatException | NullPointerException e) {
            return 42;
        }
    }

    /** Shows a recorded sweep's set-up, so that Start continues it. */
    void show(SweepSpec spec) {
        space.show(spec.space());
        strategy.set(spec.strategy().id());
        trials.set(Integer.toString(spec.trials()));
        minutes.set(SpaceForm.number(spec.seconds() / 60));
        parallel.set(Integer.toString(spec.parallel()));
        seed.set(Long.toString(spec.seed()));
    }

    private static int whole(String setting, String text, String hint) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw InputException.setting(setting, text, hint);
        }
    }
}
