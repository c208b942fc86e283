package io.modelbench.cli.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a command that writes a run's files itself. */
@SuppressWarnings("unused")
class CliWritingRunFiles {
    void save(java.nio.file.Path file, byte[] bytes) {
        io.modelbench.engine.io.AtomicFiles.write(file, bytes);
    }
}
