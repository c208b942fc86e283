package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.TestTables;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.onnx.OnnxRuntimeRun;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export --format onnx} beside {@code predict}: ONNX Runtime, given the rows of the CSV file as a program that
 * knows only the ONNX file would build them (columns picked by the names in the file's metadata), gives the
 * probabilities {@code predict} writes, within 1e-4; and the same for images read with ImageIO, not ModelBench.
 */
class CliExportTest {

    private static final Logger LOG = LoggerFactory.getLogger(CliExportTest.class);

    @TempDir
    static Path dir;
    static Path irisCsv;
    static Path iris;

    @BeforeAll
    static void train() throws IOException {
        irisCsv = TestTables.sampleFile("iris", Files.createDirectories(dir.resolve("data")));
        iris = dir.resolve("iris.zip");
        CliRun r = CliRun.of("train", "--data", irisCsv, "--target", "species", "--epochs", "40", "--out", iris, "-q");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            return p.getRecords();
        }
    }

    @Test
    void anExportedIrisModelGivesPredictsProbabilitiesInOnnxRuntime() throws Exception {
        Path onnx = dir.resolve("out").resolve("iris.onnx");
        CliRun export = CliRun.of("export", "--model", iris, "--format", "onnx", "--out", onnx);
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.outLines()).hasSize(1);
        JsonNode j = export.json();
        assertThat(Path.of(j.path("onnx").asText())).isEqualTo(onnx.toAbsolutePath().normalize());
        assertThat(j.path("bytes").asLong()).isEqualTo(Files.size(onnx));
        assertThat(j.path("opset").asInt()).isEqualTo(13);
        assertThat(j.path("ir_version").asInt()).isEqualTo(7);
        assertThat(j.path("inputs").get(0).path("name").asText()).isEqualTo("encoded_inputs");
        assertThat(j.path("inputs").get(0).path("shape").toString()).isEqualTo("[\"batch\",4]");
        assertThat(j.path("outputs").get(0).path("name").asText()).isEqualTo("probabilities");
        assertThat(j.path("outputs").get(0).path("shape").toString()).isEqualTo("[\"batch\",3]");
        assertThat(j.path("parameters").asLong()).isPositive();

        Path predictions = dir.resolve("iris-predictions.csv");
        CliRun predict = CliRun.of("predict", "--model", iris, "--data", irisCsv, "--out", predictions);
        assertThat(predict.exitCode()).as(predict.toString()).isZero();

        // an outsider's program: the input names and labels come from the ONNX file's metadata, the numbers from the CSV
        var md = OnnxRuntimeRun.metadata(onnx);
        JsonNode names = new com.fasterxml.jackson.databind.ObjectMapper().readTree(md.get("modelbench.input_names"));
        JsonNode labels = new com.fasterxml.jackson.databind.ObjectMapper().readTree(md.get("modelbench.label_names"));
        assertThat(names.toString()).isEqualTo("[\"sepal_length_cm\",\"sepal_width_cm\",\"petal_length_cm\",\"petal_width_cm\"]");
        List<CSVRecord> rows = csv(irisCsv);
        float[][] x = new float[rows.size()][names.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < names.size(); c++) {
                x[r][c] = Float.parseFloat(rows.get(r).get(names.get(c).asText()));
            }
        }
        float[][] ort = OnnxRuntimeRun.rows(onnx, "encoded_inputs", x);
        List<CSVRecord> p = csv(predictions);
        double[][] expected = new double[p.size()][labels.size()];
        for (int r = 0; r < p.size(); r++) {
            for (int k = 0; k < labels.size(); k++) {
                expected[r][k] = Double.parseDouble(p.get(r).get("p_" + labels.get(k).asText()));
            }
        }
        double diff = OnnxRuntimeRun.maxAbsDiff(expected, ort);
        LOG.warn("ONNX Runtime vs 'predict', iris (150 rows): max abs difference {}", diff);
        assertThat(diff).isLessThan(1e-4);
    }

    @Test
    void anExportedImageModelGivesPredictsProbabilitiesForImagesReadWithImageIo(@TempDir Path tmp) throws Exception {
        Path digits = Samples.unpackImages(Samples.find("digits_images"), tmp.resolve("samples"));
        Path model = tmp.resolve("digits.zip");
        CliRun train = CliRun.of("train", "--data", digits, "--model", "cnn", "--epochs", "1", "--batch", "32", "--out", model, "-q");
        assertThat(train.exitCode()).as(train.toString()).isZero();
        Path onnx = tmp.resolve("digits.onnx");
        CliRun export = CliRun.of("export", "--model", model, "--out", onnx);
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.json().path("inputs").get(0).path("shape").toString()).isEqualTo("[\"batch\",1,8,8]");
        Path predictions = tmp.resolve("sevens.csv");
        CliRun predict = CliRun.of("predict", "--model", model, "--data", digits.resolve("7"), "--out", predictions);
        assertThat(predict.exitCode()).as(predict.toString()).isZero();

        List<CSVRecord> p = csv(predictions);
        float[][][][] x = new float[p.size()][1][8][8];
        double[][] expected = new double[p.size()][10];
        for (int r = 0; r < p.size(); r++) {
            BufferedImage img = ImageIO.read(digits.resolve("7").resolve(p.get(r).get("file")).toFile());
            for (int y = 0; y < 8; y++) {
                for (int xx = 0; xx < 8; xx++) {
                    x[r][0][y][xx] = img.getRaster().getSample(xx, y, 0);
                }
            }
            for (int k = 0; k < 10; k++) {
                expected[r][k] = Double.parseDouble(p.get(r).get("p_" + k));
            }
        }
        double diff = OnnxRuntimeRun.maxAbsDiff(expected, OnnxRuntimeRun.images(onnx, "pixels", x));
        LOG.warn("ONNX Runtime vs 'predict', digits CNN on {} images read with ImageIO: max abs difference {}", p.size(), diff);
        assertThat(diff).isLessThan(1e-4);
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("bad").resolve("m.onnx");
        assertThat(CliErrorTest.inputError(CliRun.of("export", "--model", iris, "--format", "tflite", "--out", out)))
                .contains("--format").contains("tflite").contains("Use onnx");
        assertThat(CliErrorTest.inputError(CliRun.of("export", "--model", dir.resolve("nope.zip"), "--out", out)))
                .contains("nope.zip").contains("does not exist");
        Path notAModel = Files.writeString(dir.resolve("notes.zip"), "not a zip");
        assertThat(CliErrorTest.inputError(CliRun.of("export", "--model", notAModel, "--out", out))).contains("notes.zip");
        assertThat(CliErrorTest.inputError(CliRun.of("export", "--model", iris, "--out", dir))).contains("is a folder");
        assertThat(CliErrorTest.inputError(CliRun.of("export", "--model", iris, "--out", iris))).contains("--out");
        assertThat(out).doesNotExist();
        assertThat(iris).isRegularFile();
    }
}
