package io.modelbench.engine.archfixture;

/** A deliberate break for ArchitectureTest: stands in for engine code that imports JavaFX. */
@SuppressWarnings("unused")
class EngineClassUsingJavaFx {
    Object state = new javafx.beans.property.SimpleStringProperty();
}
