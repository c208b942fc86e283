package io.modelbench.engine.api;

/** Receives a sweep's {@link SweepEvent}s on the trials' threads: keep it quick and thread-safe, hand work off. */
@FunctionalInterface
public interface SweepListener {

    void onEvent(SweepEvent event);

    SweepListener NONE = e -> { };
}
