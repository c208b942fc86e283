package io.modelbench.desktop.view;

import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A live chart repaints at most once per interval however fast its data changes, and not while hidden. */
@ExtendWith(ApplicationExtension.class)
class ThrottledRedrawTest {

    private final StackPane root = new StackPane();
    private final XYSeries series = new XYSeries("s", false, true);
    private final JFreeChart chart = ChartFactory.createXYLineChart("t", "x", "y", new XYSeriesCollection(series));
    private final AtomicInteger repaints = new AtomicInteger();
    private ChartViewer viewer;
    private ThrottledRedraw redraw;

    @Start
    void start(Stage stage) {
        viewer = new ChartViewer(chart);
        redraw = new ThrottledRedraw(chart, viewer, List.of(series));
        chart.addChangeListener(e -> repaints.incrementAndGet());
        stage.setScene(new Scene(root, 400, 300));
        stage.show();
    }

    @Test
    void manyChangesInQuickSuccessionRepaintOnceOrTwice(FxRobot robot) throws Exception {
        robot.interact(() -> root.getChildren().add(viewer));
        robot.interact(() -> {
            for (int i = 0; i < 200; i++) {
                series.add(i, Math.sin(i));
                redraw.changed();
            }
        });
        WaitForAsyncUtils.sleep(ThrottledRedraw.INTERVAL_MILLIS * 3, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        // the first change at once, the other 199 together at the end of the interval
        assertThat(redraw.redraws()).isEqualTo(2);
        assertThat(repaints.get()).isEqualTo(2);
        assertThat(series.getItemCount()).isEqualTo(200);
        // the axis follows the data
        assertThat(chart.getXYPlot().getDomainAxis().getUpperBound()).isGreaterThanOrEqualTo(199);
    }

    @Test
    void aHiddenChartRepaintsOnlyWhenShown(FxRobot robot) throws Exception {
        robot.interact(() -> {
            for (int i = 0; i < 50; i++) {
                series.add(i, i);
                redraw.changed();
            }
        });
        WaitForAsyncUtils.sleep(ThrottledRedraw.INTERVAL_MILLIS * 2, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(repaints.get()).isZero();
        robot.interact(() -> root.getChildren().add(viewer));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(repaints.get()).isEqualTo(1);
    }
}
