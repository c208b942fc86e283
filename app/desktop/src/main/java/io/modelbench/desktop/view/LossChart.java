package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EpochPoint;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;

/**
 * Training and validation loss per epoch, drawn by JFreeChart. Follows the view model's list of points; a
 * batch of new points is added with one repaint. Past {@link #MAX_DRAWN} epochs it draws every k-th epoch (k doubling
 * as the run grows) and always the latest: a small table trains thousands of epochs a second with the dense trainer,
 * and redrawing 50,000 points per series kept the JavaFX thread busy for long enough that a Stop click landed ~15 s
 * late. The view model keeps every epoch; only the drawing thins them.
 */
public final class LossChart {

    /** The most epochs drawn per series before the chart draws every k-th one. */
    static final int MAX_DRAWN = 2_000;

    private final XYSeries training;
    private final XYSeries validation;
    private final XYSeriesCollection data = new XYSeriesCollection();
    private final ChartViewer viewer;
    private final ThrottledRedraw redraw;
    private final ObservableList<EpochPoint> points;
    private int stride = 1;
    private boolean tail;   // the last drawn point is the latest epoch off the stride: replaced by the next batch
    private int lastTailEpoch;

    public LossChart(ObservableList<EpochPoint> points, String title, String xLabel, String yLabel,
                     String trainingName, String validationName) {
        this.points = points;
        training = new XYSeries(trainingName, false, true);
        validation = new XYSeries(validationName, false, true);
        data.addSeries(training);
        data.addSeries(validation);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, true, false);
        chart.setBackgroundPaint(Color.WHITE);
        LiveCharts.wholeNumbersAlongX(chart);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, new Color(0x2F, 0x6F, 0xDB));
        r.setSeriesPaint(1, new Color(0xE0, 0x7A, 0x1F));
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(r);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        viewer = new ChartViewer(chart);
        viewer.setMinSize(120, 90);
        viewer.setId("lossChart");
        redraw = new ThrottledRedraw(chart, viewer, java.util.List.of(training, validation));
        points.addListener((ListChangeListener<EpochPoint>) change -> {
            boolean rebuild = false;
            java.util.List<EpochPoint> added = new java.util.ArrayList<>();
            while (change.next()) {
                if (change.wasRemoved()) {
                    rebuild = true;   // cleared, or epochs replaced by a resumed run
                } else if (change.wasAdded()) {
                    added.addAll(change.getAddedSubList());
                }
            }
            if (rebuild) {
                training.clear();
                validation.clear();
                stride = 1;
                tail = false;
                add(points);
            } else {
                add(added);
            }
            redraw.changed();
        });
        add(points);
        redraw.changed();
    }

    private void add(java.util.List<? extends EpochPoint> added) {
        if (added.isEmpty()) {
            return;
        }
        if (tail) {   // the previous latest epoch, drawn off the stride
            training.remove(training.getItemCount() - 1);
            if (validation.getItemCount() > 0 && validation.getX(validation.getItemCount() - 1).intValue() == lastTailEpoch) {
                validation.remove(validation.getItemCount() - 1);
            }
            tail = false;
        }
        if (points.size() > (long) MAX_DRAWN * stride) {
            while (points.size() > (long) MAX_DRAWN * stride) {
                stride *= 2;
            }
            training.clear();
            validation.clear();
            added = points;
        }
        for (EpochPoint p : added) {
            if (p.epoch() % stride == 0 || stride == 1) {
                draw(p);
            }
        }
        EpochPoint last = added.get(added.size() - 1);
        if (stride > 1 && last.epoch() % stride != 0) {
            draw(last);
            tail = true;
            lastTailEpoch = last.epoch();
        }
    }

    private void draw(EpochPoint p) {
        training.add(p.epoch(), p.trainingLoss());
        if (Double.isFinite(p.validationLoss())) {
            validation.add(p.epoch(), p.validationLoss());
        }
    }

    public ChartViewer node() {
        return viewer;
    }

    /** Redraws for data changes so far (for tests). */
    int redraws() {
        return redraw.redraws();
    }

    /** Points currently drawn (for tests). */
    public int trainingPointCount() {
        return training.getItemCount();
    }
}
