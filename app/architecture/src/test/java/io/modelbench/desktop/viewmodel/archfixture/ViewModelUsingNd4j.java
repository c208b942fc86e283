package io.modelbench.desktop.viewmodel.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a view model that calls ND4J. */
@SuppressWarnings("unused")
class ViewModelUsingNd4j {
    Object zeros() {
        return org.nd4j.linalg.factory.Nd4j.zeros(2);
    }
}
