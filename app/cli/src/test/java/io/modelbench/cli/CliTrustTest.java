package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18: no silent wrong answers from the command line (leaks, near-perfect scores, shared rows). */
class CliTrustTest {

    @TempDir
    static Path dir;
    static Path titanic;

    @BeforeAll
    static void copyTable() throws IOException {
        titanic = dir.resolve("titanic_like.csv");
        try (InputStream in = CliTrustTest.class.getResourceAsStream("/trust/titanic_like.csv")) {
            Files.copy(in, titanic);
        }
    }

    @Test
    void titanicWithEveryColumnLeavesAliveOutAsALeakAndScoresRealistically() {
        Path out = dir.resolve("leak.zip");
        CliRun r = CliRun.of("train", "--data", titanic, "--target", "survived", "--epochs", "15", "--out", out, "-q");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("left out 'alive': predicts the target alone: a leak? (use it anyway with --keep alive)");
        JsonNode json = r.json();
        assertThat(json.get("left_out").get("alive").asText()).isEqualTo("predicts the target alone: a leak?");
        assertThat(json.get("inputs").toString()).doesNotContain("alive").contains("Sex");
        double accuracy = json.get("test").get("accuracy").asDouble();
        assertThat(accuracy).isBetween(0.6, 0.95);
        assertThat(json.get("warnings")).isEmpty();
        assertThat(json.get("shared_train_test_rows").asInt()).isZero();
    }

    @Test
    void aKeptLeakTrainsToAPerfectScoreThatIsToldOnStderrAndInTheJson() {
        Path out = dir.resolve("kept.zip");
        CliRun r = CliRun.of("train", "--data", titanic, "--target", "survived", "--keep", "alive", "--epochs", "15",
                "--out", out, "-q");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("left out 'alive'").contains("warning: test accuracy 1.000 is at or near perfect");
        JsonNode json = r.json();
        assertThat(json.get("inputs").toString()).contains("alive");
        assertThat(json.get("warnings").get(0).asText()).contains("near perfect");
    }

    @Test
    void duplicatedRowsSharedByTrainingAndTestAreCounted() throws IOException {
        Path copy = dir.resolve("twice.csv");
        java.util.List<String> lines = Files.readAllLines(titanic);
        java.util.List<String> doubled = new java.util.ArrayList<>(lines);
        // every passenger twice (a new id, which is left out as an identifier): most test rows are training rows
        for (int i = 1; i < lines.size(); i++) {
            doubled.add((lines.size() - 1 + i) + lines.get(i).substring(lines.get(i).indexOf(',')));
        }
        Files.write(copy, doubled);
        CliRun r = CliRun.of("train", "--data", copy, "--target", "survived", "--ignore", "Name", "--epochs", "2", "--out", dir.resolve("twice.zip"), "-q");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        int shared = r.json().get("shared_train_test_rows").asInt();
        assertThat(shared).isGreaterThan(100);
        assertThat(r.err()).contains("warning: " + shared + " of ").contains("test rows also appear among the training rows");
    }

    @Test
    void keepingAColumnThatIsNotThereIsAnInputError() {
        Path out = dir.resolve("none.zip");
        String line = CliErrorTest.inputError(CliRun.of("train", "--data", titanic, "--target", "survived", "--keep", "alvie",
                "--out", out));
        assertThat(line).contains("alvie").contains("alive");
        assertThat(out).doesNotExist();
    }

