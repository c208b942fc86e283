package io.modelbench.desktop.view;

import io.modelbench.engine.api.ForecastReport;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Evaluate page's forecast chart (AWT only, so headless): actual and predicted over the test span, in time order. */
class ForecastChartTest {

    @Test
    void theChartDrawsActualAndPredictedInTimeOrderAndNamesTheSpan() {
        XYSeriesCollection data = new XYSeriesCollection();
        JFreeChart chart = ForecastPane.chart(data);
        ForecastPane.fill(chart, data, List.of(
                new ForecastReport.Point("", "1990", 10, 12, 9, 8, "test"),
                new ForecastReport.Point("", "1991", 20, 18, 10, 11, "test"),
                new ForecastReport.Point("", "1992", 30, 29, 20, 21, "test")));
        assertThat(data.getSeriesCount()).isEqualTo(2);
        assertThat(data.getSeries(0).getKey()).isEqualTo("actual");
        assertThat(data.getSeries(1).getY(1).doubleValue()).isEqualTo(18);
        assertThat(data.getSeries(0).getY(2).doubleValue()).isEqualTo(30);
        assertThat(chart.getXYPlot().getDomainAxis().getLabel()).contains("1990 to 1992");
        ForecastPane.fill(chart, data, List.of());
        assertThat(data.getSeries(0).getItemCount()).isZero();
    }
}
