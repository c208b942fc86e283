package io.modelbench.engine.api;

/** Receives a training session's events on the training thread: keep it quick, hand work off. */
@FunctionalInterface
public interface TrainingListener {

    void onEvent(TrainingEvent event);

    TrainingListener NONE = e -> { };
}
