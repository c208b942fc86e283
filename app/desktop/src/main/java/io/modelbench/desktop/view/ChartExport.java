package io.modelbench.desktop.view;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.geom.Rectangle2D;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
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

    /**
     * The confusion matrix as drawn on the Evaluate page (rows: actual, columns: predicted; shade: the cell's share
     * of its row; the number: the count), as PNG or SVG bytes; drawn with AWT, so it needs no display.
     */
    public static Supplier<byte[]> renderMatrix(List<String> labels, int[][] counts, Format format) {
        int k = labels.size();
        int cell = Math.max(28, Math.min(70, 700 / Math.max(1, k)));
        int margin = 130;
        int w = margin + k * cell + 20;
        int h = margin + k * cell + 20;
        if (format == Format.SVG) {
            SVGGraphics2D g = new SVGGraphics2D(w, h);
            paintMatrix(g, labels, counts, cell, margin, w, h);
            byte[] bytes = g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
            return () -> bytes;
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        paintMatrix(g, labels, counts, cell, margin, w, h);
        g.dispose();
        return () -> encodePng(image);
    }

    private static void paintMatrix(Graphics2D g, List<String> labels, int[][] counts, int cell, int margin, int w, int h) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString("predicted →", margin, 16);
        g.drawString("actual ↓", 6, margin - 8);
        int k = labels.size();
        for (int i = 0; i < k; i++) {
            String name = labels.get(i).length() > 16 ? labels.get(i).substring(0, 15) + "…" : labels.get(i);
            g.setColor(Color.DARK_GRAY);
            g.drawString(name, 6, margin + i * cell + cell / 2 + 4);
            java.awt.geom.AffineTransform t = g.getTransform();
            g.rotate(-Math.PI / 2, margin + i * cell + cell / 2.0 + 4, margin - 6);
            g.drawString(name, margin + i * cell + cell / 2 + 4, margin - 6);
            g.setTransform(t);
            long row = 0;
            for (int j = 0; j < k; j++) {
                row += counts[i][j];
            }
            for (int j = 0; j < k; j++) {
                double share = row == 0 ? 0 : (double) counts[i][j] / row;
                Color c = i == j
                        ? new Color(47, 111, 219, (int) Math.round(30 + 225 * share))
                        : new Color(224, 80, 60, (int) Math.round(share == 0 ? 0 : 40 + 215 * share));
                g.setColor(Color.WHITE);
                g.fillRect(margin + j * cell, margin + i * cell, cell, cell);
                g.setColor(c);
                g.fillRect(margin + j * cell, margin + i * cell, cell, cell);
                g.setColor(new Color(0xDD, 0xDD, 0xDD));
                g.drawRect(margin + j * cell, margin + i * cell, cell, cell);
                g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                String text = Integer.toString(counts[i][j]);
                int tw = g.getFontMetrics().stringWidth(text);
                g.drawString(text, margin + j * cell + (cell - tw) / 2, margin + i * cell + cell / 2 + 4);
            }
        }
    }
}
