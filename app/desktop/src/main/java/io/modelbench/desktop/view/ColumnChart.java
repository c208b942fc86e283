package io.modelbench.desktop.view;

import io.modelbench.engine.api.ColumnProfile;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.awt.Font;

/**
 * The selected column's distribution: a 20-bin histogram for numbers, the counts of its most frequent values
 * otherwise (for the target: the class balance).
 */
public final class ColumnChart {

    private final DefaultCategoryDataset data = new DefaultCategoryDataset();
    private final JFreeChart chart;
    private final ChartViewer viewer;

    public ColumnChart() {
        chart = ChartFactory.createBarChart("", "", "rows", data, PlotOrientation.VERTICAL, false, true, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font("SansSerif", Font.BOLD, 13));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x2F, 0x6F, 0xDB));
        r.setItemMargin(0.02);
        plot.getDomainAxis().setTickLabelFont(new Font("SansSerif", Font.PLAIN, 9));
        viewer = new ChartViewer(chart);
        viewer.setId("columnChart");
    }

    public ChartViewer node() {
        return viewer;
    }

    public void show(ColumnProfile p, boolean isTarget) {
        // one redraw for the whole change, not one per bar
        chart.setNotify(false);
        try {
            fill(p, isTarget);
        } finally {
            chart.setNotify(true);
        }
    }

    private void fill(ColumnProfile p, boolean isTarget) {
        data.clear();
        if (p == null) {
            chart.setTitle("");
            return;
        }
        if (p.histogram().length > 0 && p.min() != null) {
            double width = (p.max() - p.min()) / p.histogram().length;
            for (int b = 0; b < p.histogram().length; b++) {
                data.addValue(p.histogram()[b], "rows", String.format("%.3g", p.min() + b * width));
            }
            chart.setTitle(p.name() + ": histogram");
        } else {
            for (ColumnProfile.ValueCount v : p.topValues()) {
                data.addValue(v.count(), "rows", v.value().length() > 14 ? v.value().substring(0, 13) + "…" : v.value());
            }
            chart.setTitle(p.name() + (isTarget ? ": class balance" : ": most frequent values")
                    + (p.distinct() > p.topValues().size() ? " (top " + p.topValues().size() + " of " + p.distinct() + ")" : ""));
        }
    }

    /** Bars drawn (for tests). */
    public int barCount() {
        return data.getColumnCount();
    }
}
