package io.modelbench.serve.archfixture;

/** A deliberate break for ArchitectureTest: stands in for server code that depends on the command line. */
@SuppressWarnings("unused")
class ServerCallingTheCli {
    Class<?> cli() throws ClassNotFoundException {
        return io.modelbench.cli.ModelBenchCli.class;
    }
}
