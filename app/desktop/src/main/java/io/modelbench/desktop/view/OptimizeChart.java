package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.OptimizeViewModel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Optimize page's size-against-accuracy chart (RMSE for regression): one labelled point per model, the original
 * and each optimized one of this trained model. AWT only, like {@link EvaluateCharts}, so it is built the same headless.
 */
final class OptimizeChart {

    private OptimizeChart() {
    }

    static JFreeChart chart(XYSeriesCollection data) {
        JFreeChart chart = LiveCharts.chart("Size against test figure", "zip size (KB)", "test figure", data);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        // each model is its own series, named as the point is labelled
        r.setDefaultItemLabelGenerator((dataset, series, item) -> String.valueOf(dataset.getSeriesKey(series)));
        r.setDefaultItemLabelsVisible(true);
        chart.getXYPlot().setRenderer(r);
        chart.getLegend().setVisible(false);
        return chart;
    }

    static void show(JFreeChart chart, XYSeriesCollection data, List<OptimizeViewModel.Point> points) {
        chart.setNotify(false);
        try {
            data.removeAllSeries();
            Set<String> names = new HashSet<>();
            for (OptimizeViewModel.Point p : points) {
                String name = p.label();
                for (int k = 2; !names.add(name); k++) {
                    name = p.label() + " #" + k;
                }
                XYSeries s = new XYSeries(name, false, true);
                s.add(p.sizeKb(), p.figure());
                data.addSeries(s);
            }
            chart.getXYPlot().getRangeAxis().setLabel(points.isEmpty() ? "test figure" : "test " + points.get(0).figureName());
        } finally {
            chart.setNotify(true);
        }
    }
}
