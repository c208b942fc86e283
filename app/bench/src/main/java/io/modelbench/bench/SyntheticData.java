package io.modelbench.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * SYNTHETIC data, clearly not a real dataset: standard-normal features and a learnable rule for the class
 * (the arg-max of a fixed random linear "teacher" over the features), so training makes progress and the
 * test accuracy shows it ran, while the speed depends only on the shapes.
 */
final class SyntheticData {

    final float[][] features;
    final int[] classes;

    private SyntheticData(float[][] features, int[] classes) {
        this.features = features;
        this.classes = classes;
    }

    static SyntheticData generate(int rows, int cols, int numClasses, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] teacher = new float[numClasses][cols];
        for (float[] t : teacher) {
            for (int j = 0; j < cols; j++) {
                t[j] = (float) gaussian(rng);
            }
        }
        float[][] x = new float[rows][cols];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            float[] row = x[i];
            for (int j = 0; j < cols; j++) {
                row[j] = (float) gaussian(rng);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < numClasses; k++) {
                double s = 0;
                float[] t = teacher[k];
                for (int j = 0; j < cols; j++) {
                    s += t[j] * row[j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            y[i] = best;
        }
        return new SyntheticData(x, y);
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller; one of the pair is enough here
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Little-endian float32, row after row (read by torch_bench.py with numpy.fromfile). */
    static void writeFloats(Path file, float[] flat) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(flat.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(flat);
        write(file, buf);
    }

    /** Little-endian int32. */
    static void writeInts(Path file, int[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(values);
        write(file, buf);
    }

    private static void write(Path file, ByteBuffer buf) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            buf.rewind();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
