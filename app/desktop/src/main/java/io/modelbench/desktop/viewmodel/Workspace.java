package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.train.TrainingOutcome;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the pages share: the open table, the chosen target column, the backend's state and the latest trained
 * model. Changed on the UI thread only.
 */
public final class Workspace {

    private final ObjectProperty<Table> table = new SimpleObjectProperty<>(this, "table");
    private final StringProperty targetColumn = new SimpleStringProperty(this, "targetColumn");
    private final ObjectProperty<BackendStatus> backend = new SimpleObjectProperty<>(this, "backend", BackendStatus.loading());
    private final ObjectProperty<TrainingOutcome> outcome = new SimpleObjectProperty<>(this, "outcome");

    public ObjectProperty<Table> tableProperty() {
        return table;
    }

    public Table getTable() {
        return table.get();
    }

    public StringProperty targetColumnProperty() {
        return targetColumn;
    }

    public ObjectProperty<BackendStatus> backendProperty() {
        return backend;
    }

    public boolean isBackendReady() {
        return backend.get() != null && backend.get().state() == BackendStatus.State.READY;
    }

    public ObjectProperty<TrainingOutcome> outcomeProperty() {
        return outcome;
    }

    public TrainingOutcome getOutcome() {
        return outcome.get();
    }
}
