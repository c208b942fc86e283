package io.modelbench.engine.onnx;

import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A small builder over the ONNX protobuf classes that nd4j-api ships ({@code onnx.Onnx}): float32 initializers stored
 * as little-endian {@code raw_data} (as ONNX requires), nodes with generated unique output names, and the graph's
 * typed inputs and outputs. Knows nothing of DL4J layers; {@link OnnxExport} decides what to emit.
 */
final class OnnxGraph {

    /** The name ONNX files conventionally give the free batch dimension. */
    static final String BATCH = "batch";

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** An ONNX attribute: one int, a list of ints, or one float. */
    record Attr(String name, Onnx.AttributeProto proto) {

        static Attr ints(String name, long... values) {
            Onnx.AttributeProto.Builder b = Onnx.AttributeProto.newBuilder().setName(name)
                    .setType(Onnx.AttributeProto.AttributeType.INTS);
            for (long v : values) {
                b.addInts(v);
            }
            return new Attr(name, b.build());
        }

        static Attr i(String name, long value) {
            return new Attr(name, Onnx.AttributeProto.newBuilder().setName(name)
                    .setType(Onnx.AttributeProto.AttributeType.INT).setI(value).build());
        }

        static Attr f(String name, double value) {
            return new Attr(name, Onnx.AttributeProto.newBuilder().setName(name)
                    .setType(Onnx.AttributeProto.AttributeType.FLOAT).setF((float) value).build());
        }
    }

    /** A float32 constant; returns its name. {@code dims} may be empty for a scalar. */
    String constant(String name, long[] dims, float[] values) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for dims " + java.util.Arrays.toString(dims));
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** A DL4J array as a float32 constant of the given dims (its values in C order, cast from any float type). */
    String constant(String name, long[] dims, INDArray values) {
        return constant(name, dims, values.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }

    /** A scalar float32 constant. */
    String scalar(String name, double value) {
        return constant(name, new long[0], new float[] {(float) value});
    }

    /** Adds a node named after {@code prefix}; returns the name of its (single) output. */
    String node(String op, String prefix, List<String> inputs, Attr... attrs) {
        String out = prefix + "_" + (++counter);
        return node(op, prefix, inputs, out, attrs);
    }

    /** Adds a node whose output has the given name (a graph output). */
    String node(String op, String prefix, List<String> inputs, String output, Attr... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(prefix + "/" + op + "_" + (++counter))
                .addAllInput(inputs).addOutput(output);
        for (Attr a : attrs) {
            n.addAttribute(a.proto());
        }
        graph.addNode(n);
        return output;
    }

    /** Renames the output of the last node (so that the graph's output has a meaningful name). */
    void renameLastOutput(String from, String to) {
        int last = graph.getNodeCount() - 1;
        Onnx.NodeProto n = graph.getNode(last);
        if (!n.getOutput(0).equals(from)) {
            throw new IllegalStateException("the last node does not produce " + from);
        }
        graph.setNode(last, n.toBuilder().setOutput(0, to));
    }

    void input(String name, List<Object> shape, String doc) {
        graph.addInput(valueInfo(name, shape, doc));
    }

    void output(String name, List<Object> shape, String doc) {
        graph.addOutput(valueInfo(name, shape, doc));
    }

    void doc(String text) {
        graph.setDocString(text);
    }

    Onnx.GraphProto build() {
        return graph.build();
    }

    /** A float tensor's type: each dimension a number, or a name (the batch). */
    static Onnx.ValueInfoProto valueInfo(String name, List<Object> shape, String doc) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (Object d : shape) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                dim.setDimParam(String.valueOf(d));
            }
            s.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setDocString(doc)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(s)))
                .build();
    }

    /** A shape as the list {@link #input} takes: the batch, then the given sizes. */
    static List<Object> batchOf(long... dims) {
        List<Object> s = new ArrayList<>();
        s.add(BATCH);
        for (long d : dims) {
            s.add(d);
        }
        return s;
    }
}
