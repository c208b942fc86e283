package io.modelbench.engine.data;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageFoldersTest {

    private static final ImageSettings GRAY_4 = new ImageSettings(4, 4, true, "0..1", null);

    /** A 4×4 RGB test pattern: pixel (x, y) has red 16·x, green 16·y, blue 200. */
    private static BufferedImage pattern() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, (16 * x) << 16 | (16 * y) << 8 | 200);
            }
        }
        return img;
    }

    private static Path folderWithEveryFormat(Path root) throws Exception {
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        ImageIO.write(pattern(), "png", root.resolve("a/one.png").toFile());
        ImageIO.write(pattern(), "bmp", root.resolve("a/two.BMP").toFile());
        ImageIO.write(pattern(), "jpg", root.resolve("b/three.jpeg").toFile());
        ImageIO.write(pattern(), "gif", root.resolve("b/four.gif").toFile());
        Files.writeString(root.resolve("b/broken.png"), "this is not a PNG");
        Files.writeString(root.resolve("b/notes.txt"), "hello");
        Files.writeString(root.resolve("b/.DS_Store"), "ignored");
        Files.writeString(root.resolve("readme.md"), "stray");
        return root;
    }

    @Test
    void readsPngJpegBmpGifAndListsWhatItSkippedWithReasons(@TempDir Path dir) throws Exception {
        ImageDataset d = ImageFolders.load(folderWithEveryFormat(dir), new ImageSettings(4, 4, false, "0..1", null), TaskProgress.NONE);
        assertThat(d.labels()).containsExactly("a", "b");
        assertThat(d.items()).extracting(i -> d.relative(i.file()))
                .containsExactly("a/one.png", "a/two.BMP", "b/four.gif", "b/three.jpeg");
        assertThat(d.classCounts()).containsExactly(2, 2);
        assertThat(d.skipped()).extracting(s -> d.relative(s.file()) + ": " + s.reason()).containsExactlyInAnyOrder(
                "readme.md: not inside a class subfolder",
                "b/broken.png: not a readable image (the content is not a PNG image)",
                "b/notes.txt: not a PNG, JPEG, BMP or GIF file");
        // lossless formats come back exactly: red channel first, then green, then blue (index = c*H*W + y*W + x)
        float[] png = d.pixels()[0];
        assertThat(png).hasSize(48);
        assertThat(png[2 * 4 + 3]).isEqualTo(48f);          // red at (3, 2)
        assertThat(png[16 + 2 * 4 + 3]).isEqualTo(32f);     // green at (3, 2)
        assertThat(png[32]).isEqualTo(200f);               // blue
        assertThat(d.pixels()[1]).containsExactly(png);    // the BMP
        assertThat(d.pixels()[3][5]).isCloseTo(png[5], within(12f)); // the JPEG, lossy
    }

    @Test
    void shrinksByAveragingEnlargesBilinearlyAndConvertsToGray(@TempDir Path dir) throws Exception {
        float[] src = new float[16];
        for (int i = 0; i < 16; i++) {
            src[i] = i;
        }
        float[] half = new float[4];
        ImageFolders.resize(src, 4, 4, half, 0, 2, 2);
        assertThat(half).containsExactly((0 + 1 + 4 + 5) / 4f, (2 + 3 + 6 + 7) / 4f, (8 + 9 + 12 + 13) / 4f, (10 + 11 + 14 + 15) / 4f);
        float[] twice = new float[64];
        ImageFolders.resize(src, 4, 4, twice, 0, 8, 8);
        assertThat(twice[0]).isEqualTo(0f);
        assertThat(twice[63]).isEqualTo(15f);
        assertThat(twice[1]).isCloseTo(0.25f, within(1e-6f)); // a quarter of the way from pixel 0 to pixel 1

        ImageDataset d = ImageFolders.load(folderWithEveryFormat(dir), GRAY_4, TaskProgress.NONE);
        assertThat(d.pixels()[0][2 * 4 + 3]).isCloseTo(0.299f * 48 + 0.587f * 32 + 0.114f * 200, within(1e-3f));
    }

    @Test
    void theDigitsSampleMatchesTheDigitsTable(@TempDir Path cache) {
        Path folder = Samples.unpackImages(Samples.find("digits_images"), cache);
        assertThat(Samples.unpackImages(Samples.find("digits_images"), cache)).isEqualTo(folder); // unpacked once
        ImageSettings s = ImageFolders.suggest(folder);
        assertThat(s.width()).isEqualTo(8);
        assertThat(s.grayscale()).isTrue();
        ImageDataset d = ImageFolders.load(folder, "sample:digits_images", s, TaskProgress.NONE);
        assertThat(d.size()).isEqualTo(1797);
        assertThat(d.skipped()).isEmpty();
        assertThat(d.labels()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Table table = Samples.open(Samples.find("digits"));
        // 0000.png is the table's first row (a 0): its pixels are the table's 0-16 values scaled to 0-255
        int first = 0;
        assertThat(d.relative(d.items().get(first).file())).isEqualTo("0/0000.png");
        for (int p = 0; p < 64; p++) {
            double v = Double.parseDouble(table.value(0, p));
            assertThat((double) d.pixels()[first][p]).isCloseTo(v * 255 / 16, within(1.0));
        }
    }

    @Test
    void theHashChangesWhenAFileChanges(@TempDir Path dir) throws Exception {
        folderWithEveryFormat(dir);
        String before = ImageFolders.load(dir, GRAY_4, TaskProgress.NONE).sha256();
        assertThat(ImageFolders.load(dir, GRAY_4, TaskProgress.NONE).sha256()).isEqualTo(before);
        BufferedImage img = pattern();
        img.setRGB(0, 0, 0xffffff);
        ImageIO.write(img, "png", dir.resolve("a/one.png").toFile());
        assertThat(ImageFolders.load(dir, GRAY_4, TaskProgress.NONE).sha256()).isNotEqualTo(before);
    }

    @Test
    void badFoldersGetMessagesThatSayWhatToDo(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ImageFolders.load(dir.resolve("nope"), GRAY_4, TaskProgress.NONE))
                .isInstanceOf(InputException.class).hasMessageContaining("does not exist");
        Files.writeString(dir.resolve("x.png"), "x");
        assertThatThrownBy(() -> ImageFolders.load(dir, GRAY_4, TaskProgress.NONE))
                .isInstanceOf(InputException.class).hasMessageContaining("has no class subfolders")
                .hasMessageContaining("subfolder named after the class");
        Files.createDirectories(dir.resolve("cats"));
        ImageIO.write(pattern(), "png", dir.resolve("cats/1.png").toFile());
        assertThatThrownBy(() -> ImageFolders.load(dir, GRAY_4, TaskProgress.NONE))
                .isInstanceOf(InputException.class).hasMessageContaining("only one class folder ('cats')");
        Files.createDirectories(dir.resolve("dogs"));
        Files.writeString(dir.resolve("dogs/1.png"), "not an image");
        assertThatThrownBy(() -> ImageFolders.load(dir, GRAY_4, TaskProgress.NONE))
                .isInstanceOf(InputException.class).hasMessageContaining("without a readable image: dogs");
    }

    @Test
    void cancelStopsTheImport(@TempDir Path dir) throws Exception {
        folderWithEveryFormat(dir);
        TaskProgress cancelled = new TaskProgress() {
            @Override
            public void progress(double fraction) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> ImageFolders.load(dir, GRAY_4, cancelled)).isInstanceOf(CancellationException.class);
    }

    @Test
    void settingsParseAndCheck() {
        assertThat(ImageSettings.parseSize("28x32")).containsExactly(28, 32);
        assertThat(ImageSettings.parseSize("16")).containsExactly(16, 16);
        assertThatThrownBy(() -> ImageSettings.parseSize("big")).hasMessageContaining("such as 28x28");
        assertThat(ImageSettings.Augmentation.parse("flip,shift=2,rotate=10"))
                .isEqualTo(new ImageSettings.Augmentation(true, 2, 10));
        assertThatThrownBy(() -> ImageSettings.Augmentation.parse("zoom")).hasMessageContaining("flip, shift=PIXELS");
        assertThatThrownBy(() -> new ImageSettings(2, 2, true, null, null)).hasMessageContaining("4 to 512");
        assertThat(List.of(ImageSettings.defaults().channels(), ImageSettings.defaults().withGrayscale(false).channels()))
                .containsExactly(1, 3);
    }
}
