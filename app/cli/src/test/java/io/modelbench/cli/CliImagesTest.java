package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.data.Samples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Image folders on the command line: the CNN template, a model spec file, evaluate/predict, and bad input. */
class CliImagesTest {

    @TempDir
    static Path shared;
    static Path digits;
    static Path model;
    static JsonNode trained;

    @BeforeAll
    static void trainOnce() {
        digits = Samples.unpackImages(Samples.find("digits_images"), shared.resolve("samples"));
        model = shared.resolve("digits.zip");
        CliRun run = CliRun.of("train", "--data", digits, "--model", "cnn", "--epochs", "3", "--batch", "32", "--lr", "0.002",
                "--out", model, "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        trained = CliRun.parse(run.out().strip());
    }

    @Test
    void theCnnTemplateTrainsOnTheDigitsFolder() {
        assertThat(trained.get("architecture").asText()).isEqualTo("cnn");
        assertThat(trained.get("inputs").asText()).isEqualTo("8x8 grayscale images");
        assertThat(trained.get("classes")).hasSize(10);
        assertThat(trained.get("rows").get("test").asInt()).isEqualTo(359);
        assertThat(trained.get("test").get("accuracy").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void evaluateAndPredictTakeFoldersAndFiles(@TempDir Path dir) throws Exception {
        CliRun eval = CliRun.of("evaluate", "--model", model, "--data", digits);
        assertThat(eval.exitCode()).as(eval.toString()).isZero();
        JsonNode e = CliRun.parse(eval.out().strip());
        assertThat(e.get("images").asInt()).isEqualTo(1797);
        assertThat(e.get("test").get("accuracy").asDouble()).isGreaterThan(0.9);

        Path csv = dir.resolve("threes.csv");
        CliRun predict = CliRun.of("predict", "--model", model, "--data", digits.resolve("3"), "--out", csv);
        assertThat(predict.exitCode()).as(predict.toString()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("file,prediction,p_0,p_1");
        assertThat(lines).hasSize(184);
        long threes = lines.stream().skip(1).filter(l -> l.split(",")[1].equals("3")).count();
        assertThat(threes).isGreaterThan(160);

        CliRun one = CliRun.of("predict", "--model", model, "--data", digits.resolve("7/0007.png"));
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out().lines().skip(1).findFirst().orElseThrow()).startsWith("0007.png,7,");
    }

    /** A small RGB folder of JPEGs of different sizes: red discs and blue squares (made here, for this test). */
    static Path shapes(Path dir) throws Exception {
        Random rnd = new Random(5);
        for (String cls : List.of("disc", "square")) {
            Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < 40; i++) {
                int w = 20 + rnd.nextInt(30);
                int h = 20 + rnd.nextInt(30);
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, h);
                int s = Math.min(w, h) / 2;
                if (cls.equals("disc")) {
                    g.setColor(new Color(200 + rnd.nextInt(55), 0, 0));
                    g.fillOval(rnd.nextInt(w - s), rnd.nextInt(h - s), s, s);
                } else {
                    g.setColor(new Color(0, 0, 200 + rnd.nextInt(55)));
                    g.fillRect(rnd.nextInt(w - s), rnd.nextInt(h - s), s, s);
                }
                g.dispose();
                ImageIO.write(img, i % 2 == 0 ? "jpg" : "png", dir.resolve(cls + "/" + i + (i % 2 == 0 ? ".jpg" : ".png")).toFile());
            }
        }
        Files.writeString(dir.resolve("square/broken.jpg"), "not a jpeg");
        return dir;
    }

    @Test
    void anRgbFolderWithASpecFileAugmentationAndABrokenFile(@TempDir Path dir) throws Exception {
        Path data = shapes(dir.resolve("shapes"));
        Path spec = dir.resolve("tiny.json");
        Files.writeString(spec, "{\"name\": \"tiny\", \"layers\": [{\"type\": \"conv\", \"units\": 6, \"kernel\": 3},"
                + " {\"type\": \"maxpool\"}, {\"type\": \"dense\", \"units\": 16, \"dropout\": 0.1}]}");
        CliRun run = CliRun.of("train", "--data", data, "--model", spec, "--image-size", "16x16", "--color", "rgb",
                "--augment", "flip,shift=1", "--epochs", "15", "--lr", "0.005", "--out", dir.resolve("shapes.zip"), "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode j = CliRun.parse(run.out().strip());
        assertThat(j.get("architecture").asText()).isEqualTo("tiny");
        assertThat(j.get("inputs").asText()).isEqualTo("16x16 rgb images");
        assertThat(j.get("skipped").get("square/broken.jpg").asText()).startsWith("not a readable image");
        assertThat(j.get("test").get("accuracy").asDouble()).isGreaterThan(0.8);
    }

    @Test
    void aKerasModelsLayersAreTheStartingPoint(@TempDir Path dir) {
        // the engine's test file: Keras 2 Sequential, 4 inputs, dense 16 (L2) / dropout / dense 8 tanh / dense 3 softmax
        Path h5 = Path.of("../engine/src/test/resources/keras/mlp.h5");
        CliRun run = CliRun.of("train", "--data", "sample:iris", "--model", h5, "--epochs", "30", "--out", dir.resolve("k.zip"));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode j = CliRun.parse(run.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(j.get("architecture").asText()).isEqualTo("keras:mlp");
        assertThat(j.get("parameters").asInt()).isEqualTo(4 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3);
        assertThat(j.get("test").get("accuracy").asDouble()).isGreaterThan(0.8);
        assertThat(run.err()).contains("note: the weights are not imported");
        Path cnn = Path.of("../engine/src/test/resources/keras/cnn.h5");
        CliRun images = CliRun.of("train", "--data", digits, "--model", cnn, "--epochs", "1", "--out", dir.resolve("c.zip"));
        assertThat(images.exitCode()).as(images.toString()).isZero();
        assertThat(images.err()).contains("not imported: layer 4 'gaussian_noise' (GaussianNoise)");
    }

    @Test
    void badImageInputGetsOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
        Path iris = Files.writeString(dir.resolve("iris.csv"), "a,b,y\n1,2,x\n3,4,z\n5,6,x\n7,8,z\n");
        assertError(CliRun.of("train", "--data", iris, "--target", "y", "--model", "cnn", "--out", dir.resolve("m.zip")),
                "onvolution and pooling need image data");
        Path badSpec = Files.writeString(dir.resolve("bad.json"), "{\"layers\": [{\"type\": \"dense\", \"activation\": \"softsign\"}]}");
        assertError(CliRun.of("train", "--data", digits, "--model", badSpec, "--out", dir.resolve("m.zip")),
                "bad.json", "'activation' = 'softsign'");
        Path tooBig = Files.writeString(dir.resolve("big.json"), "{\"layers\": [{\"type\": \"conv\", \"kernel\": 9, \"padding\": \"valid\"}]}");
        assertError(CliRun.of("train", "--data", digits, "--model", tooBig, "--out", dir.resolve("m.zip")),
                "layer 1 (conv 9×9", "smaller than its 9×9 window");
        assertError(CliRun.of("train", "--data", digits, "--image-size", "huge", "--out", dir.resolve("m.zip")), "such as 28x28");
        Path one = Files.createDirectories(dir.resolve("one/cats"));
        Files.copy(digits.resolve("0/0000.png"), one.resolve("a.png"));
        assertError(CliRun.of("train", "--data", dir.resolve("one"), "--out", dir.resolve("m.zip")), "only one class folder ('cats')");
        assertError(CliRun.of("evaluate", "--model", model, "--data", iris), "trained on images, but --data is a table");
        assertThat(Files.exists(dir.resolve("m.zip"))).isFalse();
    }

    private static void assertError(CliRun run, String... parts) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        String err = run.err().strip();
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("error: ");
        for (String p : parts) {
            assertThat(err).contains(p);
        }
    }
}
