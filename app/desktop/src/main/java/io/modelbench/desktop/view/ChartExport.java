package io.modelbench.desktop.view;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Charts as PNG or SVG files. Rendering needs no display (JFreeChart draws with AWT, headless or not), so the
 * bytes can be tested without a window; the view's context menu chooses the file and hands the bytes to the
 * view model, which writes them atomically in the background.
 */
public final class ChartExport {

    /** The file formats offered. */
    public enum Format {
        PNG("PNG image (*.png)", "png"), SVG("SVG drawing (*.svg)", "svg");

        final String description;
        final String extension;

        Format(String description, String extension) {
            this.description = description;
            this.extension = extension;
        }
    }

    private ChartExport() {
    }

    /** The chart drawn at {@code width}×{@code height} pixels, as PNG bytes. */
    public static byte[] png(JFreeChart chart, int width, int height) {
        return encodePng(chart.createBufferedImage(width, height));
    }

    /** A drawn image as PNG bytes (safe on any thread: the image is no longer tied to the chart). */
    public static byte[] encodePng(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The chart as a standalone SVG document (UTF-8 bytes), {@code width}×{@code height} user units. */
    public static byte[] svg(JFreeChart chart, int width, int height) {
        return svgDocument(chart, width, height).getBytes(StandardCharsets.UTF_8);
    }

    private static String svgDocument(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGDocument();
    }

    /**
     * What to write for {@code format}: the drawing happens now (on the calling thread, the JavaFX thread in the
     * app, while the chart cannot change under it); the PNG encoding happens when the supplier is called (on a
     * worker).
     */
    public static Supplier<byte[]> render(JFreeChart chart, Format format, int width, int height) {
        if (format == Format.SVG) {
            byte[] bytes = svg(chart, width, height);
            return () -> bytes;
        }
        BufferedImage image = chart.createBufferedImage(width, height);
        return () -> encodePng(image);
    }

    /** {@code path} with the format's extension added when it has none of its own. */
    public static Path withExtension(Path path, Format format) {
        String name = path.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith("." + format.extension) ? path : path.resolveSibling(name + "." + format.extension);
    }

    /**
     * Replaces the viewer's own context menu entries (whose export writes in place, on the JavaFX thread) with
     * "Export as PNG…" and "Export as SVG…": each asks for a file, renders the chart at its size on screen (at
     * least 640×400) and passes the target and the bytes to {@code save}.
     */
    public static void install(ChartViewer viewer, String name, FileDialogs dialogs, BiConsumer<Path, Supplier<byte[]>> save) {
        javafx.scene.control.ContextMenu menu = viewer.getContextMenu();
        menu.getItems().clear();
        for (Format f : Format.values()) {
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem("Export as " + f.name() + "…");
            item.setId("export-" + f.extension + "-" + name);
            item.setOnAction(e -> {
                int w = (int) Math.max(640, viewer.getWidth());
                int h = (int) Math.max(400, viewer.getHeight());
                String suggested = name + "." + f.extension;
                dialogs.chooseChartTarget(viewer.getScene().getWindow(), suggested, f.description, "*." + f.extension)
                        .map(p -> withExtension(p, f))
                        .ifPresent(p -> save.accept(p, render(viewer.getChart(), f, w, h)));
            });
            menu.getItems().add(item);
        }
    }
}
