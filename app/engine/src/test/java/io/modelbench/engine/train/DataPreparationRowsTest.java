package io.modelbench.engine.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code DataPreparation.rows}, the training split's features: rows of equal width become one [rows, width] float
 * array in their order, written straight into native memory; ragged rows are refused as ND4J refuses them.
 */
class DataPreparationRowsTest {

    @Test
    void rowsBecomeOneArrayInTheirOrder() {
        float[][] x = new float[37][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new float[] {i, i + 0.5f, -i, 1000f * i};
        }
        INDArray a = DataPreparation.rows(x);
        assertThat(a.shape()).containsExactly(37, 4);
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(a.getFloat(i, j)).as("row %d, column %d", i, j).isEqualTo(x[i][j]);
            }
        }
        assertThat(DataPreparation.rows(new float[3][0]).shape()).containsExactly(3, 0);
    }

    @Test
    void raggedRowsAreRefused() {
        assertThatThrownBy(() -> DataPreparation.rows(new float[][] {{1, 2}, {3}})).isInstanceOf(RuntimeException.class);
    }
}
