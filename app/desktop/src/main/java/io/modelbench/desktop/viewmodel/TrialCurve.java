package io.modelbench.desktop.viewmodel;

import java.util.List;

/** A sweep trial's curves for the Experiments page's overlay: one point per epoch (losses and validation figure). */
public record TrialCurve(int trial, List<EpochPoint> points) {

    public TrialCurve {
        points = List.copyOf(points);
    }
}
