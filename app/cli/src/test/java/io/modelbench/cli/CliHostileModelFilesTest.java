package io.modelbench.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, items 3 and 6: model files that are damaged or hostile get one true line, exit 2, and bounded memory. The
 * cases that need a trained model to damage, or a separate JVM (a heap limit; HDF5 prints to the process's own stderr,
 * which an in-process run cannot see), live here; the rest are in the bad-input corpus.
 */
class CliHostileModelFilesTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainAModel() {
        model = dir.resolve("iris.zip");
        CliRun r = CliRun.of("train", "--data", "sample:iris", "--epochs", "2", "--out", model);
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    /** A copy of the model with each entry's bytes changed by {@code change} (null drops the entry). */
    private static Path damaged(String name, BiFunction<String, byte[], byte[]> change) throws IOException {
        return damaged(model, name, change);
    }

    private static Path damaged(Path source, String name, BiFunction<String, byte[], byte[]> change) throws IOException {
        Path out = dir.resolve(name);
        try (ZipFile in = new ZipFile(source.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] bytes = change.apply(e.getName(), in.getInputStream(e).readAllBytes());
                if (bytes != null) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
        }
        return out;
    }

    @Test
    void cutShortWeightsAreNamedWithoutAnEofException() throws IOException {
        Path bad = damaged("cut.zip", (n, b) -> n.equals("coefficients.bin") ? java.util.Arrays.copyOf(b, b.length / 2) : b);
        String line = CliErrorTest.inputError(CliRun.of("predict", "--model", bad, "--data", "sample:iris"));
        assertThat(line).contains("cut.zip: has network weights (coefficients.bin) that are damaged or cut short")
                .doesNotContain("EOF");
    }

    @Test
    void aDamagedConfigurationIsNamedWithoutJacksonInternals() throws IOException {
        Path bad = damaged("config.zip", (n, b) -> n.equals("configuration.json") ? "{\"confs\": [garbage".getBytes() : b);
        String line = CliErrorTest.inputError(CliRun.of("predict", "--model", bad, "--data", "sample:iris"));
        assertThat(line).contains("config.zip: has a network configuration (configuration.json) that is damaged")
                .doesNotContainIgnoringCase("jackson").doesNotContain("Unexpected character");
    }

    @Test
    void aModelCardThatIsValidJsonButNoCardIsNamedAsTheCard() throws IOException {
        for (String card : List.of("null", "{}", "[1, 2]", "{\"format\": \"modelbench-model-card/1\", \"task\": \"poetry\"}")) {
            Path bad = damaged("card.zip", (n, b) -> n.equals("modelbench/model-card.json") ? card.getBytes() : b);
            String line = CliErrorTest.inputError(CliRun.of("predict", "--model", bad, "--data", "sample:iris"));
            assertThat(line).as(card).contains("card.zip: has a model card that is not valid (modelbench/model-card.json");
        }
    }

    @Test
    void aCheckpointWithCutShortWeightsIsNamedWithoutAnEofException() throws IOException {
        Path cp = dir.resolve("cp");
        assertThat(CliRun.of("train", "--data", "sample:iris", "--epochs", "2", "--checkpoint-dir", cp, "--out",
                dir.resolve("cp-model.zip")).exitCode()).isZero();
        Path last = cp.resolve("last.zip");
        byte[] whole = Files.readAllBytes(damaged(last, "last-cut.zip",
                (n, b) -> n.equals("coefficients.bin") ? java.util.Arrays.copyOf(b, b.length / 3) : b));
        Files.write(last, whole);
        String line = CliErrorTest.inputError(CliRun.of("train", "--data", "sample:iris", "--resume", cp, "--epochs", "4",
                "--out", dir.resolve("resumed.zip")));
        assertThat(line).contains("last.zip: has network weights (coefficients.bin) that are damaged or cut short");
        assertThat(dir.resolve("resumed.zip")).doesNotExist();
    }

    /**
     * A 1 MB model zip whose coefficients.bin inflates to 1 GiB: refused before DL4J reads it, in a JVM whose heap
     * (96 MB) could not hold it; the same file loaded whole died with "Java heap space".
     */
    @Test
    void aZipBombModelIsRefusedWithBoundedMemory() throws Exception {
        Path bomb = dir.resolve("bomb.zip");
        try (ZipFile in = new ZipFile(model.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("coefficients.bin")) {
                    zip.setLevel(9);
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 1024; i++) {
                        zip.write(zeros);
                    }
                } else {
                    zip.write(in.getInputStream(e).readAllBytes());
                }
                zip.closeEntry();
            }
        }
        assertThat(Files.size(bomb)).isLessThan(2L << 20);
        Sub r = sub(List.of("-Xmx96m"), "predict", "--model", bomb.toString(), "--data", "sample:iris");
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.errLines()).as(r.err).hasSize(1);
        assertThat(r.err).contains("bomb.zip: has an entry (coefficients.bin) that inflates to over 256 MB");
    }

    /** HDF5 writes its error stack to the process's stderr itself: 25 lines before ModelBench's one, until silenced. */
    @Test
    void aCutShortHdf5FileGivenAsAKerasModelPrintsOneLineAndNoHdf5Diagnostics() throws Exception {
        Path h5 = dir.resolve("cut.h5");
        try (OutputStream out = Files.newOutputStream(h5)) {
            out.write(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
            out.write(new byte[4096]);
        }
        Sub r = sub(List.of(), "train", "--data", "sample:iris", "--model", h5.toString(), "--out", dir.resolve("h5.zip").toString());
        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err).doesNotContain("HDF5-DIAG");
        assertThat(r.errLines()).as(r.err).hasSize(1);
        assertThat(r.err).contains("cut.h5: is not an HDF5 file");
    }

    private record Sub(int code, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** The command line in a JVM of its own (this test's class path), with {@code jvm} options. */
    private static Sub sub(List<String> jvm, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ModelBenchCli.class.getName()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished in 2 minutes").isTrue();
        return new Sub(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }
}
