package io.modelbench.serve.archfixture;

/** A deliberate break for ArchitectureTest: stands in for server code that builds a network instead of loading a model. */
@SuppressWarnings("unused")
class ServerBuildingANetwork {
    Object network(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        return new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
    }
}
