package io.modelbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FP32 matrix multiply C = A x B with ND4J ({@code mmuli} into a preallocated C, i.e. OpenBLAS sgemm) and
 * {@code torch.mm}: 2048 x 2048 x 2048 for the machine's peak, and 128x784 @ 784x256 (the MLP's first layer
 * at batch 128) for what a layer-sized product reaches. One repetition = the median of a block of calls.
 */
final class GemmBench {

    record Shape(int m, int k, int n, int callsPerTiming, int timingsPerBlock) {
        double flops() {
            return 2.0 * m * n * k;
        }

        String label() {
            return m == k && k == n ? m + "³" : m + "×" + k + " · " + k + "×" + n;
        }
    }

    static final Shape PEAK = new Shape(2048, 2048, 2048, 1, 5);
    static final Shape LAYER = new Shape(128, 784, 256, 100, 5);

    private GemmBench() {
    }

    /** A case measuring ND4J GFLOP/s for the shape (arrays allocated once, before the first call). */
    static Interleaved.Case nd4j(Shape s) {
        INDArray[] abc = new INDArray[3];
        return new Interleaved.Case("ND4J mmul " + s.label(), () -> {
            if (abc[0] == null) {
                Nd4j.getRandom().setSeed(1);
                abc[0] = Nd4j.rand(DataType.FLOAT, s.m(), s.k());
                abc[1] = Nd4j.rand(DataType.FLOAT, s.k(), s.n());
                abc[2] = Nd4j.createUninitialized(DataType.FLOAT, s.m(), s.n());
                abc[0].mmuli(abc[1], abc[2]);
            }
            double[] t = new double[s.timingsPerBlock()];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                for (int c = 0; c < s.callsPerTiming(); c++) {
                    abc[0].mmuli(abc[1], abc[2]);
                }
                t[i] = (System.nanoTime() - t0) / 1e9 / s.callsPerTiming();
            }
            return Interleaved.Sample.of(s.flops() / median(t) / 1e9);
        });
    }

    static Interleaved.Case torch(Shape s, TorchWorker torch) {
        return new Interleaved.Case("torch.mm " + s.label(), () -> {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("op", "mm");
            req.put("m", s.m());
            req.put("k", s.k());
            req.put("n", s.n());
            req.put("calls", s.callsPerTiming());
            req.put("reps", s.timingsPerBlock());
            req.put("warmup", 1);
            JsonNode a = torch.request(req);
            double[] t = new double[a.get("seconds").size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = a.get("seconds").get(i).asDouble();
            }
            return Interleaved.Sample.of(s.flops() / median(t) / 1e9);
        });
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return Stats.quantile(c, 0.5);
    }
}
