package io.modelbench.serve;

import io.modelbench.engine.TestTables;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskProgress;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.ImageFolders;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.ModelFiles;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.train.Trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small real models for the server tests, trained once per test JVM with the engine on the bundled samples and
 * saved as ModelBench zips: Iris with an added category column (classification, numbers and a category), Diabetes
 * (regression) and the 8×8 digit images (a CNN).
 */
final class TestModels {

    private static Path dir;
    private static Path iris;
    private static Path diabetes;
    private static Path digits;
    private static Path digitsFolder;

    private TestModels() {
    }

    static synchronized Path dir() {
        if (dir == null) {
            NativeEnvironment.load();
            try {
                dir = Files.createTempDirectory("modelbench-serve-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** Iris with a {@code site} column (north/south/east, every seventh row missing): the table a test predicts. */
    static Table irisWithSite() {
        Table t = TestTables.iris();
        List<String> cols = new ArrayList<>(t.columns());
        cols.add(cols.size() - 1, "site");
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[t.rowCount()];
        String[] sites = {"north", "south", "east"};
        for (int r = 0; r < t.rowCount(); r++) {
            String[] old = t.row(r);
            String[] row = new String[old.length + 1];
            System.arraycopy(old, 0, row, 0, old.length - 1);
            row[old.length - 1] = r % 7 == 0 ? "" : sites[r % 3];
            row[old.length] = old[old.length - 1];
            rows.add(row);
            lines[r] = r + 2;
        }
        return new Table("iris-site.csv", cols, rows, lines, null);
    }

    static synchronized Path iris() {
        if (iris == null) {
            iris = dir().resolve("iris.zip");
            var o = new Trainer().train(irisWithSite(), TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(15)),
                    TrainingListener.NONE, new StopSignal());
            ModelFiles.save(o.model(), iris);
        }
        return iris;
    }

    static Table diabetesTable() {
        return Samples.open(Samples.find("diabetes"));
    }

    static synchronized Path diabetes() {
        if (diabetes == null) {
            diabetes = dir().resolve("diabetes.zip");
            var o = new Trainer().train(diabetesTable(), TrainingRequest.of("progression", TrainingSettings.defaults().withEpochs(3)),
                    TrainingListener.NONE, new StopSignal());
            ModelFiles.save(o.model(), diabetes);
        }
        return diabetes;
    }

    static synchronized Path digitsFolder() {
        if (digitsFolder == null) {
            digitsFolder = Samples.unpackImages(Samples.find("digits_images"), dir().resolve("samples"));
        }
        return digitsFolder;
    }

    static synchronized Path digits() {
        if (digits == null) {
            digits = dir().resolve("digits.zip");
            Path folder = digitsFolder();
            var images = ImageFolders.load(folder, "sample:digits_images", ImageFolders.suggest(folder), TaskProgress.NONE);
            TrainingSettings t = new TrainingSettings(2, 32, 0.002, TrainingSettings.DEFAULT_HIDDEN, 42).withModel(ModelSpec.cnn());
            var o = new Trainer().train(images, new TrainingRequest("class", null, List.of(), SplitSettings.defaults(42), t),
                    TrainingListener.NONE, new StopSignal(), null);
            ModelFiles.save(o.model(), digits);
        }
        return digits;
    }
}
