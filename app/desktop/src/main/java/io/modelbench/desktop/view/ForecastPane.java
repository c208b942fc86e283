package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.SeriesEvaluation;
import io.modelbench.engine.api.ForecastReport;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;

/**
 * The Evaluate page's forecasting part (issue 15), shown only for a run on a time series: the test figures, the naive
 * forecasts beside them, the verdict (a warning when the model does not beat the better naive forecast), and a
 * JFreeChart line chart of the actual and predicted values over the test span in time order.
 */
final class ForecastPane {

    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart = chart(data);

    private ForecastPane() {
    }

    /** Fills {@code box} (hidden unless the shown run forecasts) from {@code vm}; charts export like the page's others. */
    static void install(VBox box, SeriesEvaluation vm, FileDialogs dialogs, java.util.function.BiConsumer<java.nio.file.Path,
            java.util.function.Supplier<byte[]>> save) {
        ForecastPane pane = new ForecastPane();
        Label figures = new Label();
        figures.setId("forecastFigures");
        figures.textProperty().bind(vm.figuresProperty());
        Label baselines = new Label();
        baselines.setId("forecastBaselines");
        baselines.setWrapText(true);
        baselines.getStyleClass().add("muted");
        baselines.textProperty().bind(vm.baselinesProperty());
        Label verdict = new Label();
        verdict.setId("forecastVerdict");
        verdict.setWrapText(true);
        verdict.setMaxWidth(Double.MAX_VALUE);
        verdict.textProperty().bind(vm.verdictProperty());
        vm.usefulProperty().addListener((o, a, useful) -> verdict.getStyleClass().setAll(useful ? "muted" : "warning-banner"));
        verdict.getStyleClass().setAll(vm.usefulProperty().get() ? "muted" : "warning-banner");
        ChartViewer viewer = new ChartViewer(pane.chart);
        viewer.setId("forecastChart");
        viewer.setPrefHeight(220);
        viewer.setMinHeight(160);
        ChartExport.install(viewer, "forecast", dialogs, save);
        box.getChildren().setAll(figures, baselines, verdict, viewer);
        box.visibleProperty().bind(vm.forecastingProperty());
        box.managedProperty().bind(box.visibleProperty());
        vm.getTestPoints().addListener((ListChangeListener<ForecastReport.Point>) c -> pane.show(vm.getTestPoints()));
        pane.show(vm.getTestPoints());
    }

    static JFreeChart chart(XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart("Actual and predicted over the test span", "time step", "value",
                data, PlotOrientation.VERTICAL, true, true, false);
        EvaluateCharts.style(chart);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, Color.DARK_GRAY);
        r.setSeriesPaint(1, EvaluateCharts.ACCENT);
        r.setSeriesStroke(0, new BasicStroke(1.5f));
        r.setSeriesStroke(1, new BasicStroke(1.5f));
        chart.getXYPlot().setRenderer(r);
        return chart;
    }

    /** The steps in time order: x is the step's place in the test span, the axis names the first and last time. */
    static void fill(JFreeChart chart, XYSeriesCollection data, List<ForecastReport.Point> points) {
        chart.setNotify(false);
        try {
            data.removeAllSeries();
            XYSeries actual = new XYSeries("actual", false, true);
            XYSeries predicted = new XYSeries("predicted", false, true);
            for (int i = 0; i < points.size(); i++) {
                actual.add(i, points.get(i).actual());
                predicted.add(i, points.get(i).predicted());
            }
            data.addSeries(actual);
            data.addSeries(predicted);
            chart.getXYPlot().getDomainAxis().setLabel(points.isEmpty() ? "time step"
                    : "time step of the test span (" + points.get(0).time() + " to " + points.get(points.size() - 1).time() + ")");
        } finally {
            chart.setNotify(true);
        }
    }

    private void show(List<ForecastReport.Point> points) {
        fill(chart, data, List.copyOf(points));
    }
}
