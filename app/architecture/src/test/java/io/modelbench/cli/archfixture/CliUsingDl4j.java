package io.modelbench.cli.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a command that builds arrays itself instead of asking the engine. */
@SuppressWarnings("unused")
class CliUsingDl4j {
    Object zeros() {
        return org.nd4j.linalg.factory.Nd4j.zeros(2);
    }
}
