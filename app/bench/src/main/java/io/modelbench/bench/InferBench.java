package io.modelbench.bench;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.EncodedData;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.Trainer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code infer} part: what {@code predict} and the server pay per request. For the MLP 784-256-256-10 and LeNet,
 * ModelBench's inference path ({@code TrainedModel.predict(float[][])}: rows to an INDArray, the normalizer, the
 * network with its oneDNN helpers, probabilities and labels back; a plain dense network at up to 32 rows in plain Java,
 * {@code DenseForward}, above through direct {@code cblas_sgemm}, {@code BlasForward}, unless
 * {@code -Dmodelbench.fastDense=false}) against bare {@code net.output()} on the same
 * network and PyTorch (eval mode, no autograd, numpy in and out) in the same rounds: latency per call at batch 1
 * (median and p90 of a block of calls) and rows/s at batch 256. The models are trained for one epoch by ModelBench's
 * session on SYNTHETIC data (their weights do not change the arithmetic).
 */
final class InferBench {

    static final int BATCH = 256;

    private final TrainingBench tb;
    private final TorchWorker torch;
    /** PyTorch's second worker's cases: without ModelBench's OpenBLAS thread timeout (see {@code BenchMain.fasterTorch}). */
    static final String OWN = "PyTorch, OpenBLAS's own thread timeout";
    private final Path work;
    private final int calls;

    InferBench(TrainingBench tb, TorchWorker torch, Path work, int calls) {
        this.tb = tb;
        this.torch = torch;
        this.work = work;
        this.calls = calls;
    }

    /** One model's rows and cases. */
    final class Model {
        final String name;
        final TrainedModel model;
        final float[][] rows;
        final Path torchFeatures;
        final boolean lenet;

        Model(String name, TrainedModel model, float[][] rows, boolean lenet) throws IOException {
            this.name = name;
            this.model = model;
            this.rows = rows;
            this.lenet = lenet;
            float[] flat = new float[rows.length * rows[0].length];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
            }
            torchFeatures = work.resolve("infer-" + (lenet ? "lenet" : "mlp") + ".f32");
            SyntheticData.writeFloats(torchFeatures, flat);
        }

        /** ModelBench's path at batch {@code batch}: seconds per call of {@code TrainedModel.predict}. */
        Interleaved.Sample modelBench(int batch) {
            return timed(batch, (from) -> model.predict(Arrays.copyOfRange(rows, from, from + batch)));
        }

        /** Bare DL4J on the same network: {@code net.output(Nd4j.create(rows), false)}. */
        Interleaved.Sample bare(int batch) {
            return timed(batch, (from) -> model.network().output(Nd4j.create(Arrays.copyOfRange(rows, from, from + batch)), false));
        }

