package io.modelbench.engine.train;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.EncodedData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass standardized splits equal what DataPreparation.dataSet + NormalizerStandardize.fit/preProcess give. */
class StandardizedSplitsTest {

    @Test
    void classificationSplitsAndStatisticsEqualTheNd4jPathIncludingAConstantColumn() {
        compare(TaskType.CLASSIFICATION);
    }

    @Test
    void regressionAlsoStandardizesTheTargetWithNd4jsOwnLabelStatistics() {
        compare(TaskType.REGRESSION);
    }

    private static void compare(TaskType task) {
        Random rnd = new Random(task.ordinal() + 3);
        int rows = 403;
        int w = 9;
        float[][] x = new float[rows][w];
        int[] classes = new int[rows];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                x[r][j] = j == 4 ? rnd.nextInt(2) : (float) (rnd.nextGaussian() * (j + 1) * 30 + 1000 * j);   // column 4 a 0/1 indicator
            }
            classes[r] = rnd.nextInt(3);
            y[r] = (float) (rnd.nextGaussian() * 50 + 200);
        }
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < w; j++) {
            columns.add("x" + j);
        }
        boolean cls = task == TaskType.CLASSIFICATION;
        DataSchema schema = new DataSchema(columns, "t", task, cls ? List.of("a", "b", "c") : List.of());
        EncodedData data = new EncodedData(schema, x, cls ? classes : null, cls ? null : y, "test", null);
        TrainingRequest request = new TrainingRequest("t", task, List.of(), new SplitSettings(0.2, 0.15, 5),
                new TrainingSettings(2, 16, 0.01, List.of(8), 5));
        PreparedData p = DataPreparation.of(data, request);
        int outputs = schema.outputCount();

        StandardizedSplits.Result fast = StandardizedSplits.of(p, outputs, !cls);
        assertThat(fast).isNotNull();
        DataSet train = DataPreparation.dataSet(p, p.split().train(), outputs);
        DataSet val = DataPreparation.dataSet(p, p.split().validation(), outputs);
        NormalizerStandardize nd4j = new NormalizerStandardize();
        nd4j.fitLabel(!cls);
        nd4j.fit(train);
        nd4j.preProcess(train);
        nd4j.preProcess(val);

        assertThat(fast.normalizer().isFitLabel()).isEqualTo(nd4j.isFitLabel());
        close("mean", fast.normalizer().getMean(), nd4j.getMean(), 1e-6);
        close("std", fast.normalizer().getStd(), nd4j.getStd(), 1e-6);
        // standardized values are ~N(0, 1); ND4J's float mean of values near 8,000 is off in its last bits (an ulp there is
        // ~5e-4, divided by a std of ~270): 1e-4 is a few such ulps, far below anything a network notices
        close("train features", fast.train().getFeatures(), train.getFeatures(), 1e-4);
        close("validation features", fast.validation().getFeatures(), val.getFeatures(), 1e-4);
        close("train labels", fast.train().getLabels(), train.getLabels(), 1e-6);
        close("validation labels", fast.validation().getLabels(), val.getLabels(), 1e-6);
        if (!cls) {
            close("label mean", fast.normalizer().getLabelMean(), nd4j.getLabelMean(), 1e-6);
            close("label std", fast.normalizer().getLabelStd(), nd4j.getLabelStd(), 1e-6);
        }
        for (float[] row : x) {
            row[4] = 0f;   // a category absent from the table: a constant column, ND4J's own path decides its scale
        }
        assertThat(StandardizedSplits.of(DataPreparation.of(data, request), outputs, !cls)).isNull();
    }

    private static void close(String what, INDArray a, INDArray b, double tol) {
        assertThat(a.shape()).as(what).isEqualTo(b.shape());
        float[] x = a.dup('c').data().asFloat();
        float[] e = b.dup('c').data().asFloat();
        for (int i = 0; i < x.length; i++) {
            assertThat((double) x[i]).as(what + " at " + i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(tol * Math.max(1, Math.abs(e[i]))));
        }
    }
}
