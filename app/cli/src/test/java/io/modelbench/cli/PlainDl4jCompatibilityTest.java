package io.modelbench.cli;

import io.modelbench.engine.TestTables;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model saved by {@code modelbench train} is a plain DL4J model zip: a program that knows only DL4J
 * (ModelSerializer, the normalizer in the zip, {@code output}) gets the same predictions as {@code predict}.
 */
class PlainDl4jCompatibilityTest {

    @TempDir
    Path dir;

    @Test
    void plainDl4jProgramPredictsLikeThePredictCommand() throws Exception {
        Path iris = TestTables.sampleFile("iris", dir);
        Path model = dir.resolve("m.zip");
        Path predictions = dir.resolve("p.csv");
        CliRun train = CliRun.of("train", "--data", iris, "--target", "species", "--out", model, "--epochs", "5");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        CliRun predict = CliRun.of("predict", "--model", model, "--data", iris, "--out", predictions);
        assertThat(predict.exitCode()).as(predict.toString()).isZero();

        // --- the plain DL4J program: features read by hand, the network and normalizer from the zip
        List<String> lines = Files.readAllLines(iris, StandardCharsets.UTF_8);
        float[][] features = new float[lines.size() - 1][4];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            for (int f = 0; f < 4; f++) {
                features[i - 1][f] = Float.parseFloat(cells[f]);
            }
        }
        File zip = model.toFile();
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip);
        NormalizerStandardize normalizer = ModelSerializer.restoreNormalizerFromFile(zip);
        INDArray x = Nd4j.create(features);
        normalizer.transform(x);
        INDArray output = net.output(x);
        // ---

        List<CSVRecord> records = CliTest.readCsv(Files.newBufferedReader(predictions, StandardCharsets.UTF_8));
        List<String> header = records.get(0).toList();
        assertThat(header.subList(6, 9)).containsExactly("p_setosa", "p_versicolor", "p_virginica");
        assertThat(records).hasSize(151);
        assertThat(output.rows()).isEqualTo(150);
        assertThat(output.columns()).isEqualTo(3);
        int differentFromFirstClass = 0;
        for (int r = 0; r < 150; r++) {
            CSVRecord rec = records.get(r + 1);
            int best = 0;
            for (int k = 0; k < 3; k++) {
                double plain = output.getDouble(r, k);
                double cli = Double.parseDouble(rec.get(6 + k));
                assertThat(Math.abs(plain - cli)).as("row %d, p_%s: plain DL4J %s, predict %s", r + 1,
                        header.get(6 + k).substring(2), plain, cli).isLessThan(1e-5);
                if (output.getDouble(r, k) > output.getDouble(r, best)) {
                    best = k;
                }
            }
            String plainLabel = header.get(6 + best).substring(2);
            assertThat(rec.get(5)).as("row %d prediction", r + 1).isEqualTo(plainLabel);
            if (best != 0) {
                differentFromFirstClass++;
            }
        }
        assertThat(differentFromFirstClass).as("the model predicts more than one class").isPositive();
    }
}
