package io.modelbench.cli.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a command that builds its own trainer. */
@SuppressWarnings("unused")
class CliTrainingByHand {
    Object trainer() {
        return new io.modelbench.engine.train.Trainer();
    }
}
