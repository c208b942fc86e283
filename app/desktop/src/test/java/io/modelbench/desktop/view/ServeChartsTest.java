package io.modelbench.desktop.view;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Serve page's charts start their axes at zero: an idle server shows no negative seconds, rates or latencies. */
class ServeChartsTest {

    @Test
    void anIdleServersChartsStartAtZeroAndGrowWithTheirPoints() {
        XYSeries rate = new XYSeries("requests/s", false, true);
        JFreeChart chart = ServeCharts.chart("Requests per second", "seconds", "requests/s", new XYSeriesCollection(rate));
        ValueAxis x = chart.getXYPlot().getDomainAxis();
        ValueAxis y = chart.getXYPlot().getRangeAxis();

        rate.add(0.5, 0.0);   // the first poll of an idle server
        rate.add(1.0, 0.0);
        assertThat(y.getLowerBound()).isZero();
        assertThat(y.getUpperBound()).isGreaterThanOrEqualTo(5);
        assertThat(x.getLowerBound()).isZero();
        assertThat(x.getUpperBound()).isGreaterThanOrEqualTo(10);

        rate.add(30.0, 120.0);
        assertThat(y.getLowerBound()).isZero();
        assertThat(y.getUpperBound()).isGreaterThanOrEqualTo(120);
        assertThat(x.getUpperBound()).isGreaterThanOrEqualTo(30);
    }
}
