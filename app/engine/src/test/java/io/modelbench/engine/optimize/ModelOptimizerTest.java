package io.modelbench.engine.optimize;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.OptimizeSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.io.QuantizedWeights;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every method on the digits-images CNN of the issue (4 epochs, the CLI's image defaults), against the targets,
 * and the output loaded back as evaluate and predict load it; a table model for the table path.
 */
class ModelOptimizerTest {

    @TempDir
    static Path dir;
    private static ImageDataset digits;
    private static Path cnn;
    private static double cnnAccuracy;

    @BeforeAll
    static void train() {
        Path folder = Samples.unpackImages(Samples.find("digits_images"), dir.resolve("cache"));
        digits = ImageFolders.load(folder, "sample:digits_images", ImageFolders.suggest(folder), TaskProgress.NONE);
        TrainingSettings t = new TrainingSettings(4, 16, 0.01, TrainingSettings.DEFAULT_HIDDEN, 42).withModel(ModelSpec.cnn());
        var outcome = new Trainer().train(digits, new TrainingRequest("class", null, List.of(), SplitSettings.defaults(42), t),
                TrainingListener.NONE, new StopSignal(), null);
        cnn = dir.resolve("digits-cnn.zip");
        ModelFiles.save(outcome.model(), cnn);
        cnnAccuracy = ((io.modelbench.engine.api.EvaluationResult.Classification) outcome.test()).accuracy();
    }

    private static ModelCard.Optimized run(OptimizeSettings s, Path out) {
        return ModelOptimizer.optimize(cnn, digits, s, out, TaskProgress.NONE);
    }

    private static double accuracy(io.modelbench.engine.api.ModelMeasurement m) {
        return ((Number) m.test().get("accuracy")).doubleValue();
    }

    @Test
    void int8ShrinksTheZipToAThirdAndKeepsAccuracyWithinTwoPoints() throws Exception {
        Path out = dir.resolve("int8.zip");
        ModelCard.Optimized r = run(OptimizeSettings.int8(), out);
        assertThat(accuracy(r.before())).isEqualTo(cnnAccuracy);
        assertThat(r.before().sizeBytes()).isEqualTo(Files.size(cnn));
        assertThat(r.after().sizeBytes()).isEqualTo(Files.size(out)).isLessThanOrEqualTo((long) (0.35 * Files.size(cnn)));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith("-optimizing.zip"));
        }
        assertThat(accuracy(r.after())).isGreaterThanOrEqualTo(accuracy(r.before()) - 0.02);
        try (ZipFile z = new ZipFile(out.toFile())) {
            assertThat(z.getEntry(QuantizedWeights.ZIP_ENTRY)).isNotNull();
            assertThat(z.getEntry("coefficients.bin")).as("no float weights beside the int8 ones").isNull();
        }
        // loaded as evaluate/predict/serve load it, the weights within half a step of the original
        TrainedModel original = ModelFiles.load(cnn);
        TrainedModel loaded = ModelFiles.load(out);
        INDArray w = original.network().getParam("0_W");
        INDArray q = loaded.network().getParam("0_W");
        assertThat(q.dataType()).isEqualTo(DataType.FLOAT);
        double step = w.amaxNumber().doubleValue() / 127;
        assertThat(w.sub(q).amaxNumber().doubleValue()).isLessThanOrEqualTo(step / 2 + 1e-6);
        assertThat(loaded.network().getParam("0_b")).isEqualTo(original.network().getParam("0_b"));
        assertThat(loaded.card().optimized().method()).isEqualTo("int8");
        assertThat(loaded.card().optimized().note()).contains("ModelBench's small loader");
        assertThat(loaded.card().optimized().after()).isEqualTo(r.after());
        assertThat(loaded.evaluate(digits).rows()).isEqualTo(digits.size());
    }

    @Test
    void fp16HalvesTheWeightsKeepsAccuracyWithinOnePointAndPlainDl4jLoadsIt() throws Exception {
        Path out = dir.resolve("fp16.zip");
        ModelCard.Optimized r = run(OptimizeSettings.fp16(), out);
        assertThat(r.after().sizeBytes()).isLessThanOrEqualTo((long) (0.6 * Files.size(cnn)));
        assertThat(accuracy(r.after())).isGreaterThanOrEqualTo(accuracy(r.before()) - 0.01);
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(out.toFile(), false);
        assertThat(plain.params().dataType()).isEqualTo(DataType.HALF);
        assertThat(plain.getUpdater(false) == null || plain.getUpdater(false).getStateViewArray() == null).isTrue();
        TrainedModel loaded = ModelFiles.load(out);
        assertThat(loaded.network().params().dataType()).as("widened on load").isEqualTo(DataType.FLOAT);
        // plain DL4J computing in fp16 picks the same digit as ModelBench for (nearly) every image
        float[][] x = java.util.Arrays.copyOf(digits.pixels(), 200);
        INDArray in = org.nd4j.linalg.factory.Nd4j.create(x);
        loaded.normalizer().transform(in);
        int[] a = plain.output(in).argMax(1).toIntVector();
        String[] b = loaded.predict(x).predicted();
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += digits.labels().get(a[i]).equals(b[i]) ? 1 : 0;
        }
        assertThat(same).isGreaterThanOrEqualTo(198);
    }

    @Test
    void pruningToHalfKeepsHalfTheWeightsAtZeroAfterFineTuningAndAccuracyWithinTwoPoints() {
        Path out = dir.resolve("pruned.zip");
        ModelCard.Optimized r = run(OptimizeSettings.prune(0.5, 2), out);
        assertThat(r.after().sparsity()).isBetween(0.499, 0.52);
        assertThat(r.after().nonzeroParameters()).isLessThan(r.before().nonzeroParameters() * 6 / 10);
        assertThat(accuracy(r.after())).isGreaterThanOrEqualTo(accuracy(r.before()) - 0.02);
        TrainedModel loaded = ModelFiles.load(out);
        assertThat(Measurer.sparsity(loaded)).isEqualTo(r.after().sparsity());
        assertThat(loaded.card().optimized().settings()).contains("50 %");
    }

    @Test
    void aDistilledStudentWithAtMostAThirdOfTheParametersKeepsAccuracyWithinThreePoints() {
        Path out = dir.resolve("student.zip");
        ModelCard.Optimized r = run(OptimizeSettings.distill(List.of(64, 32), 4, 0.7, 20), out);
        assertThat(r.after().parameters()).isLessThanOrEqualTo((long) (0.3 * r.before().parameters()));
        assertThat(accuracy(r.after())).isGreaterThanOrEqualTo(accuracy(r.before()) - 0.03);
        TrainedModel loaded = ModelFiles.load(out);
        assertThat(loaded.card().training().architecture()).isEqualTo("mlp");
        assertThat(loaded.card().modelSpec()).isEqualTo(ModelSpec.mlp(List.of(64, 32)));
        assertThat(loaded.summary().totalParameters()).isEqualTo(r.after().parameters());
        assertThat(loaded.readsImages()).isTrue();
    }

    @Test
    void perLayerPruningBringsEveryWeightMatrixToTheTargetSparsityWhereGlobalPruningDoesNot() {
        Map<String, Double> global = Pruning.sparsityByLayer(masked(ModelFiles.load(cnn).network(), 0.5, false));
        assertThat(global.values()).as("one threshold for all: layers end up apart").anyMatch(v -> v < 0.45 || v > 0.55);

        Path out = dir.resolve("pruned-per-layer.zip");
        ModelCard.Optimized r = run(OptimizeSettings.prune(0.5, "layer", 1), out);
        TrainedModel loaded = ModelFiles.load(out);
        Map<String, Double> perLayer = Pruning.sparsityByLayer(loaded.network());
        assertThat(perLayer).hasSize(global.size()).containsOnlyKeys(global.keySet());
        assertThat(perLayer.values()).as("after fine-tuning, every layer").allSatisfy(v -> assertThat(v).isBetween(0.49, 0.52));
        assertThat(r.after().sparsity()).isBetween(0.49, 0.52);
        assertThat(loaded.card().optimized().settings()).contains("per layer");
        assertThat(accuracy(r.after())).isGreaterThanOrEqualTo(accuracy(r.before()) - 0.03);
    }

    private static MultiLayerNetwork masked(MultiLayerNetwork net, double sparsity, boolean perLayer) {
        Pruning.apply(net, Pruning.masks(net, sparsity, perLayer));
        return net;
    }

    @Test
    void aCnnStudentWithHalfTheFiltersHasAtMostThirtyPercentOfTheParametersAndKeepsAccuracyWithinThreePoints() {
        Path out = dir.resolve("cnn-student.zip");
        ModelCard.Optimized r = run(OptimizeSettings.distillCnn(0.5, 4, 0.7, 12), out);
        assertThat(r.after().parameters()).isLessThanOrEqualTo((long) (0.3 * r.before().parameters()));
        assertThat(accuracy(r.after())).isGreaterThanOrEqualTo(accuracy(r.before()) - 0.03);
        TrainedModel loaded = ModelFiles.load(out);
        ModelSpec teacher = ModelFiles.load(cnn).card().modelSpec();
        ModelSpec student = loaded.card().modelSpec();
        assertThat(student.layers()).hasSameSizeAs(teacher.layers());
        for (int i = 0; i < teacher.layers().size(); i++) {
            var t = teacher.layers().get(i);
            var st = student.layers().get(i);
            assertThat(st.type()).isEqualTo(t.type());
            assertThat(st.units()).isEqualTo(t.type().equals("conv") || t.type().equals("dense") ? Math.round(t.units() * 0.5f) : t.units());
        }
        assertThat(loaded.card().optimized().settings()).contains("a CNN with the teacher's layers at 50 %");
        assertThat(loaded.summary().totalParameters()).isEqualTo(r.after().parameters());
    }

    @Test
    void latencyTimesTheTwoModelsInAlternatingOrderAndTakesEachOnesMedian() {
        List<String> calls = new java.util.ArrayList<>();
        double[] ms = Measurer.latencies(b -> calls.add("a"), b -> calls.add("b"), new float[4][1]);
        List<String> timed = calls.subList(calls.size() - 2 * Measurer.REPETITIONS, calls.size());
        for (int r = 0; r < Measurer.REPETITIONS; r++) {
            assertThat(timed.subList(2 * r, 2 * r + 2)).as("round " + r).containsExactly(r % 2 == 0 ? new String[] {"a", "b"} : new String[] {"b", "a"});
        }
        assertThat(calls.stream().filter("a"::equals).count()).isEqualTo(calls.stream().filter("b"::equals).count());
        assertThat(ms).hasSize(2);
        assertThat(ms[0]).isFinite().isNotNegative();
        assertThat(ms[1]).isFinite().isNotNegative();
    }

    @Test
    void otherDataThanTheModelsOwnIsRefusedAndNothingIsWritten() {
        Path out = dir.resolve("never.zip");
        assertThatThrownBy(() -> ModelOptimizer.optimize(cnn, TableDataset.of(TestTables.iris()), OptimizeSettings.int8(), out, TaskProgress.NONE))
                .isInstanceOf(InputException.class).hasMessageContaining("trained on images");
        ImageDataset other = new ImageDataset(digits.folder(), digits.source(), digits.labels(), digits.items(), List.of(),
                digits.pixels(), digits.settings(), "another-sha");
        assertThatThrownBy(() -> ModelOptimizer.optimize(cnn, other, OptimizeSettings.int8(), out, TaskProgress.NONE))
                .isInstanceOf(InputException.class).hasMessageContaining("not the data this model was trained on");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCancelledPruningStopsAndWritesNothing() {
        Path out = dir.resolve("cancelled.zip");
        TaskProgress cancel = new TaskProgress() {
            @Override
            public void progress(double fraction) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> ModelOptimizer.optimize(cnn, digits, OptimizeSettings.prune(0.5, 1), out, cancel))
                .isInstanceOf(CancellationException.class);
        assertThat(out).doesNotExist();
    }

    @Test
    void aTableModelIsOptimizedOnTheSameSplitItWasTrainedOn() {
        var iris = Samples.open(Samples.find("iris"));
        var outcome = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(30)),
                TrainingListener.NONE, new StopSignal());
        Path zip = dir.resolve("iris.zip");
        ModelFiles.save(outcome.model(), zip);
        Path out = dir.resolve("iris-int8.zip");
        ModelCard.Optimized r = ModelOptimizer.optimize(zip, TableDataset.of(iris), OptimizeSettings.int8(), out, TaskProgress.NONE);
        // the test figures before are the trainer's own on its test split: the same rows, rebuilt from the card
        assertThat(r.before().test().get("accuracy")).isEqualTo(((io.modelbench.engine.api.EvaluationResult.Classification) outcome.test()).accuracy());
        assertThat(r.before().test().get("rows")).isEqualTo(outcome.model().card().dataset().testRows());
        TrainedModel int8 = ModelFiles.load(out);
        assertThat(int8.predict(iris).predicted()).hasSize(iris.rowCount());
        // the HTML report of the optimized model has the before/after table
        String html = io.modelbench.engine.io.HtmlReport.render(new io.modelbench.engine.io.HtmlReport.Input("Iris", int8.card(),
                "iris", int8.evaluate(iris), null, null, List.of()));
        assertThat(html).contains("Optimized for inference: int8").contains("<td class=\"l\">before</td>")
                .contains("<td class=\"l\">after</td>").contains(String.format(java.util.Locale.ROOT, "%,d", r.after().sizeBytes()))
                .contains("ModelBench&#39;s small loader".replace("&#39;", "'"));
        Path student = dir.resolve("iris-student.zip");
        ModelCard.Optimized d = ModelOptimizer.optimize(zip, TableDataset.of(iris), OptimizeSettings.distill(List.of(8), 2, 0.5, 40),
                student, TaskProgress.NONE);
        assertThat(d.after().parameters()).isLessThan(d.before().parameters());
        assertThat(((Number) d.after().test().get("accuracy")).doubleValue()).isGreaterThan(0.8);
    }
}