    @Test
    void aLatin1TableIsReadWithANoteAndAFileInNoKnownEncodingIsRefusedWithItsLine() throws IOException {
        Path latin1 = dir.resolve("cafes.csv");
        StringBuilder sb = new StringBuilder("place,visits\n");
        for (int i = 0; i < 10; i++) {
            sb.append(i % 2 == 0 ? "Café" : "Cafè").append(',').append(i).append('\n');
        }
        Files.write(latin1, sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CliRun r = CliRun.of("inspect", latin1);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("note: " + latin1 + " is not UTF-8 (line 2 has byte 0xE9): read as windows-1252");
        // 'Café' and 'Cafè' stay two values (read as UTF-8 with replacement they merged and the column was constant)
        assertThat(r.json().get("columns").get(0).get("distinct").asInt()).isEqualTo(2);

        CliRun forced = CliRun.of("inspect", latin1, "--encoding", "UTF-8");
        assertThat(CliErrorTest.inputError(forced)).contains("cafes.csv").contains("line 2").contains("byte 0xE9 is not UTF-8");
        assertThat(CliErrorTest.inputError(CliRun.of("inspect", latin1, "--encoding", "klingon"))).contains("--encoding");

        Path bad = dir.resolve("bad.csv");
        Files.write(bad, "a,b\n1,x\n2,\u00e9\u0081\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path out = dir.resolve("bad.zip");
        String line = CliErrorTest.inputError(CliRun.of("train", "--data", bad, "--target", "a", "--out", out));
        assertThat(line).contains("bad.csv").contains("line 3").contains("0xE9").contains("--encoding");
        assertThat(out).doesNotExist();
    }

    @Test
    void anImageFolderWithADecompressionBombIsRefusedWithTheFileNamedBeforeDecodingIt() throws Exception {
        Path folder = dir.resolve("bombs");
        for (String c : new String[] {"a", "b"}) {
            Files.createDirectories(folder.resolve(c));
            for (int i = 0; i < 3; i++) {
                javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png",
                        folder.resolve(c + "/" + i + ".png").toFile());
            }
        }
        java.lang.reflect.Method header = Class.forName("io.modelbench.engine.data.ImageLimitTest").getDeclaredMethod("pngHeader", int.class, int.class);
        header.setAccessible(true);
        Files.write(folder.resolve("b/huge.png"), (byte[]) header.invoke(null, 30000, 30000));
        Path out = dir.resolve("bomb.zip");
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        String line = CliErrorTest.inputError(CliRun.of("train", "--data", folder, "--out", out));
        assertThat(line).contains("huge.png").contains("30000×30000 pixels").contains("over the limit of 64 megapixels");
        assertThat(out).doesNotExist();
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).as("heap used by the refusal").isLessThan(300L << 20);
    }

    @Test
    void theFailureLogIsNotWrittenThroughAPlantedLink() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious");
        Files.createSymbolicLink(logs.resolve("modelbench-cli.log"), victim);
        System.setProperty("modelbench.log.dir", logs.toString());
        try {
            Path written = CliSupport.writeFailureLog(new IllegalStateException("boom"), new String[] {"train"});
            assertThat(Files.readString(victim)).isEqualTo("precious");
            assertThat(written).isNotEqualTo(logs.resolve("modelbench-cli.log").toAbsolutePath());
        } finally {
            System.clearProperty("modelbench.log.dir");
        }
    }

    @Test
    void anOutputUnderAFileIsRefusedBeforeTraining() throws IOException {
        // an output under a file (as root too, who may write anywhere else): refused at once, not after 500 epochs
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertThat(CliErrorTest.inputError(CliRun.of("train", "--data", "sample:iris", "--out", file.resolve("m.zip"), "--epochs", "500")))
                .contains("plain.txt").contains("is a file, not a folder");
        assertThat(CliErrorTest.inputError(CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("ok.zip"),
                "--checkpoint-dir", file.resolve("cp"), "--epochs", "500"))).contains("plain.txt").contains("--checkpoint-dir");
        assertThat(dir.resolve("ok.zip")).as("refused before training, nothing written").doesNotExist();
    }

    @Test
    void aReadOnlyOutputOrCheckpointFolderIsRefusedBeforeTrainingSayingPermissionDenied() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "running as a user who may write anywhere");
            String line = CliErrorTest.inputError(CliRun.of("train", "--data", "sample:iris", "--out", ro.resolve("m.zip"), "--epochs", "500"));
            assertThat(line).contains("read-only").contains("cannot be written (permission denied)");
            String cp = CliErrorTest.inputError(CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("ok.zip"),
                    "--checkpoint-dir", ro.resolve("cp"), "--epochs", "500"));
            assertThat(cp).contains("read-only").contains("permission denied").contains("--checkpoint-dir");
            assertThat(dir.resolve("ok.zip")).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
