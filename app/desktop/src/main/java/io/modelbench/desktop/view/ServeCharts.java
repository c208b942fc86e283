package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ServeMonitor;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.RangeType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;

/**
 * The Serve page's live charts: requests per second, and the p50/p95/p99 latency, one point per statistics poll
 * (twice a second). Like the Train page's charts they follow a view-model list, and {@link ThrottledRedraw}
 * repaints them at most every 250 ms and not while the page is hidden.
 */
final class ServeCharts {

    private ServeCharts() {
    }

    static ChartViewer rate(ObservableList<ServeMonitor.StatsPoint> points, String title) {
        XYSeries rate = new XYSeries("requests/s", false, true);
        JFreeChart chart = chart(title, "seconds", "requests/s", new XYSeriesCollection(rate));
        chart.removeLegend();   // one series, named by the title
        chart.getXYPlot().getRenderer().setSeriesPaint(0, new Color(0x2F, 0x6F, 0xDB));
        ChartViewer viewer = LiveCharts.viewer(chart, "serveRateChart");
        follow(points, new ThrottledRedraw(chart, viewer, List.of(rate)), List.of(rate),
                p -> rate.add(p.seconds(), p.requestsPerSecond()));
        return viewer;
    }

    static ChartViewer latency(ObservableList<ServeMonitor.StatsPoint> points, String title) {
        XYSeries p50 = new XYSeries("p50", false, true);
        XYSeries p95 = new XYSeries("p95", false, true);
        XYSeries p99 = new XYSeries("p99", false, true);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(p50);
        data.addSeries(p95);
        data.addSeries(p99);
        JFreeChart chart = chart(title, "seconds", "ms", data);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setSeriesPaint(0, new Color(0x1F, 0x9D, 0x55));
        r.setSeriesPaint(1, new Color(0xE6, 0x9F, 0x00));
        r.setSeriesPaint(2, new Color(0xB3, 0x26, 0x1E));
        for (int i = 0; i < 3; i++) {
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        ChartViewer viewer = LiveCharts.viewer(chart, "serveLatencyChart");
        follow(points, new ThrottledRedraw(chart, viewer, List.of(p50, p95, p99)), List.of(p50, p95, p99), p -> {
            p50.add(p.seconds(), p.p50());
            p95.add(p.seconds(), p.p95());
            p99.add(p.seconds(), p.p99());
        });
        return viewer;
    }

    /**
     * Both axes from zero up: an idle server is a line at zero, not an axis zoomed into nothing, and neither the seconds
     * since the start nor a rate or a latency goes below zero (centred on an idle zero, the axes read −2 requests/s and
     * −3 s).
     */
    static JFreeChart chart(String title, String x, String y, XYSeriesCollection data) {
        JFreeChart chart = LiveCharts.chart(title, x, y, data);
        XYPlot plot = chart.getXYPlot();
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(true);
        range.setAutoRangeMinimumSize(5);   // not 4E-9 ticks around an idle zero
        range.setRangeType(RangeType.POSITIVE);
        NumberAxis domain = (NumberAxis) plot.getDomainAxis();
        domain.setAutoRangeMinimumSize(10);
        domain.setRangeType(RangeType.POSITIVE);
        return chart;
    }

    /** Adds appended points; a list that lost points (the oldest dropped, or a new server) is redrawn whole. */
    private static void follow(ObservableList<ServeMonitor.StatsPoint> list, ThrottledRedraw redraw, List<XYSeries> series,
                               java.util.function.Consumer<ServeMonitor.StatsPoint> add) {
        list.forEach(add);
        redraw.changed();
        list.addListener((ListChangeListener<ServeMonitor.StatsPoint>) c -> {
            boolean rebuild = false;
            List<ServeMonitor.StatsPoint> added = new java.util.ArrayList<>();
            while (c.next()) {
                if (c.wasRemoved()) {
                    rebuild = true;
                } else if (c.wasAdded()) {
                    added.addAll(c.getAddedSubList());
                }
            }
            if (rebuild) {
                series.forEach(XYSeries::clear);
                list.forEach(add);
            } else {
                added.forEach(add);
            }
            redraw.changed();
        });
    }
}