        private Interleaved.Sample timed(int batch, java.util.function.IntConsumer call) {
            int n = batch == 1 ? calls : Math.max(10, calls / 5);
            for (int i = 0; i < 5; i++) {
                call.accept((i * batch) % (rows.length - batch + 1));
            }
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                int from = ((i + 5) * batch) % (rows.length - batch + 1);
                long t0 = System.nanoTime();
                call.accept(from);
                s[i] = (System.nanoTime() - t0) / 1e9;
            }
            return sample(s, batch);
        }

        Interleaved.Sample torch(int batch) {
            return torch(batch, torch);
        }

        Interleaved.Sample torch(int batch, TorchWorker worker) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("op", "infer");
            req.put("model", lenet ? "lenet" : "mlp");
            req.put("features", torchFeatures.toString());
            req.put("rows", rows.length);
            req.put("cols", rows[0].length);
            req.put("batch", batch);
            req.put("calls", batch == 1 ? calls : Math.max(10, calls / 5));
            var a = worker.request(req);
            double[] s = new double[a.get("seconds").size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = a.get("seconds").get(i).asDouble();
            }
            return sample(s, batch);
        }
    }

    /**
     * Batch 1: the median latency in ms (value) and its p90; larger batches: rows/s from the median call (value).
     */
    static Interleaved.Sample sample(double[] seconds, int batch) {
        Stats s = Stats.of(seconds);
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double p90 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.9 * sorted.length) - 1)];
        if (batch == 1) {
            return new Interleaved.Sample(s.median() * 1e3, Map.of("p90 ms", p90 * 1e3));
        }
        return new Interleaved.Sample(batch / s.median(), Map.of("ms per call", s.median() * 1e3));
    }

    /** The MLP 784-256-256-10 as {@code train} makes it (standardized inputs), trained for one epoch on 2,000 rows. */
    Model mlp() throws IOException {
        int n = 2_000;
        SyntheticData d = SyntheticData.generate(n, TrainingBench.MLP_INPUTS, TrainingBench.CLASSES, TrainingBench.SEED + 7);
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < TrainingBench.MLP_INPUTS; i++) {
            columns.add("x" + i);
        }
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < TrainingBench.CLASSES; k++) {
            labels.add(String.valueOf(k));
        }
        DataSchema schema = new DataSchema(columns, "label", TaskType.CLASSIFICATION, labels);
        EncodedData data = new EncodedData(schema, d.features, d.classes, null, "synthetic:infer-mlp", null);
        TrainingRequest request = new TrainingRequest("label", TaskType.CLASSIFICATION, List.of(), new SplitSettings(0.2, 0, TrainingBench.SEED),
                new TrainingSettings(1, TrainingBench.MLP_BATCH, TrainingBench.LR, TrainingBench.MLP_HIDDEN, TrainingBench.SEED));
        TrainedModel m = new Trainer().train(data, request, e -> { }, new StopSignal()).model();
        return new Model("MLP 784-256-256-10", m, d.features, false);
    }

    Model lenet() throws IOException {
        TrainingBench.LeNet l = tb.new LeNet();
        return new Model("LeNet 28×28×1", l.trainedModel(), l.features, true);
    }

    /** Runs the part into the report: both models, interleaved rounds of every case. */
    static void section(BenchMain.Options o, TrainingBench tb, TorchWorker torch, TorchWorker torchOwnTimeout, List<String> md,
                        Map<String, Object> json, BenchMain.Ratios ratios, java.util.function.Consumer<String> log) throws IOException {
        int calls = o.inferCalls;
        boolean withTorch = torch != null && torch.available();
        log.accept("\nInference: batch 1 (" + calls + " calls per repetition) and batch " + BATCH + ", ModelBench's TrainedModel.predict, bare "
                + "net.output()" + (withTorch ? " and PyTorch" : "") + ", " + o.reps + " rounds after " + o.warmups + " warm-up ...");
        InferBench ib = new InferBench(tb, torch, o.work, calls);
        md.add("### Inference (what `predict` and the server pay): batch 1 latency and batch " + BATCH + " throughput");
        md.add("");
        md.add("ModelBench = `TrainedModel.predict(float[][])` (rows → INDArray → normalizer → network with oneDNN helpers → probabilities "
                + "and labels; a plain dense network at ≤ 32 rows in plain Java, `DenseForward`, above through direct `cblas_sgemm`, `BlasForward`"
                + (io.modelbench.engine.model.TrainedModel.fastDenseEnabled() ? "" : ", turned off here by -Dmodelbench.fastDense=false")
                + "); bare = `net.output(Nd4j.create(rows))` on the same network; PyTorch = eval mode, `no_grad`, numpy → "
                + "softmax → numpy. Batch 1: ms per call, median of " + calls + " calls per repetition (p90 beside it); batch " + BATCH
                + ": rows/s of the median call.");
        md.add("");
        md.add("| Model | Case | batch 1: ms median [min–max] ±spread over repetitions | p90 ms | batch " + BATCH + ": rows/s |");
        md.add("|---|---|---|---|---|");
        Map<String, Object> j = new LinkedHashMap<>();
        for (Model m : List.of(ib.mlp(), ib.lenet())) {
            List<Interleaved.Case> cases = new ArrayList<>();
            cases.add(new Interleaved.Case("ModelBench b1", () -> m.modelBench(1)));
            cases.add(new Interleaved.Case("bare b1", () -> m.bare(1)));
            cases.add(new Interleaved.Case("ModelBench b" + BATCH, () -> m.modelBench(BATCH)));
            cases.add(new Interleaved.Case("bare b" + BATCH, () -> m.bare(BATCH)));
            if (withTorch) {
                cases.add(new Interleaved.Case("PyTorch b1", () -> m.torch(1)));
                cases.add(new Interleaved.Case("PyTorch b" + BATCH, () -> m.torch(BATCH)));
            }
            if (withTorch && torchOwnTimeout != null) {   // PyTorch's faster configuration counts (BenchMain.fasterTorch)
                cases.add(new Interleaved.Case(OWN + " b1", () -> m.torch(1, torchOwnTimeout)));
                cases.add(new Interleaved.Case(OWN + " b" + BATCH, () -> m.torch(BATCH, torchOwnTimeout)));
            }
            var r = Interleaved.run(cases, o.warmups, o.reps, log);
            j.put(m.name, BenchMain.seriesJson(r));
            List<String> who0 = new ArrayList<>(withTorch ? List.of("ModelBench", "bare", "PyTorch") : List.of("ModelBench", "bare"));
            if (r.containsKey(OWN + " b1")) {
                who0.add(OWN);
            }
            for (String who : who0) {
                var b1 = r.get(who + " b1");
                md.add("| " + m.name + " | " + who + " | " + b1.stats().format("%.3f") + " | "
                        + String.format(java.util.Locale.ROOT, "%.3f", Stats.of(b1.extra("p90 ms")).median()) + " | "
                        + r.get(who + " b" + BATCH).stats().format("%,.0f") + " |");
            }
            String k = m.lenet ? "LeNet" : "MLP";
            ratios.add("Infer " + k + " batch 1 latency: ModelBench ÷ bare net.output() (time)", r.get("ModelBench b1").values(),
                    r.get("bare b1").values(), true);
            if (withTorch) {
                // the faster PyTorch configuration at each batch size: the lower latency, the higher throughput
                var b1 = r.get("PyTorch b1");
                var own1 = r.get(OWN + " b1");
                if (own1 != null && own1.stats().median() < b1.stats().median()) {
                    b1 = own1;
                }
                var bN = r.get("PyTorch b" + BATCH);
                var ownN = r.get(OWN + " b" + BATCH);
                if (ownN != null && ownN.stats().median() > bN.stats().median()) {
                    bN = ownN;
                }
                if (own1 != null) {
                    md.add("");
                    md.add(m.name + ": \"÷ PyTorch\" at batch 1 against \"" + b1.name + "\", at batch " + BATCH + " against \"" + bN.name
                            + "\" (the faster PyTorch configuration of each in this run).");
                    md.add("");
                }
                ratios.add("Infer " + k + " batch 1 latency: ModelBench ÷ PyTorch (time)", r.get("ModelBench b1").values(),
                        b1.values(), true);
                ratios.add("Infer " + k + " batch 1 p90 latency: ModelBench ÷ PyTorch (time)", r.get("ModelBench b1").extra("p90 ms"),
                        b1.extra("p90 ms"), true);
                ratios.add("Infer " + k + " batch " + BATCH + " rows/s: ModelBench ÷ PyTorch", r.get("ModelBench b" + BATCH).values(),
                        bN.values());
            }
        }
        md.add("");
        json.put("infer", j);
    }
}
