package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EpochPoint;
import io.modelbench.desktop.viewmodel.LiveSeries;
import io.modelbench.desktop.viewmodel.TrainViewModel;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The Train page's other live charts: the per-iteration loss (raw, faint, and smoothed), the validation metric
 * per epoch, and the learning rate with the training speed per epoch. Each follows a view-model list and adds a
 * batch of points with one repaint.
 */
final class LiveCharts {

    private LiveCharts() {
    }

    static ChartViewer iterations(LiveSeries series) {
        XYSeries raw = new XYSeries("batch loss", false, true);
        XYSeries smooth = new XYSeries("smoothed", false, true);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(raw);
        data.addSeries(smooth);
        JFreeChart chart = chart("Loss per iteration", "iteration", "loss", data);
        wholeNumbersAlongX(chart);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setSeriesPaint(0, new Color(0x2F, 0x6F, 0xDB, 0x50));
        r.setSeriesPaint(1, new Color(0x2F, 0x6F, 0xDB));
        r.setSeriesStroke(1, new BasicStroke(2f));
        ChartViewer viewer = viewer(chart, "iterationChart");
        // LiveSeries bounds its own points (it merges neighbours past its limit): drawn as they are
        follow(series.getPoints(), null, new ThrottledRedraw(chart, viewer, List.of(raw, smooth)), raw, smooth, pts -> {
            for (LiveSeries.Point p : pts) {
                raw.add(p.iteration(), p.loss());
                smooth.add(p.iteration(), p.smoothed());
            }
        });
        return viewer;
    }

    static ChartViewer metric(ObservableList<EpochPoint> points, TrainViewModel vm) {
        XYSeries metric = new XYSeries("validation metric", false, true);
        XYSeriesCollection data = new XYSeriesCollection(metric);
        JFreeChart chart = chart("Validation accuracy or RMSE per epoch", "epoch", "", data);
        wholeNumbersAlongX(chart);
        chart.getXYPlot().getRenderer().setSeriesPaint(0, new Color(0x1F, 0x9D, 0x55));
        ChartViewer viewer = viewer(chart, "metricChart");
        follow(points, EpochPoint::epoch, new ThrottledRedraw(chart, viewer, List.of(metric)), metric, null, pts -> {
            for (EpochPoint p : pts) {
                if (Double.isFinite(p.validationMetric())) {
                    metric.add(p.epoch(), p.validationMetric());
                }
            }
        });
        vm.statusProperty().addListener((o, a, b) -> {
            String name = b != null && b.contains("RMSE") ? "validation RMSE" : "validation accuracy";
            if (!name.equals(metric.getKey())) {
                metric.setKey(name);
                chart.getXYPlot().getRangeAxis().setLabel(name.substring("validation ".length()));
            }
        });
        return viewer;
    }

