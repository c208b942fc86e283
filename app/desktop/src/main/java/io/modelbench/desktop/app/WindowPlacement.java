package io.modelbench.desktop.app;

import io.modelbench.engine.io.AtomicFiles;
import javafx.geometry.Rectangle2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the main window was and how large, kept in {@code ~/.modelbench/window.properties} so that the next start
 * opens it the same way. A placement that no longer fits on any screen (a monitor unplugged) is ignored.
 */
record WindowPlacement(double x, double y, double width, double height, boolean maximized) {

    private static final Logger LOG = LoggerFactory.getLogger(WindowPlacement.class);
    /** Smallest size kept: anything smaller is a window the user lost, not one they chose. */
    static final double MIN_WIDTH = 640;
    static final double MIN_HEIGHT = 400;

    static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".modelbench", "window.properties");
    }

    /** The saved placement if there is one, large enough and at least 100×50 pixels of it on one of {@code screens}. */
    static Optional<WindowPlacement> load(Path file, List<Rectangle2D> screens) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file)));
            WindowPlacement w = new WindowPlacement(Double.parseDouble(p.getProperty("x")), Double.parseDouble(p.getProperty("y")),
                    Double.parseDouble(p.getProperty("width")), Double.parseDouble(p.getProperty("height")),
                    Boolean.parseBoolean(p.getProperty("maximized")));
            return w.fits(screens) ? Optional.of(w) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.info("Ignoring the saved window placement in {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    boolean fits(List<Rectangle2D> screens) {
        if (!(width >= MIN_WIDTH && height >= MIN_HEIGHT) || !Double.isFinite(x) || !Double.isFinite(y)) {
            return false;
        }
        Rectangle2D window = new Rectangle2D(x, y, width, height);
        for (Rectangle2D s : screens) {
            double w = Math.min(window.getMaxX(), s.getMaxX()) - Math.max(window.getMinX(), s.getMinX());
            double h = Math.min(window.getMaxY(), s.getMaxY()) - Math.max(window.getMinY(), s.getMinY());
            if (w >= 100 && h >= 50) {
                return true;
            }
        }
        return false;
    }

    /** Writes the placement (whole or not at all); a failure is logged, never shown: it is a convenience. */
    void save(Path file) {
        Properties p = new Properties();
        p.setProperty("x", Double.toString(x));
        p.setProperty("y", Double.toString(y));
        p.setProperty("width", Double.toString(width));
        p.setProperty("height", Double.toString(height));
        p.setProperty("maximized", Boolean.toString(maximized));
        try {
            StringWriter text = new StringWriter();
            p.store(text, "ModelBench main window");
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.info("Could not save the window placement to {}: {}", file, e.toString());
        }
    }
}
