package io.modelbench.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input corpus (issue 18, item 8): small hostile files in {@code src/test/resources/corpus}, each case in
 * {@code cases.tsv} with the command, the expected exit status and a fragment of stderr. Run by {@code mvn verify}, so
 * each refusal stays what it is. Exit 2 must also be exactly one line and nothing on stdout, with no file written.
 */
class BadInputCorpusTest {

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> everyCaseGivesItsExitStatusAndMessage() throws IOException, URISyntaxException {
        Path corpus = Path.of(BadInputCorpusTest.class.getResource("/corpus").toURI());
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(corpus.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("cases.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String[] args = f[1].replace("{dir}", dir.toString()).split(" ");
            int exit = Integer.parseInt(f[2]);
            tests.add(DynamicTest.dynamicTest(f[0], () -> {
                Files.deleteIfExists(dir.resolve("out.zip"));
                CliRun r = CliRun.of((Object[]) args);
                if (exit == 2) {
                    assertThat(CliErrorTest.inputError(r)).contains(f[3]);
                    assertThat(dir.resolve("out.zip")).doesNotExist();
                } else {
                    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
                    assertThat(r.err()).contains(f[3]);
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(9);
        return tests.stream();
    }
}
