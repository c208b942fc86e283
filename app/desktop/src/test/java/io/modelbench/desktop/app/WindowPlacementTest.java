package io.modelbench.desktop.app;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The main window reopens where it was, unless that is off every screen, too small, or the file is damaged. */
class WindowPlacementTest {

    private final List<Rectangle2D> oneScreen = List.of(new Rectangle2D(0, 0, 1920, 1080));

    @Test
    void savedPlacementComesBack(@TempDir Path dir) {
        Path f = dir.resolve("sub/window.properties");
        new WindowPlacement(120, 80, 1300, 850, false).save(f);
        assertThat(WindowPlacement.load(f, oneScreen)).contains(new WindowPlacement(120, 80, 1300, 850, false));
        new WindowPlacement(0, 0, 1920, 1080, true).save(f);
        assertThat(WindowPlacement.load(f, oneScreen)).contains(new WindowPlacement(0, 0, 1920, 1080, true));
    }

    @Test
    void aPlacementOffEveryScreenOrTooSmallIsIgnored(@TempDir Path dir) {
        Path f = dir.resolve("window.properties");
        // on a second monitor that is gone now
        new WindowPlacement(2000, 100, 1200, 800, false).save(f);
        assertThat(WindowPlacement.load(f, oneScreen)).isEmpty();
        assertThat(WindowPlacement.load(f, List.of(new Rectangle2D(0, 0, 1920, 1080), new Rectangle2D(1920, 0, 1920, 1080))))
                .isPresent();
        // only a sliver left on the screen
        new WindowPlacement(1880, 1060, 1200, 800, false).save(f);
        assertThat(WindowPlacement.load(f, oneScreen)).isEmpty();
        new WindowPlacement(10, 10, 200, 100, false).save(f);
        assertThat(WindowPlacement.load(f, oneScreen)).isEmpty();
    }

    @Test
    void aMissingOrDamagedFileMeansTheDefault(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("window.properties");
        assertThat(WindowPlacement.load(f, oneScreen)).isEmpty();
        Files.writeString(f, "x=left\nwidth=\n");
        assertThat(WindowPlacement.load(f, oneScreen)).isEmpty();
    }
}
