package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sequence classification from the command line on real data: the bundled 8×8 digits (UCI "Optical Recognition of
 * Handwritten Digits", see sample-data/SOURCES.md), each image read row by row as 8 time steps of 8 pixels, labelled by
 * its digit: the classic "sequential MNIST" setting on the small digits. The test writes that long table (one row per
 * step: image id, row, c0..c7, digit), with every third image's rows in reverse order so that {@code --time-column}
 * has to order them. train with {@code --sequence-id} gives a classification run with an LSTM, the split by image
 * (stratified; no image in two splits), the majority and linear references; predict writes one row per image;
 * evaluate and report read the long table; bad sequence input exits 2 with one line naming the sequence or option.
 */
class CliSequenceTest {

    @TempDir
    static Path dir;
    static Path csv;
    static Path model;
    static CliRun trained;

    @BeforeAll
    static void train() throws IOException {
        Table digits = Samples.open(Samples.find("digits"));
        int label = digits.indexOf("digit");
        StringBuilder b = new StringBuilder("image,row,c0,c1,c2,c3,c4,c5,c6,c7,digit\n");
        for (int i = 0; i < digits.rowCount(); i++) {
            List<String> rows = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                StringBuilder line = new StringBuilder("img" + i + "," + r);
                for (int c = 0; c < 8; c++) {
                    line.append(',').append(digits.value(i, r * 8 + c));
                }
                rows.add(line.append(',').append(digits.value(i, label)).toString());
            }
            if (i % 3 == 0) {
                java.util.Collections.reverse(rows);   // out of order in the file: --time-column orders them
            }
            rows.forEach(l -> b.append(l).append('\n'));
        }
        csv = dir.resolve("digits-rows.csv");
        Files.writeString(csv, b.toString());
        model = dir.resolve("seq.zip");
        trained = CliRun.of("train", "--data", csv, "--target", "digit", "--sequence-id", "image", "--time-column", "row",
                "--epochs", "6", "--out", model);
    }

    @Test
    void trainClassifiesEachImageAsASequenceWithAnLstmAndTheUsualReferences() {
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        JsonNode j = trained.json();
        assertThat(j.get("task").asText()).isEqualTo("classification");
        assertThat(j.get("architecture").asText()).isEqualTo("lstm");
        // one example per image, split by image: 1,797 in all
        JsonNode rows = j.get("rows");
        assertThat(rows.get("train").asInt() + rows.get("validation").asInt() + rows.get("test").asInt()).isEqualTo(1797);
        double accuracy = j.get("test").get("accuracy").asDouble();
        System.out.println("sequential digits, LSTM 6 epochs: test accuracy " + accuracy + ", " + j.get("baseline") + ", "
                + j.get("reference"));
        assertThat(accuracy).isGreaterThan(j.get("baseline").get("accuracy").asDouble() + 0.3);
        assertThat(j.get("reference").get("model").asText()).isEqualTo("linear");
        assertThat(j.get("left_out").get("image").asText()).isEqualTo("sequence id");
    }

    @Test
    void predictWritesOneRowPerSequenceAndEvaluateAndReportReadTheLongTable() throws IOException {
        Path out = dir.resolve("pred.csv");
        CliRun p = CliRun.of("predict", "--model", model, "--data", csv, "--out", out);
        assertThat(p.exitCode()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 1797);
        assertThat(lines.get(0)).startsWith("image,digit,prediction,p_0");
        assertThat(lines.get(1)).startsWith("img0,0,");
        CliRun e = CliRun.of("evaluate", "--model", model, "--data", csv);
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.json().get("test").get("rows").asInt()).isEqualTo(1797);
        assertThat(e.json().get("test").get("accuracy").asDouble()).isGreaterThan(0.4);
        CliRun rep = CliRun.of("report", "--model", model, "--data", csv, "--out", dir.resolve("r.html"));
        assertThat(rep.exitCode()).as(rep.err()).isZero();
        assertThat(dir.resolve("r.html")).exists();
    }

    /** Sequences of 4 to 24 steps whose channel x rises ("up") or falls under noise; the length is drawn apart from the class. */
    static Path uneven() throws IOException {
        java.util.Random r = new java.util.Random(11);
        StringBuilder b = new StringBuilder("id,t,x,label\n");
        for (int i = 0; i < 160; i++) {
            boolean up = r.nextBoolean();
            int len = i == 0 ? 4 : i == 1 ? 24 : 4 + r.nextInt(21);
            for (int k = 0; k < len; k++) {
                b.append("q").append(i).append(',').append(k).append(',').append(Math.round(((up ? 0.3 : -0.3) * k + r.nextGaussian() * 0.5) * 1000) / 1000.0)
                        .append(',').append(up ? "up" : "down").append('\n');
            }
        }
        Path f = dir.resolve("uneven.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    @Test
    void sequencesOfDifferentLengthsTrainPredictEvaluateReportQuantizeAndResume() throws IOException {
        Path data = uneven();
        Path cp = dir.resolve("uneven-cp");
        Path out = dir.resolve("uneven.zip");
        CliRun t = CliRun.of("train", "--data", data, "--target", "label", "--sequence-id", "id", "--time-column", "t", "--epochs", "6",
                "--lr", "0.01", "--checkpoint-dir", cp, "--out", out);
        assertThat(t.exitCode()).as(t.err()).isZero();
        JsonNode seq = t.json().get("sequences");
        assertThat(seq.get("padded").asBoolean()).isTrue();
        assertThat(seq.get("steps").asInt()).isEqualTo(24);
        assertThat(seq.get("lengths").get("min").asInt()).isEqualTo(4);
        assertThat(seq.get("lengths").get("max").asInt()).isEqualTo(24);
        assertThat(seq.get("lengths").get("median").asDouble()).isBetween(8.0, 20.0);
        assertThat(t.json().get("test").get("accuracy").asDouble()).isGreaterThan(0.8);

        CliRun p = CliRun.of("predict", "--model", out, "--data", data, "--out", dir.resolve("uneven-pred.csv"));
        assertThat(p.exitCode()).as(p.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("uneven-pred.csv"))).hasSize(161);
        CliRun e = CliRun.of("evaluate", "--model", out, "--data", data);
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.json().get("test").get("rows").asInt()).isEqualTo(160);
        CliRun rep = CliRun.of("report", "--model", out, "--data", data, "--out", dir.resolve("uneven.html"));
        assertThat(rep.exitCode()).as(rep.err()).isZero();
        CliRun q = CliRun.of("optimize", "--model", out, "--data", data, "--quantize", "int8", "--out", dir.resolve("uneven-int8.zip"));
        assertThat(q.exitCode()).as(q.err()).isZero();
        assertThat(q.json().get("after").get("test").get("accuracy").asDouble()).isGreaterThan(0.7);
        CliRun prune = CliRun.of("optimize", "--model", out, "--data", data, "--prune", "0.5", "--out", dir.resolve("uneven-pruned.zip"));
        assertThat(prune.exitCode()).as(prune.toString()).isEqualTo(2);
        assertThat(prune.err()).contains("a sequence classifier can be quantized (int8, fp16), not pruned");
        CliRun r = CliRun.of("train", "--data", data, "--target", "label", "--sequence-id", "id", "--time-column", "t", "--resume", cp,
                "--epochs", "8", "--out", dir.resolve("uneven-resumed.zip"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("epochs").asInt()).isEqualTo(8);
        assertThat(r.json().get("sequences").get("lengths").get("max").asInt()).isEqualTo(24);

        CliRun onnx = CliRun.of("export", "--model", out, "--format", "onnx", "--out", dir.resolve("uneven.onnx"));
        assertThat(onnx.exitCode()).as(onnx.toString()).isEqualTo(2);
        assertThat(onnx.err().strip().lines()).hasSize(1);
        assertThat(onnx.err()).contains("a sequence classifier (LSTM or 1-D convolution) cannot be exported to ONNX yet");
        assertThat(dir.resolve("uneven.onnx")).doesNotExist();

        CliRun cnn = CliRun.of("train", "--data", data, "--target", "label", "--sequence-id", "id", "--model", "cnn1d",
                "--out", dir.resolve("cnn.zip"));
        assertThat(cnn.exitCode()).as(cnn.toString()).isEqualTo(2);
        assertThat(cnn.err().strip().lines()).hasSize(1);
        assertThat(cnn.err()).contains("4 to 24 steps").contains("use --model lstm");
        assertThat(dir.resolve("cnn.zip")).doesNotExist();
    }

    @Test
    void exportToOnnxRefusesASequenceClassifierInOneLine() {
        Path onnx = dir.resolve("seq.onnx");
        CliRun x = CliRun.of("export", "--model", model, "--format", "onnx", "--out", onnx);
        assertThat(x.exitCode()).as(x.err()).isEqualTo(2);
        assertThat(x.err().strip()).contains("sequence classifier").contains("cannot be exported to ONNX").doesNotContain("\n");
        assertThat(onnx).doesNotExist();
    }

    @Test
    void badSequencesExitTwoWithOneLineNamingTheSequenceOrOption() throws IOException {
        Path tooLong = dir.resolve("too-long.csv");
        StringBuilder rows = new StringBuilder("id,t,x,label\na,1,0.5,yes\n");
        for (int k = 0; k < 1001; k++) {
            rows.append("b,").append(k).append(",0.1,no\n");
        }
        Files.writeString(tooLong, rows.toString());
        Path twoLabels = dir.resolve("labels.csv");
        Files.writeString(twoLabels, "id,t,x,label\na,1,0.5,yes\na,2,0.7,no\nb,1,0.1,no\nb,2,0.3,no\n");
        Path twice = dir.resolve("twice.csv");
        Files.writeString(twice, "id,t,x,label\na,1,0.5,yes\na,1,0.7,yes\nb,1,0.1,no\nb,2,0.3,no\n");
        CliRun a = CliRun.of("train", "--data", tooLong, "--target", "label", "--sequence-id", "id", "--out", dir.resolve("x.zip"));
        CliRun b = CliRun.of("train", "--data", twoLabels, "--target", "label", "--sequence-id", "id", "--out", dir.resolve("x.zip"));
        CliRun c = CliRun.of("train", "--data", twice, "--target", "label", "--sequence-id", "id", "--time-column", "t",
                "--out", dir.resolve("x.zip"));
        CliRun d = CliRun.of("train", "--data", csv, "--target", "digit", "--sequence-id", "image", "--window", "4",
                "--out", dir.resolve("x.zip"));
        for (CliRun r : List.of(a, b, c, d)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.toString()).hasSize(1);
        }
        assertThat(a.err()).contains("line 3").contains("sequence 'b' has 1001 steps; sequences of different lengths are padded up to 1000");
        assertThat(b.err()).contains("line 3").contains("'label'").contains("sequence 'a' has the label 'no' here and 'yes' on line 2");
        assertThat(c.err()).contains("line 3").contains("sequence 'a' has the time '1' twice");
        assertThat(d.err()).contains("--window");
        assertThat(dir.resolve("x.zip")).doesNotExist();
    }
}
