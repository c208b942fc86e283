package io.modelbench.spark;

import io.modelbench.engine.app.Exports;
import io.modelbench.engine.model.TrainedModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The models an executor JVM has loaded from broadcast zip bytes, by the bytes' SHA-256: each executor loads a model
 * once, however many partitions it scores (loading a zip costs ~1 s with the native backend's start; a partition of
 * 8k rows scores in a fraction of that). Spark gives tasks no per-JVM object of their own, so this is the one static map
 * of the module; it holds only immutable-per-key entries and is never cleared while the executor lives. In local mode
 * the driver and the executors share the JVM and so share the entry.
 */
final class ModelCache {

    private static final ConcurrentMap<String, TrainedModel> MODELS = new ConcurrentHashMap<>();

    private ModelCache() {
    }

    /** The model in {@code zip} (the bytes of a ModelBench model zip), loaded on first use in this JVM. */
    static TrainedModel get(byte[] zip) {
        return MODELS.computeIfAbsent(sha256(zip), k -> load(zip));
    }

    /**
     * The model in {@code file} whose bytes are {@code zip}, loaded from the file itself (on the driver: a zip that is
     * not a ModelBench model is refused naming the user's file, before Spark starts).
     */
    static TrainedModel get(java.nio.file.Path file, byte[] zip) {
        return MODELS.computeIfAbsent(sha256(zip), k -> {
            Jobs.backend();
            return Exports.loadModel(file);
        });
    }

    /** How many models this JVM holds (for tests: scoring a file twice must not load the model twice). */
    static int size() {
        return MODELS.size();
    }

    private static TrainedModel load(byte[] zip) {
        Jobs.backend();
        try {
            Path tmp = Files.createTempFile("modelbench-model", ".zip");
            try {
                Files.write(tmp, zip);
                return Exports.loadModel(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the model could not be copied to a temporary file: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
