package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** What the driver's commands share: the Spark context, paths that executors read, failures named in one line. */
final class Jobs {

    private Jobs() {
    }

    /**
     * A Spark context for {@code master} ({@code local[2]}, {@code yarn}, {@code spark://host:7077}), or, when null, the
     * master spark-submit set; without either, an {@code InputException} naming {@code --master}.
     */
    static JavaSparkContext context(String master, String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        }
        if (!conf.contains("spark.master")) {
            throw InputException.setting("--master", "(none)", "give --master local[2] to run here, or run the jar with spark-submit");
        }
        // stderr carries one line per trial and the errors; Spark's progress bar would interleave with them
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) {   // Scala throws SparkException ("Could not parse Master URL") undeclared
            if (e instanceof org.apache.spark.SparkException) {
                throw InputException.setting("--master", conf.get("spark.master"), "check the master URL: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Loads ND4J's native backend in this JVM (driver or executor) and returns its state; an {@code IllegalStateException}
     * (an installation problem, exit 1) when it cannot load, e.g. on an executor of another platform than the jar's natives.
     */
    static io.modelbench.engine.api.BackendStatus backend() {
        io.modelbench.engine.api.BackendStatus status = io.modelbench.engine.app.Backend.load();
        if (status.state() == io.modelbench.engine.api.BackendStatus.State.FAILED) {
            throw new IllegalStateException("the numeric backend (ND4J) did not load in this JVM: " + status.detail());
        }
        return status;
    }

    /** True for a path without a URI scheme (a local file); {@code hdfs://}, {@code s3a://} and the like are checked by Spark. */
    static boolean isLocal(String path) {
        try {
            URI u = URI.create(path);
            return u.getScheme() == null || u.getScheme().equals("file") || u.getScheme().length() == 1;   // C:\ reads as a scheme
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    static Path localPath(String path, String option) {
        try {
            return path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
        } catch (IllegalArgumentException e) {   // InvalidPathException too
            throw InputException.setting(option, path, "give a valid file path");
        }
    }

    /** Checks before Spark starts that a local {@code --data} file exists (a missing file costs no cluster time). */
    static void checkInput(String path, String option) {
        if (!isLocal(path)) {
            return;
        }
        Path p = localPath(path, option);
        if (!Files.exists(p)) {
            throw InputException.file(path, "the file does not exist", "check the path; on a cluster give a path every executor can read");
        }
        if (Files.isDirectory(p)) {
            throw InputException.file(path, "is a folder, not a table file", "give a .csv file");
        }
    }

    /**
     * The first {@code n} lines of a local file, read as Spark reads text (UTF-8, undecodable bytes as U+FFFD, which
     * {@link CsvLines} refuses naming the line).
     */
    static java.util.List<String> localHead(String path, int n) {
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try (java.io.BufferedReader r = new java.io.BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(localPath(path, "--data")), utf8))) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (String l = r.readLine(); l != null && lines.size() < n; l = r.readLine()) {
                lines.add(l);
            }
            return lines;
        } catch (java.io.IOException e) {
            throw InputException.file(path, "cannot be read: " + e.getMessage(), "check the file's permissions");
        }
    }

    /** Runs a Spark action that reads {@code path}; Hadoop's "input path does not exist" becomes an {@code InputException}. */
    static <T> T readable(String path, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof java.io.FileNotFoundException || c.getClass().getName().endsWith("InvalidInputException")) {
                    throw InputException.file(path, "cannot be read by Spark: " + c.getMessage(),
                            "give a path every executor can read (a shared mount, HDFS or S3)");
                }
            }
            throw e;
        }
    }
}
