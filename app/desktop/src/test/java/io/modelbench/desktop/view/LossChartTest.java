package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EpochPoint;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A long run's loss chart draws at most ~MAX_DRAWN epochs per series, evenly spaced, and always the latest epoch. */
@ExtendWith(ApplicationExtension.class)
class LossChartTest {

    private final StackPane root = new StackPane();
    private final ObservableList<EpochPoint> points = FXCollections.observableArrayList();
    private LossChart chart;

    @Start
    void start(Stage stage) {
        chart = new LossChart(points, "t", "epoch", "loss", "training", "validation");
        root.getChildren().add(chart.node());
        stage.setScene(new Scene(root, 400, 300));
        stage.show();
    }

    @Test
    void fiftyThousandEpochsInBatchesDrawAtMostTheLimitEndingAtTheLatestEpoch(FxRobot robot) {
        int epoch = 0;
        for (int batch = 0; batch < 100; batch++) {
            List<EpochPoint> add = new ArrayList<>();
            for (int i = 0; i < 499 + batch % 3; i++) {   // batches that do not line up with any stride
                epoch++;
                add.add(new EpochPoint(epoch, 1.0 / epoch, 2.0 / epoch, 0.5));
            }
            robot.interact(() -> points.addAll(add));
            int last = epoch;
            XYDataset d = dataset();
            assertThat(chart.trainingPointCount()).as("after epoch %d", last).isLessThanOrEqualTo(LossChart.MAX_DRAWN + 1);
            assertThat(d.getX(0, d.getItemCount(0) - 1).intValue()).as("training ends at the latest epoch").isEqualTo(last);
            assertThat(d.getX(1, d.getItemCount(1) - 1).intValue()).as("validation ends at the latest epoch").isEqualTo(last);
            for (int k = 1; k < d.getItemCount(0); k++) {
                assertThat(d.getX(0, k).intValue()).as("epochs in order").isGreaterThan(d.getX(0, k - 1).intValue());
            }
        }
        assertThat(points).hasSize(epoch);
        assertThat(chart.trainingPointCount()).isGreaterThan(LossChart.MAX_DRAWN / 2);
        robot.interact(() -> points.setAll(List.of(new EpochPoint(1, 1, 1, 1), new EpochPoint(2, 0.5, 0.6, 1))));
        assertThat(chart.trainingPointCount()).as("a new run draws every epoch again").isEqualTo(2);
    }

    @Test
    void theEpochAxisTicksOnlyWholeEpochs() {
        var axis = (org.jfree.chart.axis.NumberAxis) ((org.jfree.chart.fx.ChartViewer) chart.node()).getChart().getXYPlot().getDomainAxis();
        // a 3-epoch run asks for ticks ~0.2 apart: the axis offers nothing finer than one epoch
        assertThat(axis.getStandardTickUnits().getCeilingTickUnit(0.2).getSize()).isEqualTo(1.0);
    }

    private XYDataset dataset() {
        return ((org.jfree.chart.fx.ChartViewer) chart.node()).getChart().getXYPlot().getDataset();
    }
}
