package io.modelbench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.model.TrainedModel;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/** What the subcommands share: opening data, the JSON result line, the native backend, safe file writes. */
final class CliSupport {

    static final String SAMPLE_PREFIX = "sample:";
    private static final ObjectMapper JSON = Json.mapper();
    private static final long LOG_LIMIT_BYTES = 5L * 1024 * 1024;

    private CliSupport() {
    }

    /** A bundled sample ({@code sample:iris}) or a table file. */
    static boolean isSample(String data) {
        return data != null && data.regionMatches(true, 0, SAMPLE_PREFIX, 0, SAMPLE_PREFIX.length());
    }

    static Samples.Sample sample(String data) {
        return Samples.find(data.substring(SAMPLE_PREFIX.length()).trim());
    }

    /** Reads {@code --data}: {@code sample:ID} or a path to a CSV file. */
    static Table openTable(String data) {
        if (isSample(data)) {
            return Samples.open(sample(data));
        }
        return io.modelbench.engine.app.Datasets.readTable(path(data, "--data"), io.modelbench.engine.api.TaskProgress.NONE);
    }

    /** True when {@code --data} is an image folder: a folder on disk, or a bundled image sample. */
    static boolean isImageData(String data) {
        if (isSample(data)) {
            return sample(data).isImages();
        }
        return java.nio.file.Files.isDirectory(path(data, "--data"));
    }

    /** The folder of image data: a bundled sample is unpacked once into ~/.modelbench/samples. */
    static Path imageFolder(String data) {
        return isSample(data) ? Samples.unpackImages(sample(data), Samples.defaultCacheRoot()) : path(data, "--data");
    }

    /** Reads an image folder (one subfolder per class) with the given settings. */
    static io.modelbench.engine.data.ImageDataset openImages(String data, io.modelbench.engine.api.ImageSettings settings) {
        Path folder = imageFolder(data);
        return io.modelbench.engine.app.Datasets.openImages(folder, dataDisplay(data), settings,
                io.modelbench.engine.api.TaskProgress.NONE);
    }

    /** How the data is named in JSON results: the sample id, or the file's absolute path. */
    static String dataDisplay(String data) {
        if (isSample(data)) {
            return SAMPLE_PREFIX + sample(data).id();
        }
        return absolute(path(data, "--data")).toString();
    }

    static Path path(String text, String option) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw InputException.setting(option, text, "give a valid file path");
        }
    }

    static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** Writes one JSON object as a single line (the last, and usually only, line on stdout). */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Loads ND4J's native backend (tuned first); a clear failure when it cannot load. */
    static BackendStatus loadNative() {
        return loadNative(null);
    }

    /**
     * As {@link #loadNative()}, taking the result of a load started earlier ({@link ModelBenchCli#preloads}) when
     * there is one: the same status, the same exceptions.
     */
    static BackendStatus loadNative(java.util.concurrent.CompletableFuture<BackendStatus> started) {
        io.modelbench.engine.io.PhaseClock.mark("input read and checked");
        BackendStatus status;
        if (started == null) {
            status = io.modelbench.engine.app.Backend.load();
        } else {
            try {
                status = started.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
        if (status.state() == BackendStatus.State.FAILED) {
            throw new NativeBackendException(status.detail());
        }
        io.modelbench.engine.io.PhaseClock.mark("native backend loaded (ND4J, OpenBLAS, oneDNN)");
        return status;
    }

    /** Loads the native backend, then a model zip written by {@code modelbench train}. */
    static TrainedModel loadModel(Path model) {
        loadNative();
        return io.modelbench.engine.app.Exports.loadModel(model);
    }

    /** The numeric backend did not load: an installation problem, exit status 1. */
    static final class NativeBackendException extends RuntimeException {
        NativeBackendException(String detail) {
            super(detail);
        }
    }

    /** Fails early when {@code out} is a folder (before minutes of training, not after). */
    static void checkOutputFile(Path out, String example) {
        if (Files.isDirectory(out)) {
            throw InputException.file(out, "is a folder", "give a file name such as " + example);
        }
        // before the work, not after it (issue 18)
        io.modelbench.engine.app.Exports.checkOutputFile(out, "the output");
    }

    /**
     * Where unexpected failures are recorded: {@code -Dmodelbench.log.dir}, else
     * {@code ~/.modelbench/logs}, else the temporary folder.
     */
    static Path failureLog() {
        String dir = System.getProperty("modelbench.log.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("user.home") + "/.modelbench/logs";
        }
        return Path.of(dir, "modelbench-cli.log");
    }

    /** Appends the failure with its stack trace to the log; returns the log's path, or null if it cannot. */
    static Path writeFailureLog(Throwable t, String[] args) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        pw.println(Instant.now() + " modelbench " + String.join(" ", args));
        t.printStackTrace(pw);
        pw.println();
        pw.flush();
        for (Path log : new Path[] {failureLog(),
                Path.of(System.getProperty("java.io.tmpdir"), "modelbench-cli-"
                        + System.getProperty("user.name", "user").toLowerCase(Locale.ROOT) + ".log")}) {
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
                if (Files.isRegularFile(log) && Files.size(log) > LOG_LIMIT_BYTES) {
                    Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                }
                // never through a link planted at the log's name (the temporary folder is shared): issue 18
                Files.writeString(log, sw.toString(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                return log.toAbsolutePath();
            } catch (IOException | RuntimeException ignored) {
                // try the next place
            }
        }
        return null;
    }
}
