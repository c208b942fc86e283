package io.modelbench.engine.io;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * ModelBench's small int8 loader and writer: a network's weights as 8-bit integers with one symmetric scale per
 * output channel (weight = int8 * scale, scale = the channel's largest |weight| / 127), everything else (biases,
 * batch-norm statistics) as 32-bit floats. Stored as {@link #ZIP_ENTRY} in place of DL4J's {@code coefficients.bin},
 * so a plain DL4J program cannot load such a zip: it needs this class ({@link #restore}), which widens the weights
 * back to floats into a network built from the zip's {@code configuration.json}.
 *
 * <p>Format (big-endian, {@link DataOutputStream}): {@code "MBQ8"}, version 1, the entry count; per parameter its
 * key ({@code 0_W}), rank and shape, kind (0: float32 values, 1: int8), and for int8 the channel axis, the number of
 * channels, their scales and then the values; values in C order of the shape.
 */
public final class QuantizedWeights {

    /** The zip entry that holds the int8 weights. */
    public static final String ZIP_ENTRY = "modelbench/int8-weights.bin";
    private static final int MAGIC = 0x4D425138; // "MBQ8"

    private QuantizedWeights() {
    }

    /**
     * The network's parameters in this format: weights ({@code W}) of dense and output layers are quantized per column
     * (the output unit, DL4J's [nIn, nOut]), those of convolutions per filter (the first axis of [nOut, nIn, kH, kW]).
     */
    public static byte[] write(MultiLayerNetwork net) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            Map<String, INDArray> table = net.paramTable();
            out.writeInt(MAGIC);
            out.writeInt(1);
            out.writeInt(table.size());
            for (Map.Entry<String, INDArray> e : table.entrySet()) {
                INDArray p = e.getValue().castTo(DataType.FLOAT).dup('c');
                long[] shape = p.shape();
                out.writeUTF(e.getKey());
                out.writeInt(shape.length);
                for (long s : shape) {
                    out.writeLong(s);
                }
                int axis = channelAxis(e.getKey(), shape);
                float[] v = p.data().asFloat();
                if (axis < 0) {
                    out.writeByte(0);
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                    continue;
                }
                out.writeByte(1);
                out.writeInt(axis);
                int channels = (int) shape[axis];
                float[] scales = scales(v, shape, axis);
                out.writeInt(channels);
                for (float s : scales) {
                    out.writeFloat(s);
                }
                byte[] q = new byte[v.length];
                for (int i = 0; i < v.length; i++) {
                    float s = scales[channelOf(i, shape, axis)];
                    q[i] = s == 0 ? 0 : (byte) Math.max(-127, Math.min(127, Math.round(v[i] / s)));
                }
                out.write(q);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("int8 weights could not be written", e);
        }
    }

    /** Sets the network's parameters from {@link #write}'s bytes (weights widened to float); the network's shapes must match. */
    public static void restore(MultiLayerNetwork net, byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        if (in.readInt() != MAGIC || in.readInt() != 1) {
            throw new IOException("not ModelBench int8 weights (version 1)");
        }
        int n = in.readInt();
        Map<String, INDArray> table = net.paramTable();
        if (n != table.size()) {
            throw new IOException("int8 weights for " + n + " parameters, the network has " + table.size());
        }
        for (int k = 0; k < n; k++) {
            String key = in.readUTF();
            long[] shape = new long[in.readInt()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readLong();
                count *= shape[i];
            }
            INDArray target = table.get(key);
            if (target == null || target.length() != count) {
                throw new IOException("int8 weights: parameter " + key + " does not match the network's configuration");
            }
            float[] v = new float[(int) count];
            if (in.readByte() == 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
            } else {
                int axis = in.readInt();
                float[] scales = new float[in.readInt()];
                for (int i = 0; i < scales.length; i++) {
                    scales[i] = in.readFloat();
                }
                byte[] q = new byte[v.length];
                in.readFully(q);
                for (int i = 0; i < v.length; i++) {
                    v[i] = q[i] * scales[channelOf(i, shape, axis)];
                }
            }
            target.assign(Nd4j.create(v, shape, 'c').castTo(target.dataType()));
        }
    }

    /** The axis of output channels for a weight matrix or filter bank, or -1 to keep the parameter as floats. */
    static int channelAxis(String key, long[] shape) {
        if (!key.endsWith("_W")) {
            return -1;
        }
        if (shape.length == 2) {
            return 1;
        }
        return shape.length == 4 ? 0 : -1;
    }

    private static float[] scales(float[] v, long[] shape, int axis) {
        float[] max = new float[(int) shape[axis]];
        for (int i = 0; i < v.length; i++) {
            int c = channelOf(i, shape, axis);
            max[c] = Math.max(max[c], Math.abs(v[i]));
        }
        for (int c = 0; c < max.length; c++) {
            max[c] /= 127f;
        }
        return max;
    }

    /** The channel of the i-th value in C order. */
    private static int channelOf(int i, long[] shape, int axis) {
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return (int) ((i / inner) % shape[axis]);
    }
}
