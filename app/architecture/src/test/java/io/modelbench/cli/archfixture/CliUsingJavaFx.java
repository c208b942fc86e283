package io.modelbench.cli.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a command that needs a display. */
@SuppressWarnings("unused")
class CliUsingJavaFx {
    Object state = new javafx.beans.property.SimpleStringProperty();
}
