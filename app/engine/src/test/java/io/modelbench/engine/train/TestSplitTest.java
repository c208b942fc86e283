package io.modelbench.engine.train;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.app.RunResult;
import io.modelbench.engine.data.DataSplit;
import io.modelbench.engine.data.HeldOutTable;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 19's "use the rows the user gives": a test fraction of 0, and a separate test file as the test split. */
class TestSplitTest {

    private static Table iris() {
        return Samples.open(Samples.find("iris"));
    }

    @Test
    void aTestFractionOfZeroHoldsOutNoTestRowsAndTheRunReportsNoFiguresRatherThanInventingThem() {
        SplitSettings none = new SplitSettings(0, 0.1, 7);
        assertThat(none.hasTest()).isFalse();
        DataSplit split = DataSplit.of(150, null, none);
        assertThat(split.test()).isEmpty();
        assertThat(split.validation()).hasSize(15);
        assertThat(split.train()).hasSize(135);

        TrainingRequest r = new TrainingRequest("species", null, List.of(), none, TrainingSettings.defaults().withEpochs(3));
        TrainingOutcome out = new Trainer().train(Datasets.table(iris()), r, TrainingListener.NONE, new StopSignal(), null);
        assertThat(out.hasTest()).isFalse();
        assertThat(out.test()).isNull();
        assertThat(out.baseline()).isNull();
        assertThat(out.reference()).isNull();
        assertThat(out.testRows()).isEmpty();
        assertThat(out.model().card().dataset().testRows()).isZero();
        assertThat(out.model().card().testMetrics()).isNullOrEmpty();
        assertThat(RunResult.resultText(out)).isEqualTo("no test split");
    }

    @Test
    void heldOutRowsAreTheLastRowsAndTheFractionsDivideTheRestStratified() {
        int[] classes = IntStream.range(0, 130).map(i -> i % 2).toArray();
        DataSplit split = DataSplit.of(130, classes, new SplitSettings(0, 0.1, 3).withHeldOutRows(30));
        assertThat(split.test()).containsExactly(IntStream.range(100, 130).toArray());
        assertThat(split.validation()).hasSize(10);
        assertThat(Arrays.stream(split.validation()).filter(i -> classes[i] == 1).count()).isEqualTo(5);
        assertThat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())).sorted().toArray())
                .containsExactly(IntStream.range(0, 100).toArray());
        assertThatThrownBy(() -> new SplitSettings(0.2, 0.1, 3, 30)).isInstanceOf(InputException.class).hasMessageContaining("test fraction");
    }

    @Test
    void aSeparateTestFileIsAppendedInTheTrainingColumnsOrderKeepingItsLinesAndIsTheTestSplit() {
        Table all = iris();
        int[] first = IntStream.range(0, 120).toArray();
        Table train = all.select(first);
        List<String> reversed = new ArrayList<>(all.columns());
        java.util.Collections.reverse(reversed);
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[30];
        for (int r = 120; r < 150; r++) {
            String[] cells = all.row(r);
            List<String> c = new ArrayList<>(Arrays.asList(cells));
            java.util.Collections.reverse(c);
            rows.add(c.toArray(String[]::new));
            lines[r - 120] = r - 118;
        }
        Table test = new Table("test.csv", reversed, rows, lines, "abc");
        Table joined = HeldOutTable.append(train, test);
        assertThat(joined.rowCount()).isEqualTo(150);
        assertThat(joined.columns()).isEqualTo(all.columns());
        assertThat(joined.row(130)).containsExactly(all.row(130));
        assertThat(joined.line(120)).isEqualTo(2);

        TrainingRequest r = new TrainingRequest("species", null, List.of(), new SplitSettings(0, 0.1, 1).withHeldOutRows(30),
                TrainingSettings.defaults().withEpochs(3));
        TrainingOutcome out = new Trainer().train(Datasets.table(joined), r, TrainingListener.NONE, new StopSignal(), null);
        assertThat(out.test().rows()).isEqualTo(30);
        assertThat(out.reference().rows()).isEqualTo(30);
        assertThat(out.model().card().dataset().trainRows() + out.model().card().dataset().validationRows()).isEqualTo(120);
        assertThat(out.testRows()).extracting(row -> row.line()).containsExactlyInAnyOrder(
                java.util.stream.LongStream.rangeClosed(2, 31).boxed().toArray(Long[]::new));

        Table fewer = new Table("fewer.csv", List.of("species", "sepal_length_cm"), List.<String[]>of(new String[] {"setosa", "5"}),
                new long[] {2}, null);
        assertThatThrownBy(() -> HeldOutTable.append(train, fewer)).isInstanceOf(InputException.class)
                .hasMessageContaining("fewer.csv").hasMessageContaining("petal_width_cm");
    }
}
