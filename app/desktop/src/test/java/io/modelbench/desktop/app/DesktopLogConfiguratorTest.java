package io.modelbench.desktop.app;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's logging as {@link DesktopLogConfigurator} sets it up (the app has no logback.xml; logback finds the
 * configurator through META-INF/services): ModelBench's INFO and everyone's warnings in {@code modelbench.log} under
 * {@code modelbench.log.dir}, nothing below that, a rotation of three files, warnings only on stderr.
 */
class DesktopLogConfiguratorTest {

    @Test
    void theAppLogsModelBenchsInfoAndEveryonesWarningsToItsFile(@TempDir Path dir) throws Exception {
        String before = System.getProperty("modelbench.log.dir");
        System.setProperty("modelbench.log.dir", dir.toString());
        LoggerContext context = new LoggerContext();
        try {
            DesktopLogConfigurator c = new DesktopLogConfigurator();
            c.setContext(context);
            c.configure(context);
            context.getLogger("io.modelbench.train").info("epoch 3 done");
            context.getLogger("io.modelbench.train").debug("a detail");
            context.getLogger("org.deeplearning4j.nn").info("a library's chatter");
            context.getLogger("org.deeplearning4j.nn").warn("a library's warning");
            var err = (ch.qos.logback.core.ConsoleAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("ERR");
            assertThat(err.getTarget()).isEqualTo("System.err");
            assertThat(err.getCopyOfAttachedFiltersList()).hasSize(1);
            var file = (ch.qos.logback.core.rolling.RollingFileAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .getAppender("FILE");
            var rolling = (ch.qos.logback.core.rolling.FixedWindowRollingPolicy) file.getRollingPolicy();
            assertThat(rolling.getFileNamePattern()).isEqualTo(dir + "/modelbench.%i.log");
            assertThat(rolling.getMaxIndex()).isEqualTo(3);
        } finally {
            context.stop();
            if (before == null) {
                System.clearProperty("modelbench.log.dir");
            } else {
                System.setProperty("modelbench.log.dir", before);
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve("modelbench.log"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+] io\\.modelbench\\.train - epoch 3 done");
        assertThat(lines.get(1)).contains("WARN ").endsWith("org.deeplearning4j.nn - a library's warning");
        assertThat(DesktopLogConfigurator.logDir()).isEqualTo(before == null ? System.getProperty("user.home") + "/.modelbench/logs" : before);
    }
}
