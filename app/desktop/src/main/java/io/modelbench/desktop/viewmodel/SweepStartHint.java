package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.BackendStatus;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;

/**
 * Why the Experiments page's Start is off, in the words shown next to it ("" while it is on): a page that disables its
 * main button without saying why leaves the user guessing (it stayed off for a time series before, silently). A table,
 * a folder of images and a time series (a time column chosen on the Data page) can all be swept; sequences to classify
 * cannot yet (the sweep's default space and its trials are not built for them).
 */
final class SweepStartHint {

    private SweepStartHint() {
    }

    static StringBinding of(Workspace workspace, ReadOnlyBooleanProperty running) {
        return Bindings.createStringBinding(() -> {
            if (running.get()) {
                return "A sweep is running: Pause or Stop it.";
            }
            if (workspace.getProject() == null) {
                return "Open or create a project first: the sweep's trials are kept as its runs.";
            }
            if (workspace.trainingData() == null) {
                return "Open a table, a folder of images or a time series on the Data page first.";
            }
            if (workspace.sequencesProperty().get() != null) {
                return "Sweeps over sequences to classify are not supported yet: train them on the Train page.";
            }
            BackendStatus b = workspace.backendProperty().get();
            if (b != null && b.state() == BackendStatus.State.FAILED) {
                return "The numeric backend did not load, so nothing can train: " + b.detail();
            }
            if (!workspace.isBackendReady()) {
                return "Waiting for the numeric backend to load…";
            }
            return "";
        }, running, workspace.datasetProperty(), workspace.seriesProperty(),
                workspace.sequencesProperty(), workspace.projectProperty(), workspace.backendProperty());
    }
}
