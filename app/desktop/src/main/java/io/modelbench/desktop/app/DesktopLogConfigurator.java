package io.modelbench.desktop.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;

/**
 * The app's logging, set up in code (logback finds it through {@code META-INF/services} when no {@code logback.xml}
 * is on the class path; the tests' {@code logback-test.xml} comes first): a rotated file in the user's data folder
 * ({@code modelbench.log.dir}, by default {@code ~/.modelbench/logs}; {@code modelbench.log}, then
 * {@code modelbench.1.log} … {@code .3.log}, 5 MB each; Help › About shows where) with ModelBench's INFO and
 * everyone's warnings, and warnings on stderr. Why in code: logback reading an XML file cost ~90 ms more of a cold
 * start (its XML reader and the classes it loads; issue 17, docs/PERFORMANCE.md), and in the installed app image both
 * launchers have both application jars on their class path: each finds its own configurator first, as it found its
 * own {@code logback.xml} before.
 */
public final class DesktopLogConfigurator extends ContextAwareBase implements Configurator {

    /** The folder of the log files: {@code modelbench.log.dir}, or {@code ~/.modelbench/logs}. */
    public static String logDir() {
        return System.getProperty("modelbench.log.dir", System.getProperty("user.home") + "/.modelbench/logs");
    }

    @Override
    public void configure(LoggerContext context) {
        String dir = logDir();
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir + "/modelbench.log");
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir + "/modelbench.%i.log");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(FileSize.valueOf("5MB"));
        size.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(size);
        file.setEncoder(encoder(context, "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n"));
        file.start();

        ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
        err.setContext(context);
        err.setName("ERR");
        err.setTarget("System.err");
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setContext(context);
        warnings.setLevel("WARN");
        warnings.start();
        err.addFilter(warnings);
        err.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n"));
        err.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(file);
        root.addAppender(err);
        context.getLogger("io.modelbench").setLevel(Level.INFO);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern(pattern);
        e.start();
        return e;
    }
}
