package io.modelbench.engine.nativeenv;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * oneDNN for convolution, pooling and batch normalization layers, when ND4J's native library was built with it (the
 * {@code linux-x86_64-onednn} natives ModelBench ships on Linux x86-64, or the {@code -onednn-avx2/-avx512} ones).
 * DL4J 1.0.0-M2.1 never uses oneDNN for layers on its own: it looks for a renamed native method and leaves the
 * layers' helper null (shared/guides/dl4j-performance.md: 3× on LeNet with the helpers set). This sets
 * {@code MKLDNNConvHelper}, {@code MKLDNNSubsamplingHelper} and {@code MKLDNNBatchNormHelper} on the layers by
 * reflection. Anything unexpected leaves the layer as it was, and DL4J's own code then runs, only slower; a helper
 * that fails at run time is dropped by the layer itself (DL4J's fallback). DL4J M2.1 has no oneDNN helper for LSTM
 * layers ({@code org.deeplearning4j.nn.layers.mkldnn} holds none), so recurrent layers keep DL4J's code.
 * {@code -Dmodelbench.onednn=false} turns the helpers off (a comparison, or a workaround).
 */
public final class OneDnn {

    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
    private static volatile Boolean built;

    private OneDnn() {
    }

    /**
     * True when the ND4J natives loaded in this process were built with oneDNN (read from libnd4j's build
     * information, so it is the build really on the class path) and the user did not switch the helpers off. Loads
     * ND4J if it is not loaded yet.
     */
    public static boolean available() {
        return !"false".equalsIgnoreCase(System.getProperty("modelbench.onednn", "true")) && builtWithOneDnn();
    }

    /** True when libnd4j in use was built with oneDNN ({@code HAVE_ONEDNN} in its build information). */
    public static boolean builtWithOneDnn() {
        Boolean b = built;
        if (b == null) {
            try {
                org.nd4j.linalg.factory.Nd4j.getExecutioner(); // loads the backend first (NativeOpsHolder needs it)
                b = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Could not read ND4J's build information ({}); oneDNN helpers stay off", e.toString());
                b = false;
            }
            built = b;
        }
        return b;
    }

    /**
     * Sets the oneDNN helpers on the network's layers when {@link #available()}; returns how many were set. A model
     * without a network (the desktop's view-model tests build outcomes around a card alone) gets none, and the native
     * backend is not touched for it.
     */
    public static int install(MultiLayerNetwork net) {
        return net != null && available() ? install(net, "helper") : 0;
    }

    /**
     * Sets the helpers through the layers' field {@code field} (DL4J's name is "helper"; a test gives another to
     * prove a moved field leaves the network as it was). Layers that already have a helper keep it.
     */
    static int install(MultiLayerNetwork net, String field) {
        DataType type = net.getLayerWiseConfigurations().getDataType();
        int set = 0;
        for (Layer l : net.getLayers()) {
            try {
                if (l.getClass() == ConvolutionLayer.class) {
                    set += setHelper(ConvolutionLayer.class, field, l, () -> new MKLDNNConvHelper(type));
                } else if (l.getClass() == SubsamplingLayer.class) {
                    set += setHelper(SubsamplingLayer.class, field, l, () -> new MKLDNNSubsamplingHelper(type));
                } else if (l.getClass() == BatchNormalization.class) {
                    set += setHelper(BatchNormalization.class, field, l, () -> new MKLDNNBatchNormHelper(type));
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.warn("oneDNN helper not set on {} ({}); it uses DL4J's own code", l.getClass().getSimpleName(), e.toString());
            }
        }
        return set;
    }

    private static int setHelper(Class<?> type, String name, Object layer, java.util.function.Supplier<Object> helper)
            throws ReflectiveOperationException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        if (f.get(layer) != null) {
            return 0;
        }
        f.set(layer, helper.get());
        return 1;
    }
}
