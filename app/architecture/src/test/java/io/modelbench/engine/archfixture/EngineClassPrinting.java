package io.modelbench.engine.archfixture;

/** A deliberate break for ArchitectureTest: stands in for engine code that prints instead of logging. */
@SuppressWarnings("unused")
class EngineClassPrinting {
    void report(String line) {
        System.out.println(line);
    }
}
