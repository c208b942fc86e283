package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EvaluateViewModel;
import io.modelbench.desktop.viewmodel.TryViewModel;
import io.modelbench.engine.eval.Curves;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;

/**
 * The Evaluate page's JFreeChart charts, built and filled from the view model's plain data. AWT only (no
 * JavaFX), so tests build the same charts headless.
 */
final class EvaluateCharts {

    static final Color ACCENT = new Color(0x2F, 0x6F, 0xDB);
    private static final Font TITLE = new Font("SansSerif", Font.BOLD, 12);
    private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 11);
    private static final Font TICK = new Font("SansSerif", Font.PLAIN, 10);

    private EvaluateCharts() {
    }

    /** ROC, precision–recall or predicted-against-actual, as {@link #showCurves} fills it. */
    static JFreeChart curves(XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart("ROC, one class vs rest", "false-positive rate", "true-positive rate",
                data, PlotOrientation.VERTICAL, true, true, false);
        return style(chart);
    }

    /** Fixed colours per class, so a class keeps its colour when the chart is refilled or switched. */
    private static final Color[] PALETTE = {
            new Color(0x2F, 0x6F, 0xDB), new Color(0xD9, 0x53, 0x4F), new Color(0x3C, 0xA5, 0x5C), new Color(0xE6, 0x9F, 0x00),
            new Color(0x8E, 0x5C, 0xC9), new Color(0x17, 0xA2, 0xB8), new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2),
            new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22)};

    static void showCurves(JFreeChart chart, XYSeriesCollection data, Map<String, List<Curves.Point>> curves,
                           EvaluateViewModel.CurveKind kind) {
        // one redraw for the whole change, not one per series, title and label (each redraws the whole chart)
        chart.setNotify(false);
        try {
            fillCurves(chart, data, curves, kind);
        } finally {
            chart.setNotify(true);
        }
    }

    private static void fillCurves(JFreeChart chart, XYSeriesCollection data, Map<String, List<Curves.Point>> curves,
                                   EvaluateViewModel.CurveKind kind) {
        data.removeAllSeries();
        boolean regression = curves.size() == 1 && curves.containsKey("rows");
        boolean pr = !regression && kind == EvaluateViewModel.CurveKind.PRECISION_RECALL;
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(!regression, regression);
        chart.setTitle(regression ? "Predicted against actual" : pr ? "Precision–recall, one class vs rest" : "ROC, one class vs rest");
        chart.getTitle().setFont(TITLE);
        plot.getDomainAxis().setLabel(regression ? "actual" : pr ? "recall" : "false-positive rate");
        plot.getRangeAxis().setLabel(regression ? "predicted" : pr ? "precision" : "true-positive rate");
        chart.getLegend().setVisible(!regression);
        int i = 0;
        for (Map.Entry<String, List<Curves.Point>> e : curves.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            e.getValue().forEach(p -> s.add(p.x(), p.y()));
            data.addSeries(s);
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new java.awt.BasicStroke(1.5f));
            i++;
        }
        if (regression) {
            // the points sit on this line when every prediction is right
            r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
            XYSeries points = data.getSeries(0);
            if (points.getItemCount() > 0) {
                double lo = Math.min(points.getMinX(), points.getMinY());
                double hi = Math.max(points.getMaxX(), points.getMaxY());
                XYSeries perfect = new XYSeries("perfect", false, true);
                perfect.add(lo, lo);
                perfect.add(hi, hi);
                data.addSeries(perfect);
                r.setSeriesLinesVisible(1, true);
                r.setSeriesShapesVisible(1, false);
                r.setSeriesPaint(1, Color.GRAY);
            }
        }
        plot.setRenderer(r);
    }

    /** Regression: how many rows have each residual (actual − predicted). */
    static JFreeChart residuals(XYIntervalSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYBarChart("Residuals (actual − predicted)", "residual", false, "rows", data,
                PlotOrientation.VERTICAL, false, true, false);
        style(chart);
        XYBarRenderer r = (XYBarRenderer) chart.getXYPlot().getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        r.setSeriesOutlinePaint(0, Color.WHITE);
        r.setSeriesPaint(0, ACCENT);
        return chart;
    }

    static void showResiduals(XYIntervalSeriesCollection data, List<EvaluateViewModel.HistogramBin> bins) {
        data.setNotify(false);
        try {
            fillResiduals(data, bins);
        } finally {
            data.setNotify(true);
        }
    }

    private static void fillResiduals(XYIntervalSeriesCollection data, List<EvaluateViewModel.HistogramBin> bins) {
        data.removeAllSeries();
        XYIntervalSeries s = new XYIntervalSeries("residuals");
        for (EvaluateViewModel.HistogramBin b : bins) {
            double mid = (b.from() + b.to()) / 2;
            s.add(mid, b.from(), b.to(), b.count(), b.count(), b.count());
        }
        data.addSeries(s);
    }

    /** One row's class probabilities, a horizontal bar per class. */
    static JFreeChart probabilities(DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createBarChart("Class probabilities", "", "probability", data,
                PlotOrientation.HORIZONTAL, false, true, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRangeAxis().setRange(0, 1);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, ACCENT);
        return chart;
    }

    static void showProbabilities(DefaultCategoryDataset data, List<TryViewModel.ClassProbability> probabilities) {
        data.setNotify(false);
        try {
            data.clear();
            probabilities.forEach(p -> data.addValue(p.probability(), "p", p.label()));
        } finally {
            data.setNotify(true);
        }
    }

    static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(TICK);
        }
        java.util.List<org.jfree.chart.axis.Axis> axes = new java.util.ArrayList<>();
        if (chart.getPlot() instanceof XYPlot xy) {
            axes.add(xy.getDomainAxis());
            axes.add(xy.getRangeAxis());
            xy.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
            xy.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        } else if (chart.getPlot() instanceof CategoryPlot cat) {
            axes.add(cat.getDomainAxis());
            axes.add(cat.getRangeAxis());
            cat.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        }
        for (org.jfree.chart.axis.Axis a : axes) {
            a.setLabelFont(LABEL);
            a.setTickLabelFont(TICK);
        }
        return chart;
    }
}
