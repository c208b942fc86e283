package io.modelbench.engine.onnx;

import onnx.Onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code onnx.checker} and shape inference would say about the graphs {@link OnnxExport} writes, in plain Java (the
 * ONNX Python package is not a Java dependency): the IR and operator-set versions, every initializer float32 with as many
 * bytes as its dims say and used by some node, every node's inputs defined before it (a topological order) and its output
 * new, only operators of operator set 13 that the exporter emits, and each tensor's shape computed from ONNX's own rules
 * (Gemm, Conv, pooling, Flatten, broadcasting) and compared with the declared output shape. Throws
 * {@link IllegalStateException} naming the first problem (a bug in the exporter, never the user's input).
 */
public final class OnnxCheck {

    /** The operators the exporter emits, with their least and most inputs. */
    private static final Map<String, int[]> OPS = Map.ofEntries(
            Map.entry("Gemm", new int[] {2, 3}), Map.entry("Conv", new int[] {2, 3}), Map.entry("MaxPool", new int[] {1, 1}),
            Map.entry("AveragePool", new int[] {1, 1}), Map.entry("BatchNormalization", new int[] {5, 5}),
            Map.entry("Flatten", new int[] {1, 1}), Map.entry("Relu", new int[] {1, 1}), Map.entry("LeakyRelu", new int[] {1, 1}),
            Map.entry("Elu", new int[] {1, 1}), Map.entry("Tanh", new int[] {1, 1}), Map.entry("Sigmoid", new int[] {1, 1}),
            Map.entry("Softmax", new int[] {1, 1}), Map.entry("Add", new int[] {2, 2}), Map.entry("Sub", new int[] {2, 2}),
            Map.entry("Mul", new int[] {2, 2}), Map.entry("Div", new int[] {2, 2}));

    private OnnxCheck() {
    }

    /** Checks the model; returns the shape computed for each graph output ({@code -1} for the batch). */
    public static Map<String, long[]> check(Onnx.ModelProto m) {
        if (m.getIrVersion() < 3 || m.getIrVersion() > OnnxExport.IR_VERSION) {
            fail("IR version " + m.getIrVersion());
        }
        if (m.getOpsetImportCount() != 1 || !m.getOpsetImport(0).getDomain().isEmpty()
                || m.getOpsetImport(0).getVersion() != OnnxExport.OPSET) {
            fail("operator sets " + m.getOpsetImportList());
        }
        Onnx.GraphProto g = m.getGraph();
        Map<String, long[]> shapes = new HashMap<>();
        Set<String> constants = new HashSet<>();
        for (Onnx.ValueInfoProto in : g.getInputList()) {
            define(shapes, in.getName(), declared(in));
        }
        for (Onnx.TensorProto t : g.getInitializerList()) {
            if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
                fail("initializer " + t.getName() + " is not float32");
            }
            long count = t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
            if (t.getRawData().size() != count * Float.BYTES) {
                fail("initializer " + t.getName() + " has " + t.getRawData().size() + " bytes for dims " + t.getDimsList());
            }
            define(shapes, t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
            constants.add(t.getName());
        }
        Set<String> used = new HashSet<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            int[] arity = OPS.get(n.getOpType());
            if (arity == null || !n.getDomain().isEmpty()) {
                fail("node " + n.getName() + " uses " + n.getOpType() + ", which the exporter does not emit");
            }
            if (n.getInputCount() < arity[0] || n.getInputCount() > arity[1] || n.getOutputCount() != 1) {
                fail("node " + n.getName() + " has " + n.getInputCount() + " inputs and " + n.getOutputCount() + " outputs");
            }
            long[][] in = new long[n.getInputCount()][];
            for (int i = 0; i < in.length; i++) {
                in[i] = shapes.get(n.getInput(i));
                if (in[i] == null) {
                    fail("node " + n.getName() + " reads " + n.getInput(i) + " before anything defines it");
                }
                used.add(n.getInput(i));
            }
            define(shapes, n.getOutput(0), shape(n, in));
        }
        for (String c : constants) {
            if (!used.contains(c)) {
                fail("initializer " + c + " is not used by any node");
            }
        }
        Map<String, long[]> out = new HashMap<>();
        for (Onnx.ValueInfoProto o : g.getOutputList()) {
            long[] computed = shapes.get(o.getName());
            if (computed == null || constants.contains(o.getName())) {
                fail("output " + o.getName() + " is not computed by any node");
            }
            if (!Arrays.equals(computed, declared(o))) {
                fail("output " + o.getName() + " is declared " + Arrays.toString(declared(o)) + " but computes "
                        + Arrays.toString(computed));
            }
            out.put(o.getName(), computed);
        }
        return out;
    }

    private static long[] shape(Onnx.NodeProto n, long[][] in) {
        long[] x = in[0];
        return switch (n.getOpType()) {
            case "Gemm" -> {
                if (x.length != 2 || in[1].length != 2 || x[1] != in[1][0]) {
                    fail("Gemm " + n.getName() + " multiplies " + Arrays.toString(x) + " by " + Arrays.toString(in[1]));
                }
                if (in.length == 3 && !(in[2].length == 1 && in[2][0] == in[1][1])) {
                    fail("Gemm " + n.getName() + " adds a bias of " + Arrays.toString(in[2]));
                }
                yield new long[] {x[0], in[1][1]};
            }
            case "Conv", "MaxPool", "AveragePool" -> window(n, x, in);
            case "BatchNormalization" -> {
                for (int i = 1; i < 5; i++) {
                    if (in[i].length != 1 || in[i][0] != x[1]) {
                        fail("BatchNormalization " + n.getName() + " has a parameter of " + Arrays.toString(in[i]) + " for "
                                + x[1] + " channels");
                    }
                }
                yield x;
            }
            case "Flatten" -> new long[] {x[0], Arrays.stream(x).skip(1).reduce(1, (a, b) -> a * b)};
            case "Add", "Sub", "Mul", "Div" -> broadcast(n, x, in[1]);
            default -> x;
        };
    }

    private static long[] window(Onnx.NodeProto n, long[] x, long[][] in) {
        Map<String, List<Long>> a = new HashMap<>();
        n.getAttributeList().forEach(at -> a.put(at.getName(), at.getIntsList()));
        List<Long> k = a.get("kernel_shape");
        List<Long> s = a.getOrDefault("strides", List.of(1L, 1L));
        List<Long> d = a.getOrDefault("dilations", List.of(1L, 1L));
        List<Long> p = a.getOrDefault("pads", List.of(0L, 0L, 0L, 0L));
        if (x.length != 4 || k == null || k.size() != 2 || s.size() != 2 || d.size() != 2 || p.size() != 4) {
            fail(n.getOpType() + " " + n.getName() + " on " + Arrays.toString(x) + " with attributes " + a);
        }
        long channels = x[1];
        if (n.getOpType().equals("Conv")) {
            long[] w = in[1];
            if (w.length != 4 || w[1] != x[1] || w[2] != k.get(0) || w[3] != k.get(1)
                    || (in.length == 3 && !(in[2].length == 1 && in[2][0] == w[0]))) {
                fail("Conv " + n.getName() + " has weights " + Arrays.toString(w) + " for input " + Arrays.toString(x));
            }
            channels = w[0];
        }
        long[] out = {x[0], channels, 0, 0};
        for (int i = 0; i < 2; i++) {
            long ek = (k.get(i) - 1) * d.get(i) + 1;
            out[i + 2] = (x[i + 2] + p.get(i) + p.get(i + 2) - ek) / s.get(i) + 1;
            if (out[i + 2] < 1) {
                fail(n.getOpType() + " " + n.getName() + " leaves no output of " + Arrays.toString(x));
            }
        }
        return out;
    }

    /** ONNX's multidirectional broadcasting, with the constant on the right (the only way the exporter uses it). */
    private static long[] broadcast(Onnx.NodeProto n, long[] x, long[] c) {
        if (c.length > x.length) {
            fail(n.getOpType() + " " + n.getName() + " broadcasts " + Arrays.toString(c) + " onto " + Arrays.toString(x));
        }
        for (int i = 1; i <= c.length; i++) {
            long a = x[x.length - i];
            long b = c[c.length - i];
            if (b != 1 && b != a) {
                fail(n.getOpType() + " " + n.getName() + " broadcasts " + Arrays.toString(c) + " onto " + Arrays.toString(x));
            }
        }
        return x;
    }

    private static long[] declared(Onnx.ValueInfoProto v) {
        if (v.getType().getTensorType().getElemType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
            fail(v.getName() + " is not a float32 tensor");
        }
        return v.getType().getTensorType().getShape().getDimList().stream()
                .mapToLong(d -> d.getValueCase() == Onnx.TensorShapeProto.Dimension.ValueCase.DIM_VALUE ? d.getDimValue() : -1).toArray();
    }

    private static void define(Map<String, long[]> shapes, String name, long[] shape) {
        if (name.isEmpty() || shapes.putIfAbsent(name, shape) != null) {
            fail("the name '" + name + "' is defined twice (or empty)");
        }
    }

    private static void fail(String what) {
        throw new IllegalStateException("the ONNX graph is not valid: " + what);
    }
}
