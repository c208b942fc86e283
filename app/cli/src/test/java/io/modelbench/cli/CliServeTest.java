package io.modelbench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The serve command's refusals, in-process: each is exit status 2 and one line, before anything listens. */
class CliServeTest {

    @Test
    void refusalsAreExitTwoWithOneLine(@TempDir Path dir) throws Exception {
        Path notAModel = Files.writeString(dir.resolve("notes.zip"), "hello");
        CliRun bad = CliRun.of("serve", "--model", "m=" + notAModel, "--port", "0", "--token-file", dir.resolve("t"), "--log-dir", dir.resolve("l"));
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(bad.errLines().get(0)).startsWith("error: " + notAModel);
        assertThat(bad.out()).isEmpty();

        CliRun open = CliRun.of("serve", "--model", "m=" + notAModel, "--host", "0.0.0.0", "--no-token");
        assertThat(open.exitCode()).as(open.toString()).isEqualTo(2);
        assertThat(open.errLines().get(0)).contains("--no-token").contains("loopback");

        CliRun tls = CliRun.of("serve", "--model", "m=" + notAModel, "--tls-keystore", dir.resolve("k.p12"));
        assertThat(tls.exitCode()).isEqualTo(2);
        assertThat(tls.errLines().get(0)).contains("--tls-password-file");

        CliRun twice = CliRun.of("serve", "--model", "a=" + notAModel, "--model", "a=" + notAModel);
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.errLines().get(0)).contains("its own name");
    }
}
