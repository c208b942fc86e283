package io.modelbench.engine.onnx;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.OnnxInfo;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.Trainer;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ONNX export against ONNX Runtime: the exported file, fed the raw input a ModelBench user has (encoded rows before
 * scaling, or pixels 0–255 as NCHW), gives ModelBench's own probabilities within 1e-4.
 */
class OnnxExportTest {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxExportTest.class);
    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path cache;
    private static ImageDataset digits;

    @BeforeAll
    static void load() {
        Path folder = Samples.unpackImages(Samples.find("digits_images"), cache);
        ImageDataset all = ImageFolders.load(folder, "sample:digits_images", ImageFolders.suggest(folder), TaskProgress.NONE);
        List<ImageDataset.Item> items = new ArrayList<>();
        List<float[]> px = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 6) { // 300 images, every class: quick to train
            items.add(all.items().get(i));
            px.add(all.pixels()[i]);
        }
        digits = new ImageDataset(all.folder(), all.source(), all.labels(), items, List.of(), px.toArray(new float[0][]),
                all.settings(), "sha-of-the-subset");
    }

    private static TrainedModel trainImages(ModelSpec spec, int epochs) {
        TrainingSettings t = new TrainingSettings(epochs, 32, 0.003, TrainingSettings.DEFAULT_HIDDEN, 7).withModel(spec);
        return new Trainer().train(digits, new TrainingRequest("class", null, List.of(), SplitSettings.defaults(7), t),
                TrainingListener.NONE, new StopSignal(), null).model();
    }

    private static double compareImages(TrainedModel m, Path onnx) throws Exception {
        ModelCard.ImageInput im = m.card().image();
        float[][][][] x = OnnxRuntimeRun.nchw(digits.pixels(), im.channels(), im.height(), im.width());
        float[][] ort = OnnxRuntimeRun.images(onnx, OnnxExport.IMAGE_INPUT, x);
        return OnnxRuntimeRun.maxAbsDiff(m.predict(digits.pixels()).probabilities(), ort);
    }

    @Test
    void theCnnTemplateOnDigitsImagesGivesModelBenchsProbabilitiesInOnnxRuntime(@TempDir Path dir) throws Exception {
        TrainedModel m = trainImages(ModelSpec.cnn(), 2);
        Path onnx = dir.resolve("digits.onnx");
        OnnxInfo info = OnnxExport.write(m, onnx);

        assertThat(info.inputs().get(0).name()).isEqualTo("pixels");
        assertThat(info.inputs().get(0).shape()).containsExactly("batch", 1L, 8L, 8L);
        assertThat(info.outputs().get(0).name()).isEqualTo("probabilities");
        assertThat(info.outputs().get(0).shape()).containsExactly("batch", 10L);
        assertThat(info.bytes()).isEqualTo(Files.size(onnx));
        double diff = compareImages(m, onnx);
        LOG.warn("ONNX Runtime vs ModelBench, digits CNN on {} images: max abs difference {}", digits.size(), diff);
        assertThat(diff).isLessThan(TOLERANCE);
    }

    @Test
    void batchNormPaddingPoolingAndEveryActivationMatchOnnxRuntime(@TempDir Path dir) throws Exception {
        // odd sizes on purpose: same padding with an odd total (the extra pixel at the bottom/right), strided and valid
        // convolutions, average pooling over padding, batch norm on channels and on a vector, each activation
        ModelSpec spec = new ModelSpec("mixed", List.of(
                new LayerSpec("conv", 6, 3, 2, "same", "leakyrelu", 0, "relu", 0),
                new LayerSpec("batchnorm", 0, 0, 0, null, null, 0, null, 0),
                new LayerSpec("avgpool", 0, 3, 1, "same", null, 0, null, 0),
                new LayerSpec("conv", 5, 2, 1, "valid", "elu", 0, "xavier", 0),
                new LayerSpec("maxpool", 0, 2, 1, "same", null, 0, null, 0),
                new LayerSpec("dense", 24, 0, 0, null, "swish", 0.2, null, 0),
                new LayerSpec("batchnorm", 0, 0, 0, null, null, 0, null, 0),
                new LayerSpec("dense", 16, 0, 0, null, "tanh", 0, null, 0),
                new LayerSpec("dropout", 0, 0, 0, null, null, 0.3, null, 0),
                new LayerSpec("dense", 12, 0, 0, null, "sigmoid", 0, null, 0)));
        TrainedModel m = trainImages(spec, 2);
        // running statistics far from 0 and 1, so that a wrong mean, variance or epsilon would show
        var bn = m.network().getLayer(1);
        bn.setParam("mean", bn.getParam("mean").add(0.3));
        String spread = bn.paramTable().containsKey("log10stdev") ? "log10stdev" : "var";
        bn.setParam(spread, bn.getParam(spread).add(0.2));
        Path onnx = dir.resolve("mixed.onnx");
        OnnxExport.write(m, onnx);
        double diff = compareImages(m, onnx);
        LOG.warn("ONNX Runtime vs ModelBench, batch norm and mixed layers: max abs difference {}", diff);
        assertThat(diff).isLessThan(TOLERANCE);
    }

    /** Iris with a category column, a yes/no column and gaps: one-hot, 0/1 and the fill values come before the graph. */
    private static Table irisWithCategories() {
        Table iris = TestTables.iris();
        List<String> cols = new ArrayList<>(iris.columns());
        cols.add("colour");
        cols.add("spotted");
        String[] colours = {"red", "green", "blue", "violet"};
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[iris.rowCount()];
        for (int r = 0; r < iris.rowCount(); r++) {
            String[] row = new String[cols.size()];
            for (int c = 0; c < iris.columns().size(); c++) {
                row[c] = r % 17 == 3 && c == 1 ? "" : iris.value(r, c);
            }
            row[cols.size() - 2] = r % 11 == 5 ? "" : colours[(r * 7) % 4];
            row[cols.size() - 1] = r % 3 == 0 ? "yes" : "no";
            rows.add(row);
            lines[r] = r + 2;
        }
        return new Table("iris-with-categories.csv", cols, rows, lines, null);
    }

    private static TrainedModel trainTable(Table t, String target, Normalization n) {
        TrainingSettings s = new TrainingSettings(5, 16, 0.01, List.of(12, 8), 3);
        TrainingRequest r = TrainingRequest.of(target, s).withPreparation(PreparationSettings.defaults().withNormalization(n));
        return new Trainer().train(t, r, TrainingListener.NONE, new StopSignal()).model();
    }

    @Test
    void tablesWithCategoriesAndEachScalingGiveTheSameOutputsFromTheRawEncodedRows(@TempDir Path dir) throws Exception {
        Table t = irisWithCategories();
        for (Normalization n : Normalization.values()) {
            TrainedModel m = trainTable(t, "species", n);
            Path onnx = dir.resolve("iris-" + n.id() + ".onnx");
            OnnxInfo info = OnnxExport.write(m, onnx);
            assertThat(info.inputs().get(0).name()).isEqualTo("encoded_inputs");
            assertThat(info.inputs().get(0).shape()).containsExactly("batch", (long) m.card().modelInputs().size());
            float[][] raw = m.encode(t);
            double diff = OnnxRuntimeRun.maxAbsDiff(m.predict(raw).probabilities(), OnnxRuntimeRun.rows(onnx, "encoded_inputs", raw));
            LOG.warn("ONNX Runtime vs ModelBench, iris with categories, {}: max abs difference {}", n.id(), diff);
            assertThat(diff).as(n.id()).isLessThan(TOLERANCE);
        }
    }

    @Test
    void aRegressionModelAnswersInTheTargetsUnits(@TempDir Path dir) throws Exception {
        Table t = irisWithCategories();
        TrainedModel m = trainTable(t, "petal_width_cm", Normalization.STANDARDIZE);
        assertThat(m.normalizer().isFitLabel()).as("the target is standardized, so the graph must revert it").isTrue();
        Path onnx = dir.resolve("petal.onnx");
        OnnxInfo info = OnnxExport.write(m, onnx);
        assertThat(info.outputs().get(0).name()).isEqualTo("prediction");
        float[][] raw = m.encode(t);
        double[] expected = m.predict(raw).values();
        float[][] got = OnnxRuntimeRun.rows(onnx, "encoded_inputs", raw);
        double[][] e = new double[expected.length][];
        for (int i = 0; i < e.length; i++) {
            e[i] = new double[] {expected[i]};
        }
        assertThat(OnnxRuntimeRun.maxAbsDiff(e, got)).isLessThan(TOLERANCE);
    }

    @Test
    void theModelCardTravelsAsMetadataAndTheGraphPassesTheCheck(@TempDir Path dir) throws Exception {
        TrainedModel m = trainTable(TestTables.iris(), "species", Normalization.STANDARDIZE);
        Path onnx = dir.resolve("iris.onnx");
        OnnxExport.write(m, onnx);
        Onnx.ModelProto p = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertThat(p.getIrVersion()).isEqualTo(7);
        assertThat(p.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(p.getGraph().getNode(0).getOpType()).as("the scaling comes first").isEqualTo("Sub");
        assertThat(p.getGraph().getNode(1).getOpType()).isEqualTo("Div");
        Map<String, String> md = OnnxRuntimeRun.metadata(onnx);
        ModelCard card = Json.mapper().readValue(md.get(OnnxExport.CARD_KEY), ModelCard.class);
        assertThat(card.modelInputs()).isEqualTo(m.card().modelInputs());
        assertThat(card.labelNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(md.get(OnnxExport.INPUT_NAMES_KEY)).isEqualTo(
                "[\"sepal_length_cm\",\"sepal_width_cm\",\"petal_length_cm\",\"petal_width_cm\"]");
        assertThat(OnnxCheck.check(p)).containsOnlyKeys("probabilities");

        // the check bites: an initializer no node uses, a node reading a tensor nothing defines, a wrong output shape
        Onnx.GraphProto g = p.getGraph();
        Onnx.ModelProto unused = p.toBuilder().setGraph(g.toBuilder().addInitializer(g.getInitializer(0).toBuilder().setName("spare"))).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnnxCheck.check(unused)).hasMessageContaining("spare is not used");
        Onnx.ModelProto dangling = p.toBuilder().setGraph(g.toBuilder().setNode(2, g.getNode(2).toBuilder().setInput(0, "nowhere"))).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnnxCheck.check(dangling)).hasMessageContaining("reads nowhere");
        Onnx.ModelProto wrongShape = p.toBuilder().setGraph(g.toBuilder().setOutput(0,
                OnnxGraph.valueInfo("probabilities", OnnxGraph.batchOf(4), ""))).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnnxCheck.check(wrongShape)).hasMessageContaining("declared");
    }

    @Test
    void aLayerOnnxExportDoesNotCoverIsRefusedByNameAndNothingIsWritten(@TempDir Path dir) {
        TrainedModel m = trainTable(TestTables.iris(), "species", Normalization.STANDARDIZE);
        var conf = m.network().getLayerWiseConfigurations();
        var dense = (org.deeplearning4j.nn.conf.layers.DenseLayer) conf.getConf(1).getLayer();
        dense.setActivationFn(new org.nd4j.linalg.activations.impl.ActivationCube());
        Path onnx = dir.resolve("cube.onnx");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnnxExport.write(m, onnx))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("layer 2 of 3 (DenseLayer) cannot be exported to ONNX")
                .hasMessageContaining("cube");
        assertThat(onnx).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no temporary file left").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
