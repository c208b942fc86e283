package io.modelbench.engine.nativeenv;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * oneDNN for convolution and pooling layers, when ND4J's native library was built with it (the
 * {@code -onednn-avx512} / {@code -onednn} classifiers, chosen with {@code -Djavacpp.platform.extension}).
 * DL4J 1.0.0-M2.1 never uses oneDNN for layers on its own: it looks for a renamed native method and leaves the
 * layers' helper null (shared/guides/dl4j-performance.md: 3× on LeNet with the helpers set). This sets
 * {@code MKLDNNConvHelper} and {@code MKLDNNSubsamplingHelper} on the layers by reflection; anything unexpected
 * leaves the network as it was (DL4J's own im2col code then runs, only slower).
 */
public final class OneDnn {

    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);

    private OneDnn() {
    }

    /** True when the ND4J natives in use were built with oneDNN. */
    public static boolean available() {
        return System.getProperty("org.bytedeco.javacpp.platform.extension", "").contains("onednn")
                || System.getProperty("javacpp.platform.extension", "").contains("onednn");
    }

    /** Sets the oneDNN helpers on the network's convolution and pooling layers; returns how many were set. */
    public static int install(MultiLayerNetwork net) {
        if (!available()) {
            return 0;
        }
        int set = 0;
        try {
            for (Layer l : net.getLayers()) {
                if (l.getClass() == ConvolutionLayer.class) {
                    set += setHelper(ConvolutionLayer.class, l, new MKLDNNConvHelper(net.getLayerWiseConfigurations().getDataType()));
                } else if (l.getClass() == SubsamplingLayer.class) {
                    set += setHelper(SubsamplingLayer.class, l, new MKLDNNSubsamplingHelper(net.getLayerWiseConfigurations().getDataType()));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("oneDNN helpers could not be set ({}); convolutions use DL4J's own code", e.toString());
            return 0;
        }
        return set;
    }

    private static int setHelper(Class<?> type, Object layer, Object helper) throws ReflectiveOperationException {
        Field f = type.getDeclaredField("helper");
        f.setAccessible(true);
        if (f.get(layer) != null) {
            return 0;
        }
        f.set(layer, helper);
        return 1;
    }
}
