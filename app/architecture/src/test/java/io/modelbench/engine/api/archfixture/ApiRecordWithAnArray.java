package io.modelbench.engine.api.archfixture;

/** A deliberate break for ArchitectureTest: stands in for an API record that leaks an ND4J type to callers. */
@SuppressWarnings("unused")
record ApiRecordWithAnArray(org.nd4j.linalg.api.ndarray.INDArray values) {
}
