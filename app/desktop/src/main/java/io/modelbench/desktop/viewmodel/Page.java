package io.modelbench.desktop.viewmodel;

/** The pages of the main window, in the order of the work. */
public enum Page {
    DATA, MODEL, TRAIN, RUNS, EVALUATE, TRY, OPTIMIZE, EXPORT, SERVE
}
