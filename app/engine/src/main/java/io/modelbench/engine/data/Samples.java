package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * The bundled sample datasets (the {@code sample-data} module, on the class path of the app and the CLI
 * under {@code modelbench/samples/}).
 */
public final class Samples {

    private static final String ROOT = "modelbench/samples/";

    /** A bundled dataset: its id (as in {@code sample:iris}), file, default target column and title. */
    public record Sample(String id, String file, String target, String title) {

        /** True for a folder of images (one subfolder per class) rather than a table. */
        public boolean isImages() {
            return file.endsWith("/");
        }
    }

    private Samples() {
    }

    /** The samples in the order of {@code samples.properties} (lines {@code id=file|target|title}). */
    public static List<Sample> list() {
        List<Sample> out = new ArrayList<>();
        try (InputStream in = resource("samples.properties")) {
            if (in == null) {
                return List.of();
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String l = line.strip();
                int eq = l.indexOf('=');
                if (l.isEmpty() || l.startsWith("#") || eq < 0) {
                    continue;
                }
                String[] f = l.substring(eq + 1).split("\\|", 3);
                out.add(new Sample(l.substring(0, eq).strip(), f[0], f[1], f.length > 2 ? f[2] : f[0]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static Sample find(String id) {
        return list().stream().filter(s -> s.id().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> InputException.general("there is no bundled sample called '" + id + "'",
                        "choose one of: " + String.join(", ", list().stream().map(Sample::id).toList())));
    }

    public static Table open(Sample sample) {
        try (InputStream in = resource(sample.file())) {
            if (in == null) {
                throw InputException.general("the sample '" + sample.id() + "' is missing from this installation",
                        "reinstall ModelBench");
            }
            return CsvTables.read(sample.file() + " (sample)", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where image samples are unpacked by default: {@code ~/.modelbench/samples}. */
    public static java.nio.file.Path defaultCacheRoot() {
        return java.nio.file.Path.of(System.getProperty("user.home"), ".modelbench", "samples");
    }

    /**
     * Unpacks an image sample (its files listed in the folder's {@code index.txt}) into {@code cacheRoot} once,
     * atomically (a half-unpacked folder is never used), and returns the folder.
     */
    public static java.nio.file.Path unpackImages(Sample sample, java.nio.file.Path cacheRoot) {
        if (!sample.isImages()) {
            throw new IllegalArgumentException(sample.id() + " is a table");
        }
        String folder = sample.file();
        try (InputStream in = resource(folder + "index.txt")) {
            if (in == null) {
                throw InputException.general("the sample '" + sample.id() + "' is missing from this installation", "reinstall ModelBench");
            }
            byte[] index = in.readAllBytes();
            java.nio.file.Path target = cacheRoot.resolve(sample.id());
            java.nio.file.Path marker = target.resolve(".index.txt");
            if (java.nio.file.Files.isRegularFile(marker) && java.util.Arrays.equals(java.nio.file.Files.readAllBytes(marker), index)) {
                return target;
            }
            java.nio.file.Files.createDirectories(cacheRoot);
            java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory(cacheRoot, sample.id() + ".part");
            for (String name : new String(index, StandardCharsets.UTF_8).split("\\R")) {
                if (name.isBlank()) {
                    continue;
                }
                java.nio.file.Path f = tmp.resolve(name).normalize();
                if (!f.startsWith(tmp)) {
                    throw new IOException("bad entry in index.txt: " + name);
                }
                java.nio.file.Files.createDirectories(f.getParent());
                try (InputStream img = resource(folder + name)) {
                    if (img == null) {
                        throw InputException.general("the sample file " + folder + name + " is missing from this installation", "reinstall ModelBench");
                    }
                    java.nio.file.Files.copy(img, f);
                }
            }
            java.nio.file.Files.write(tmp.resolve(".index.txt"), index);
            if (java.nio.file.Files.exists(target)) {
                io.modelbench.engine.io.AtomicFiles.deleteRecursively(target);
            }
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw InputException.file(cacheRoot, "the sample could not be unpacked here: " + e.getMessage(),
                    "check that the folder is writable and there is free space");
        }
    }

    private static InputStream resource(String name) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        InputStream in = cl == null ? null : cl.getResourceAsStream(ROOT + name);
        return in != null ? in : Samples.class.getClassLoader().getResourceAsStream(ROOT + name);
    }
}
