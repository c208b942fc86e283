package io.modelbench.engine.io;

import java.io.PrintStream;

/**
 * Where the wall time of one command goes, phase by phase (issue 17, small tables from a cold start): with
 * {@code -Dmodelbench.phases=true} each phase's end is printed on stderr as {@code modelbench-phase EPOCH_MS LABEL}, the
 * wall clock (not the JVM's uptime: asking for it loads JMX, ~0.1 s, into the run it measures) so that a parent process
 * can line the marks up with the moment it started the JVM and the moment it saw it exit (the bench's {@code small}
 * part does). Off by default: then a mark costs one property read. Stateless: the marks are lines, not a record kept
 * in memory.
 */
public final class PhaseClock {

    /** The system property that turns the marks on. */
    public static final String PROPERTY = "modelbench.phases";
    /** The prefix of each mark's line. */
    public static final String PREFIX = "modelbench-phase ";

    private PhaseClock() {
    }

    /** Marks the end of a phase on stderr when {@value #PROPERTY} is true. */
    public static void mark(String label) {
        mark(label, Boolean.getBoolean(PROPERTY), System.err);
    }

    static void mark(String label, boolean on, PrintStream err) {
        if (on) {
            err.println(PREFIX + System.currentTimeMillis() + " " + label);
            err.flush();
        }
    }
}