    static ChartViewer rates(ObservableList<TrainViewModel.RatePoint> points) {
        XYSeries lr = new XYSeries("learning rate", false, true);
        XYSeries speed = new XYSeries("samples/s", false, true);
        JFreeChart chart = chart("Learning rate and speed per epoch", "epoch", "learning rate", new XYSeriesCollection(lr));
        wholeNumbersAlongX(chart);
        XYPlot plot = chart.getXYPlot();
        plot.getRenderer().setSeriesPaint(0, new Color(0x8E, 0x44, 0xAD));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true); // a fixed rate is a flat line, not 1E-2 ticks
        NumberAxis speedAxis = new NumberAxis("samples/s");
        plot.setRangeAxis(1, speedAxis);
        plot.setDataset(1, new XYSeriesCollection(speed));
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer r2 = new XYLineAndShapeRenderer(true, false);
        r2.setSeriesPaint(0, new Color(0x99, 0x99, 0x99));
        plot.setRenderer(1, r2);
        ChartViewer viewer = viewer(chart, "rateChart");
        ThrottledRedraw redraw = new ThrottledRedraw(chart, viewer, List.of(lr, speed));
        follow(points, TrainViewModel.RatePoint::epoch, redraw, lr, speed, pts -> {
            for (TrainViewModel.RatePoint p : pts) {
                lr.add(p.epoch(), p.learningRate());
                speed.add(p.epoch(), p.samplesPerSecond());
            }
        });
        return viewer;
    }

    /**
     * Whole numbers only on the chart's x axis (epochs, iterations): a 3-epoch run had ticks at 1.2, 1.4 … 2.8, as if
     * there were epochs between them.
     */
    static void wholeNumbersAlongX(JFreeChart chart) {
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }

    /** A white line chart with light grid lines, 2-px lines and no shapes (the Serve page's charts start from it too). */
    static JFreeChart chart(String title, String x, String y, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, true, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    /**
     * Redraws the series from the list: appended points are added; a replaced list (merged or re-smoothed) is redrawn.
     * With {@code epochOf} (a per-epoch list), past {@link LossChart#MAX_DRAWN} points only every k-th epoch is drawn
     * (k doubling as the run grows) and always the latest, as {@link LossChart} does: with the dense trainer a small
     * table trains thousands of epochs a second, and redrawing 100,000 points per series on every frame kept the JavaFX
     * thread so busy that a Pause click took 8 s and a Stop click landed after the run had ended (issue 17).
     */
    private static <T> void follow(ObservableList<T> list, ToIntFunction<T> epochOf, ThrottledRedraw redraw, XYSeries a, XYSeries b,
                                   Consumer<List<? extends T>> add) {
        Thinning<T> thin = new Thinning<>(list, epochOf, a, b, add);
        // the points so far (a page built while a run is under way), then every change
        thin.add(list);
        redraw.changed();
        list.addListener((ListChangeListener<T>) c -> {
            boolean rebuild = false;
            java.util.List<T> added = new java.util.ArrayList<>();
            while (c.next()) {
                if (c.wasRemoved()) {
                    rebuild = true;
                } else if (c.wasAdded()) {
                    added.addAll(c.getAddedSubList());
                }
            }
            if (rebuild) {
                thin.clear();
                thin.add(list);
            } else {
                thin.add(added);
            }
            redraw.changed();
        });
    }

    /** Which of a list's points a chart draws (see {@link #follow}); all of them without {@code epochOf}. */
    private static final class Thinning<T> {
        private final List<T> all;
        private final ToIntFunction<T> epochOf;
        private final XYSeries a;
        private final XYSeries b;
        private final Consumer<List<? extends T>> draw;
        private int stride = 1;
        private int tailEpoch = -1;   // >= 0: the last drawn point is this epoch, off the stride: replaced by the next batch

        Thinning(List<T> all, ToIntFunction<T> epochOf, XYSeries a, XYSeries b, Consumer<List<? extends T>> draw) {
            this.all = all;
            this.epochOf = epochOf;
            this.a = a;
            this.b = b;
            this.draw = draw;
        }

        void clear() {
            a.clear();
            if (b != null) {
                b.clear();
            }
            stride = 1;
            tailEpoch = -1;
        }

        void add(List<? extends T> added) {
            if (epochOf == null || added.isEmpty()) {
                draw.accept(added);
                return;
            }
            if (tailEpoch >= 0) {
                removeLastAt(a, tailEpoch);
                removeLastAt(b, tailEpoch);
                tailEpoch = -1;
            }
            List<? extends T> source = added;
            if (all.size() > (long) LossChart.MAX_DRAWN * stride) {
                while (all.size() > (long) LossChart.MAX_DRAWN * stride) {
                    stride *= 2;
                }
                a.clear();
                if (b != null) {
                    b.clear();
                }
                source = all;
            }
            List<T> kept = new java.util.ArrayList<>();
            for (T p : source) {
                if (stride == 1 || epochOf.applyAsInt(p) % stride == 0) {
                    kept.add(p);
                }
            }
            T last = source.get(source.size() - 1);
            if (stride > 1 && epochOf.applyAsInt(last) % stride != 0) {
                kept.add(last);
                tailEpoch = epochOf.applyAsInt(last);
            }
            draw.accept(kept);
        }

        private static void removeLastAt(XYSeries s, int epoch) {
            if (s != null && s.getItemCount() > 0 && s.getX(s.getItemCount() - 1).intValue() == epoch) {
                s.remove(s.getItemCount() - 1);
            }
        }
    }

    static ChartViewer viewer(JFreeChart chart, String id) {
        ChartViewer v = new ChartViewer(chart);
        v.setId(id);
        v.setMinSize(120, 90); // the grid shares the page's width; a chart's own preferred size must not widen it
        return v;
    }
}
