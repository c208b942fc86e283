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

    private static InputStream resource(String name) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        InputStream in = cl == null ? null : cl.getResourceAsStream(ROOT + name);
        return in != null ? in : Samples.class.getClassLoader().getResourceAsStream(ROOT + name);
    }
}
