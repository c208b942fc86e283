package io.modelbench.desktop.view;

import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.util.Duration;
import org.jfree.chart.JFreeChart;
import org.jfree.data.general.Series;

import java.util.List;

/**
 * Redraws a live chart at most once per interval while its data changes, and not at all while the chart is not
 * in a window. JFreeChart repaints the whole chart on every data change; during a fast run (Iris trains ~15
 * epochs a second) four charts repainting on every batch of points kept the JavaFX thread busy for 50–80 ms at a
 * time. The series stay silent ({@code setNotify(false)}); {@link #changed()} marks them changed, and one redraw
 * follows at once if the last was more than an interval ago, otherwise at the end of the interval. Zooming and
 * other chart changes still redraw at once (the chart itself keeps notifying).
 */
final class ThrottledRedraw {

    static final long INTERVAL_MILLIS = 250;

    private final JFreeChart chart;
    private final Node viewer;
    private final List<? extends Series> series;
    private boolean dirty;
    private boolean scheduled;
    private long lastDraw = Long.MIN_VALUE / 2;
    private int redraws;

    ThrottledRedraw(JFreeChart chart, Node viewer, List<? extends Series> series) {
        this.chart = chart;
        this.viewer = viewer;
        this.series = List.copyOf(series);
        this.series.forEach(s -> s.setNotify(false));
        // a chart that changed while its page was hidden is drawn when the page is shown
        viewer.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null && dirty) {
                redraw();
            }
        });
    }

    /** Call on the JavaFX thread after changing the series. */
    void changed() {
        dirty = true;
        if (scheduled || viewer.getScene() == null) {
            return;
        }
        long since = System.nanoTime() / 1_000_000 - lastDraw;
        if (since >= INTERVAL_MILLIS) {
            redraw();
        } else {
            scheduled = true;
            PauseTransition wait = new PauseTransition(Duration.millis(INTERVAL_MILLIS - since));
            wait.setOnFinished(e -> {
                scheduled = false;
                if (viewer.getScene() != null) {
                    redraw();
                }
            });
            wait.play();
        }
    }

    /** Redraws now if anything changed (one repaint for all the series). */
    void redraw() {
        if (!dirty) {
            return;
        }
        dirty = false;
        lastDraw = System.nanoTime() / 1_000_000;
        redraws++;
        chart.setNotify(false);
        for (Series s : series) {
            s.setNotify(true);   // the plot recomputes its axis ranges; the chart does not repaint yet
            s.setNotify(false);
        }
        chart.setNotify(true);   // one repaint
    }

    /** How many times the chart was redrawn for data changes (for tests). */
    int redraws() {
        return redraws;
    }
}
