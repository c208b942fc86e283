package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.data.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The Data page's hints: worked out when the table is read, shown one a line, none for a clean table. */
class DataHintsTest {

    private final Executor direct = Runnable::run;

    @Test
    void aTableWithARepeatedAndAMostlyEmptyColumnGetsHintsAndIrisNone(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("passengers.csv");
        Files.writeString(f, "pclass,class_name,deck,survived\n1,First,C,1\n3,Third,,0\n3,Third,,0\n2,Second,,1\n1,First,,1\n3,Third,,0\n");
        DataViewModel data = new DataViewModel(new Workspace(), direct, UiScheduler.immediate());
        data.openFile(f);
        assertThat(data.errorProperty().get()).isEmpty();
        assertThat(data.hintsProperty().get().lines()).hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("Hint: class_name: repeats 'pclass'").contains("--ignore class_name"))
                .anySatisfy(l -> assertThat(l).startsWith("Hint: deck: 83 % of its cells are empty"));

        data.openSample(Samples.find("iris"));
        assertThat(data.hintsProperty().get()).isEmpty();
    }
}
