package io.modelbench.engine.io;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18, item 3: what is read from a model zip's card entry is bounded; a bad card is one clear line. */
class ModelCardLimitTest {

    private static Path zip(Path file, byte[] card, long repeat) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new ZipEntry("configuration.json"));
            out.write("{}".getBytes());
            out.putNextEntry(new ZipEntry("coefficients.bin"));
            out.write(new byte[8]);
            out.putNextEntry(new ZipEntry(ModelCard.ZIP_ENTRY));
            for (long i = 0; i < repeat; i++) {
                out.write(card);
            }
            out.closeEntry();
        }
        return file;
    }

    @Test
    void aCardThatInflatesToHundredsOfMegabytesIsRefusedWithoutReadingIt(@TempDir Path dir) throws IOException {
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        Path bomb = zip(dir.resolve("bomb.zip"), spaces, 256); // 256 MB of spaces, about 250 KB on disk
        assertThat(Files.size(bomb)).isLessThan(2 << 20);
        long before = used();
        assertThatThrownBy(() -> ModelFiles.load(bomb)).isInstanceOf(InputException.class)
                .hasMessageContaining("bomb.zip").hasMessageContaining("over 32 MB");
        assertThat(used() - before).isLessThan(128L << 20);
    }

    @Test
    void aCardThatIsNotJsonIsOneLineWithoutParserInternals(@TempDir Path dir) throws IOException {
        Path bad = zip(dir.resolve("bad.zip"), "{\n\"format\": [oops".getBytes(), 1);
        assertThatThrownBy(() -> ModelFiles.load(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("bad.zip").hasMessageContaining("model card that is not valid").hasMessageContaining("line 2")
                .hasMessageNotContaining("com.fasterxml").hasMessageNotContaining("Source:");
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void aFolderGivenAsAModelIsCalledAFolder(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelFiles.load(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("is a folder, not a model file").hasMessageNotContaining("does not exist");
    }
}
