package io.modelbench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's logging as {@link CliLogConfigurator} sets it up (the CLI has no logback.xml; logback finds the
 * configurator through META-INF/services): warnings only, on stderr, one line each, stack traces only when
 * {@code modelbench.log.exceptions} asks for them ({@code --verbose}).
 */
class CliLogConfiguratorTest {

    @Test
    void warningsOnlyOnStderrOneLineEach() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).findFirst()).get()
                .isInstanceOf(CliLogConfigurator.class);
        assertThat(CliLogConfiguratorTest.class.getResource("/logback.xml")).as("no XML file to read instead").isNull();
        LoggerContext context = configured();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo("%-5level %logger{0}: %msg%n%nopex");
        context.stop();
    }

    @Test
    void verboseAsksForStackTraces() {
        System.setProperty("modelbench.log.exceptions", "%ex");
        try {
            LoggerContext context = configured();
            ConsoleAppender<?> stderr = (ConsoleAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
            assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).endsWith("%n%ex");
            context.stop();
        } finally {
            System.clearProperty("modelbench.log.exceptions");
        }
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        CliLogConfigurator c = new CliLogConfigurator();
        c.setContext(context);
        c.configure(context);
        return context;
    }
}
