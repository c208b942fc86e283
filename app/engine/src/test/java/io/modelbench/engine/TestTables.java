package io.modelbench.engine;

import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Real datasets for tests: the bundled samples, as tables or copied to files. */
public final class TestTables {

    private TestTables() {
    }

    public static Table iris() {
        return Samples.open(Samples.find("iris"));
    }

    /** Copies a bundled sample's CSV into {@code dir} and returns its path. */
    public static Path sampleFile(String id, Path dir) throws IOException {
        Samples.Sample s = Samples.find(id);
        Path out = dir.resolve(s.file());
        try (InputStream in = TestTables.class.getClassLoader().getResourceAsStream("modelbench/samples/" + s.file())) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }
}
