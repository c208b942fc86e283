package io.modelbench.desktop;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A guard for "the JavaFX thread never waits on I/O" in tests that drive the real window: it records file reads and
 * writes with the JDK Flight Recorder ({@code jdk.FileRead}, {@code jdk.FileWrite}, {@code jdk.FileForce} at a 0 ms
 * threshold, with stack traces) and lists those that ModelBench's own code did on the JavaFX thread. JavaFX reading
 * its own resources, fonts or CSS, and class loading or class-path resources (FXML, icons, bundles) are not listed. JFR sees reads and writes through
 * {@code FileInputStream}, {@code FileOutputStream}, {@code RandomAccessFile} and {@code FileChannel} (so
 * {@code Files.write}, {@code Files.readString}, Jackson and the atomic writers), not directory listings or renames
 * alone; a view model that lists a folder on the JavaFX thread usually reads or writes a file next, and that is caught.
 */
public final class FxThreadIo implements AutoCloseable {

    private final Recording recording = new Recording();
    private final long fxThreadId;
    private List<String> found;

    private FxThreadIo(long fxThreadId) {
        this.fxThreadId = fxThreadId;
        for (String event : List.of("jdk.FileRead", "jdk.FileWrite", "jdk.FileForce")) {
            recording.enable(event).withThreshold(Duration.ZERO).withStackTrace();
        }
        recording.start();
    }

    /** Starts recording; {@code fxThreadId} is the JavaFX thread's id ({@code Thread.getId()} read on that thread). */
    public static FxThreadIo start(long fxThreadId) {
        return new FxThreadIo(fxThreadId);
    }

    /**
     * Stops recording (once) and returns one line per file access that ModelBench's code made on the JavaFX thread:
     * the event, the file and the first ModelBench frame that led to it.
     */
    public synchronized List<String> violations() {
        if (found != null) {
            return found;
        }
        recording.stop();
        List<String> lines = new ArrayList<>();
        try {
            Path dump = Files.createTempFile("fx-thread-io", ".jfr");
            try {
                recording.dump(dump);
                for (RecordedEvent e : RecordingFile.readAllEvents(dump)) {
                    RecordedThread t = e.getThread();
                    if (t == null || t.getJavaThreadId() != fxThreadId || e.getStackTrace() == null
                            || e.getStackTrace().getFrames().stream().anyMatch(FxThreadIo::loadsCodeOrResources)) {
                        continue;
                    }
                    e.getStackTrace().getFrames().stream()
                            .filter(RecordedFrame::isJavaFrame)
                            .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber())
                            .filter(f -> f.startsWith("io.modelbench.") && !f.startsWith(FxThreadIo.class.getName() + "."))
                            .findFirst()
                            .ifPresent(frame -> lines.add(e.getEventType().getName() + " " + path(e) + " from " + frame));
                }
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recording.close();
        found = List.copyOf(lines);
        return found;
    }

    /**
     * Class loading and class-path resources (FXML, CSS, icons, bundles) are read on the JavaFX thread by design: from
     * the jars of the installed app, through the class loaders; so are the system fonts, once, when AWT (JFreeChart) or
     * JavaFX first draws a text in them. They are not what this guard is for.
     */
    private static boolean loadsCodeOrResources(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.startsWith("jdk.internal.loader.") || type.equals("java.lang.ClassLoader")
                || type.startsWith("java.util.zip.") || type.startsWith("java.util.jar.")
                || type.startsWith("sun.net.www.protocol.jar.") || type.startsWith("sun.net.www.protocol.file.")
                || type.startsWith("sun.font.") || type.startsWith("com.sun.javafx.font.");
    }

    private static String path(RecordedEvent e) {
        return e.hasField("path") ? String.valueOf(e.getString("path")) : "?";
    }

    @Override
    public void close() {
        violations();
    }
}
