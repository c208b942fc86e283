package io.modelbench.engine.data;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18, item 3: an image over the pixel limit is refused from its header, naming the file, before any decoding. */
class ImageLimitTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearLimit() {
        System.clearProperty(ImageLimit.PROPERTY);
    }

    /**
     * A PNG whose header says {@code w}×{@code h} (8-bit gray) with a tiny, truncated data chunk: decoding it would allocate
     * w×h bytes (900 MB for 30000×30000); reading its size takes the header only.
     */
    public static byte[] pngHeader(int w, int h) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x63, 0x00, 0x00});
        chunk(out, "IEND", new byte[0]);
        return b.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    private static void png(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
    }

    @Test
    void aHugeImageInASmallFileIsRefusedNamingTheFileAndItsSize() throws IOException {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, pngHeader(30000, 30000));
        assertThat(Files.size(bomb)).isLessThan(100);
        ImageSettings s = new ImageSettings(8, 8, true, "0..1", ImageSettings.Augmentation.NONE);
        assertThatThrownBy(() -> ImageFolders.read(bomb, s)).isInstanceOf(InputException.class)
                .hasMessageContaining("bomb.png").hasMessageContaining("30000×30000 pixels (900 megapixels), over the limit of 64 megapixels")
                .hasMessageContaining(ImageLimit.PROPERTY).hasMessageNotContaining("scanline").hasMessageNotContaining("heap");
        assertThatThrownBy(() -> ImageFolders.decode(Files.readAllBytes(bomb), "instance 0", s))
                .hasMessageContaining("instance 0").hasMessageContaining("over the limit");
    }

    @Test
    void aFolderWithAHugeImageIsRefusedNamingItAndItsSizeIsSuggestedFromTheOthers() throws IOException {
        png(dir.resolve("a/one.png"));
        png(dir.resolve("b/two.png"));
        Files.write(dir.resolve("a/0-bomb.png"), pngHeader(20000, 20000));
        ImageSettings suggested = ImageFolders.suggest(dir);
        assertThat(suggested.width()).isEqualTo(8);
        assertThatThrownBy(() -> ImageFolders.load(dir, suggested, TaskProgress.NONE)).isInstanceOf(InputException.class)
                .hasMessageContaining("0-bomb.png").hasMessageContaining("20000×20000");
    }

    @Test
    void theLimitCanBeSet() throws IOException {
        Path small = dir.resolve("c/small.png");
        png(small);
        ImageSettings s = new ImageSettings(8, 8, true, "0..1", ImageSettings.Augmentation.NONE);
        assertThat(ImageFolders.read(small, s)).hasSize(64);
        System.setProperty(ImageLimit.PROPERTY, "63");
        assertThatThrownBy(() -> ImageFolders.read(small, s)).hasMessageContaining("small.png").hasMessageContaining("8×8 pixels");
    }
}
