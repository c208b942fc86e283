package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.SeriesChoice;
import io.modelbench.engine.app.Datasets;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.TimeZone;

/**
 * The Data page's series chart (issue 15): the target over time (JFreeChart, a date axis in UTC, as the engine gives
 * the times), one line per series, with the training, validation and test spans of the time-ordered split shaded
 * behind it at the boundaries the engine worked out ({@link Datasets#seriesChart}). Hidden without a series.
 */
final class SeriesChartPane {

    /**
     * The spans: training blue, validation amber, test red, pale enough for the line to stay in front and opaque (a
     * marker's transparency fades its label too).
     */
    static final Color TRAINING = new Color(0xE4, 0xEC, 0xFA);
    static final Color VALIDATION = new Color(0xFB, 0xEE, 0xD2);
    static final Color TEST = new Color(0xF8, 0xE0, 0xE0);
    private static final Color TRAINING_TEXT = new Color(0x2F, 0x5F, 0xB8);
    private static final Color VALIDATION_TEXT = new Color(0x9A, 0x66, 0x00);
    private static final Color TEST_TEXT = new Color(0xB0, 0x30, 0x30);
    private static final Font SPAN_LABEL = new Font("SansSerif", Font.BOLD, 11);

    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart;

    private SeriesChartPane() {
        chart = ChartFactory.createTimeSeriesChart("", null, "", data, true, true, false);
        EvaluateCharts.style(chart);
        XYPlot plot = chart.getXYPlot();
        ((DateAxis) plot.getDomainAxis()).setTimeZone(TimeZone.getTimeZone("UTC"));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDefaultStroke(new BasicStroke(1.2f));
        r.setAutoPopulateSeriesStroke(false);
        r.setSeriesPaint(0, Color.DARK_GRAY);
        plot.setRenderer(r);
    }

    /** Puts the chart into {@code holder} and shows {@code box} (chart and span line) only while a series is read. */
    static ChartViewer install(Pane box, StackPane holder, Label spansLabel, SeriesChoice vm) {
        SeriesChartPane pane = new SeriesChartPane();
        ChartViewer viewer = new ChartViewer(pane.chart);
        viewer.setId("seriesChart");
        holder.getChildren().setAll(viewer);
        spansLabel.textProperty().bind(vm.spansProperty());
        spansLabel.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        box.visibleProperty().bind(vm.chartProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        vm.chartProperty().addListener((o, was, now) -> pane.show(now));
        pane.show(vm.chartProperty().get());
        return viewer;
    }

    private void show(Datasets.SeriesChart c) {
        chart.setNotify(false);
        try {
            fill(chart, data, c);
        } finally {
            chart.setNotify(true);
        }
    }

    /** The lines and the three spans of {@code c}; empty for null. */
    static void fill(JFreeChart chart, XYSeriesCollection data, Datasets.SeriesChart c) {
        XYPlot plot = chart.getXYPlot();
        data.removeAllSeries();
        plot.clearDomainMarkers();
        if (c == null) {
            chart.setTitle("");
            return;
        }
        for (Datasets.SeriesChart.Line line : c.lines()) {
            XYSeries s = new XYSeries(line.id().isEmpty() ? c.target() : line.id(), false, true);
            for (int i = 0; i < line.size(); i++) {
                s.add(line.times()[i], line.values()[i], false);
            }
            data.addSeries(s);
        }
        chart.getLegend().setVisible(c.lines().size() > 1);
        chart.setTitle(String.format("'%s' over time%s%s", c.target(),
                c.seriesCount() > c.lines().size() ? String.format(" (the first %d of %,d series)", c.lines().size(), c.seriesCount()) : "",
                c.thinned() ? String.format(" · %,d steps, each stretch drawn as its low and high", c.steps()) : ""));
        plot.getRangeAxis().setLabel(c.target());
        plot.getDomainAxis().setLabel(c.timeColumn());
        span(plot, "training", c.start(), c.validationStart(), TRAINING, TRAINING_TEXT);
        if (c.validationStart() < c.testStart()) {
            span(plot, "validation", c.validationStart(), c.testStart(), VALIDATION, VALIDATION_TEXT);
        }
        span(plot, "test", c.testStart(), c.end(), TEST, TEST_TEXT);
    }

    private static void span(XYPlot plot, String name, long from, long to, Color colour, Color text) {
        IntervalMarker m = new IntervalMarker(from, to, colour, new BasicStroke(1f), null, null, 1f);
        m.setLabel(name);
        m.setLabelFont(SPAN_LABEL);
        m.setLabelPaint(text);
        m.setLabelBackgroundColor(new Color(0, 0, 0, 0));  // JFreeChart 1.5.4+ puts a grey box behind a marker label by default
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        m.setLabelOffset(new RectangleInsets(4, 4, 4, 4));
        plot.addDomainMarker(m, Layer.BACKGROUND);
    }
}
