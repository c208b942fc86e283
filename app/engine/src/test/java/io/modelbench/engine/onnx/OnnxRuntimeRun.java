package io.modelbench.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an ONNX file in ONNX Runtime (test scope only), the way any program that never heard of ModelBench would: by the
 * input name the file declares. Also the shared comparison of two probability tables.
 */
public final class OnnxRuntimeRun {

    private OnnxRuntimeRun() {
    }

    /** The first output for a table of rows ({@code [batch, n]}). */
    public static float[][] rows(Path onnx, String input, float[][] x) throws Exception {
        return (float[][]) run(onnx, input, x);
    }

    /** The first output for images ({@code [batch, channels, height, width]}). */
    public static float[][] images(Path onnx, String input, float[][][][] x) throws Exception {
        return (float[][]) run(onnx, input, x);
    }

    /** The model's metadata ({@code metadata_props}) as ONNX Runtime reads it. */
    public static Map<String, String> metadata(Path onnx) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions())) {
            return s.getMetadata().getCustomMetadata();
        }
    }

    private static Object run(Path onnx, String input, Object x) throws OrtException, java.io.IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(Files.readAllBytes(onnx), opts);
                 OnnxTensor t = OnnxTensor.createTensor(env, x);
                 OrtSession.Result r = s.run(Map.of(input, t))) {
                return r.get(0).getValue();
            }
        }
    }

    /** NCHW images from ModelBench's flat rows ({@code index = c·H·W + y·W + x}). */
    public static float[][][][] nchw(float[][] flat, int channels, int height, int width) {
        float[][][][] out = new float[flat.length][channels][height][width];
        for (int n = 0; n < flat.length; n++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(flat[n], c * height * width + y * width, out[n][c][y], 0, width);
                }
            }
        }
        return out;
    }

    /** The largest absolute difference between two tables of the same shape (an error if the shapes differ). */
    public static double maxAbsDiff(double[][] expected, float[][] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError(expected.length + " rows expected, " + actual.length + " given");
        }
        double max = 0;
        for (int r = 0; r < expected.length; r++) {
            if (expected[r].length != actual[r].length) {
                throw new AssertionError("row " + r + ": " + expected[r].length + " columns expected, " + actual[r].length + " given");
            }
            for (int c = 0; c < expected[r].length; c++) {
                double d = Math.abs(expected[r][c] - actual[r][c]);
                if (!(d <= max)) {
                    max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                }
            }
        }
        return max;
    }
}
