package io.modelbench.desktop.viewmodel;

/**
 * The pages of the main window, in the order of the work; Ctrl+1..9 and Ctrl+0 show them in this order. Experiments
 * (issue 16) came last so that the other pages kept their shortcuts; the navigation shows it after Runs.
 */
public enum Page {
    DATA, MODEL, TRAIN, RUNS, EVALUATE, TRY, OPTIMIZE, EXPORT, SERVE, EXPERIMENTS
}
