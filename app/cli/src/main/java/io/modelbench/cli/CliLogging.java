package io.modelbench.cli;

import org.slf4j.LoggerFactory;

/**
 * The command line's logging set-up, the first thing a run does. A class of its own, not {@link CliSupport}: that
 * one's static JSON mapper costs ~0.2 s of Jackson class loading on a cold start, which {@code main} lets happen
 * while the native backend loads on another thread ({@link ModelBenchCli#preloads}), and that thread may start only
 * once the logging is set up.
 */
final class CliLogging {

    private CliLogging() {
    }

    /** INFO for io.modelbench with --verbose, otherwise what {@link CliLogConfigurator} sets (WARN). Logback only. */
    static void configure(boolean verbose) {
        if (verbose) {
            // read by CliLogConfigurator when logback starts (the first log call comes after this in a CLI process)
            System.setProperty("modelbench.log.exceptions", "%ex");
        }
        try {
            if (LoggerFactory.getLogger("io.modelbench") instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(verbose ? ch.qos.logback.classic.Level.INFO : null);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // another logging backend: leave its configuration alone
        }
    }
}
