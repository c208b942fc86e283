package io.modelbench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command line's logging, set up in code (logback finds it through {@code META-INF/services} when no
 * {@code logback.xml} is on the class path): warnings and errors only, on stderr, one line each (stdout carries the
 * command's JSON/CSV result and nothing else; DL4J/ND4J log a lot at INFO). No stack traces unless
 * {@code modelbench.log.exceptions} is set ({@code --verbose} sets it to {@code %ex}, {@link CliLogging}); stack traces
 * of unexpected failures go to the failure log ({@code CliSupport.failureLog}).
 *
 * <p>Why in code: logback reading an XML file took ~210–250 ms of a cold start here against ~125–145 for this (its XML
 * reader and the classes it loads), a tenth of {@code train} on Iris from a cold start (issue 17, docs/PERFORMANCE.md).
 */
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public void configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level %logger{0}: %msg%n" + System.getProperty("modelbench.log.exceptions", "%nopex"));
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }
}
