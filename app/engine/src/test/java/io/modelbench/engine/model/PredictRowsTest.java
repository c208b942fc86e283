package io.modelbench.engine.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast copy of a prediction's rows gives exactly what ND4J's toDoubleMatrix gives, for any layout. */
class PredictRowsTest {

    @Test
    void rowsEqualToDoubleMatrixForRowMajorColumnMajorAndViews() {
        Nd4j.getRandom().setSeed(7);
        INDArray c = Nd4j.rand(DataType.FLOAT, 1000, 3);
        INDArray f = c.dup('f');
        INDArray view = Nd4j.rand(DataType.FLOAT, 50, 9).get(NDArrayIndex.interval(5, 25), NDArrayIndex.interval(2, 6));
        INDArray one = Nd4j.rand(DataType.FLOAT, 1, 3);
        for (INDArray m : new INDArray[] {c, f, view, one, c.castTo(DataType.DOUBLE)}) {
            assertThat(TrainedModel.rows(m)).isDeepEqualTo(m.toDoubleMatrix());
        }
    }
}
