package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ParallelCoordinates;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The Experiments page's parallel-coordinates chart, drawn on a canvas: one vertical axis per setting the sweep varies
 * and a last one for the validation figure, one polyline per trial through its values, coloured from red (the sweep's
 * worst figure) through amber to green (its best), grey while a trial has no figure yet; the best trial thicker and on
 * top. The view model works out every position ({@link ParallelCoordinates}); this only draws, on the JavaFX thread,
 * when the data or the size changes (a few trials: well under a millisecond).
 */
final class ParallelCoordinatesChart extends Region {

    private static final double TOP = 34;
    private static final double BOTTOM = 36;
    private static final double SIDE = 48;
    private final Canvas canvas = new Canvas();
    private ParallelCoordinates data = ParallelCoordinates.EMPTY;

    ParallelCoordinatesChart() {
        getChildren().add(canvas);
        setMinSize(160, 120);
        setStyle("-fx-background-color: white;");
    }

    void show(ParallelCoordinates d) {
        data = d == null ? ParallelCoordinates.EMPTY : d;
        draw();
    }

    /** What is drawn now (for tests). */
    ParallelCoordinates data() {
        return data;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFill(Color.BLACK);
        g.setFont(Font.font(13));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText("Settings against the validation figure", w / 2, 4);
        int n = data.axes().size();
        if (n == 0 || w < 2 * SIDE || h < TOP + BOTTOM + 10) {
            g.setFill(Color.GRAY);
            g.fillText("No trials yet", w / 2, h / 2);
            return;
        }
        double plotH = h - TOP - BOTTOM;
        double step = n == 1 ? 0 : (w - 2 * SIDE) / (n - 1);
        for (ParallelCoordinates.Line line : data.lines()) {
            if (!line.best()) {
                polyline(g, line, step, plotH);
            }
        }
        data.lines().stream().filter(ParallelCoordinates.Line::best).forEach(line -> polyline(g, line, step, plotH));
        Font small = Font.font(10.5);
        g.setFont(small);
        boolean stagger = step < 80; // names on two lines when the axes are close
        for (int i = 0; i < n; i++) {
            ParallelCoordinates.Axis axis = data.axes().get(i);
            double x = SIDE + i * step;
            g.setStroke(Color.web("#555555"));
            g.setLineWidth(1);
            g.strokeLine(x, TOP, x, TOP + plotH);
            g.setFill(Color.BLACK);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            g.fillText(axis.name(), x, TOP + plotH + 5 + (stagger && i % 2 == 1 ? 14 : 0));
            boolean left = i == n - 1;
            for (ParallelCoordinates.Tick t : axis.ticks()) {
                double y = TOP + (1 - t.position()) * plotH;
                g.setStroke(Color.web("#555555"));
                g.strokeLine(x - 3, y, x + 3, y);
                label(g, small, t.label(), left ? x - 5 : x + 5, y, left);
            }
        }
    }

    /** A tick's label on a white box, so the lines under it do not hide it. */
    private static void label(GraphicsContext g, Font font, String text, double x, double y, boolean rightAligned) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(text);
        t.setFont(font);
        double w = t.getLayoutBounds().getWidth();
        double h = t.getLayoutBounds().getHeight();
        double left = rightAligned ? x - w : x;
        g.setFill(Color.rgb(255, 255, 255, 0.85));
        g.fillRect(left - 2, y - h / 2, w + 4, h);
        g.setFill(Color.web("#333333"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(text, left, y);
    }

    private static void polyline(GraphicsContext g, ParallelCoordinates.Line line, double step, double plotH) {
        double[] p = line.positions();
        g.setStroke(color(line.shade()));
        g.setLineWidth(line.best() ? 3.5 : 1.6);
        boolean started = false;
        g.beginPath();
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(p[i])) {
                continue;
            }
            double x = SIDE + i * step;
            double y = TOP + (1 - p[i]) * plotH;
            if (started) {
                g.lineTo(x, y);
            } else {
                g.moveTo(x, y);
                started = true;
            }
        }
        g.stroke();
    }

    /** Red (0, the worst) through amber to green (1, the best); grey for none. */
    static Color color(double shade) {
        if (Double.isNaN(shade)) {
            return Color.rgb(160, 160, 160, 0.6);
        }
        double s = Math.max(0, Math.min(1, shade));
        Color worst = Color.web("#D64545");
        Color mid = Color.web("#E0A030");
        Color best = Color.web("#1F9D55");
        return (s < 0.5 ? worst.interpolate(mid, s * 2) : mid.interpolate(best, (s - 0.5) * 2)).deriveColor(0, 1, 1, 0.85);
    }
}
