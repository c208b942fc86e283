package io.modelbench.engine.data;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A long table of sequences becomes one row per sequence, its steps ordered by the time column (dates or numbers) and
 * laid out channel by channel, oldest step first, as the network's [channels, steps] reshape reads them; the schema keeps
 * every input, even a constant one, and classifies the label.
 */
class SequenceTableTest {

    private static Table table(String... rows) {
        List<String[]> r = new ArrayList<>();
        long[] lines = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            r.add(rows[i].split(",", -1));
            lines[i] = i + 2;
        }
        return new Table("seq.csv", List.of("id", "t", "a", "b", "label"), r, lines, "abc");
    }

    @Test
    void eachSequenceBecomesOneRowChannelByChannelInTimeOrder() {
        Table t = table("s1,2020-01-02,2,20,up", "s1,2020-01-01,1,10,up", "s1,2020-01-03,3,30,up",
                "s2,2020-01-01,4,0,down", "s2,2020-01-02,5,0,down", "s2,2020-01-03,6,0,",
                "s3,2020-01-01,1,1,up", "s3,2020-01-02,1,2,up", "s3,2020-01-03,1,3,up",
                "s4,2020-01-01,7,0,down", "s4,2020-01-02,8,0,down", "s4,2020-01-03,9,0,down");
        SequenceTable.Sequences s = SequenceTable.read(t, "id", "t", "label", List.of());
        assertThat(s.channels()).containsExactly("a", "b");
        assertThat(s.steps()).isEqualTo(3);
        assertThat(s.wide().columns()).containsExactly("id", "label", "a@1", "a@2", "a@3", "b@1", "b@2", "b@3");
        assertThat(s.wide().row(0)).containsExactly("s1", "up", "1", "2", "3", "10", "20", "30");
        assertThat(s.wide().row(1)).containsExactly("s2", "down", "4", "5", "6", "0", "0", "0");
        assertThat(s.wide().line(1)).isEqualTo(5);
        assertThat(s.keys().columns()).containsExactly("id", "label");
        assertThat(s.wide().sha256()).isEqualTo("abc");

        // the schema keeps b although it is constant in s2 (and would be in any table): the layout needs every input
        TableDataset d = TableDataset.sequences(t, "id", "t", "label", List.of());
        DataSchema schema = d.withSchema("label", null, List.of(), PreparationSettings.defaults()).schema();
        assertThat(schema.task()).isEqualTo(TaskType.CLASSIFICATION);
        assertThat(schema.featureColumns()).containsExactly("a@1", "a@2", "a@3", "b@1", "b@2", "b@3");
        assertThat(schema.labels()).containsExactly("down", "up");
        assertThat(schema.ignoredColumns()).containsEntry("id", "sequence id");
        assertThat(d.sequence().steps()).isEqualTo(3);
    }

    @Test
    void withoutATimeColumnTheFilesOrderIsTheOrderAndIgnoredColumnsAreNotRead() {
        Table t = table("s1,9,2,20,up", "s1,8,1,10,up", "s2,7,4,0,down", "s2,6,5,0,down");
        SequenceTable.Sequences s = SequenceTable.read(t, "id", null, "label", List.of("t", "b"));
        assertThat(s.channels()).containsExactly("a");
        assertThat(s.wide().row(0)).containsExactly("s1", "up", "2", "1");
        SequenceTable.Sequences byTime = SequenceTable.read(t, "id", "t", "label", List.of("b"));
        assertThat(byTime.wide().row(0)).containsExactly("s1", "up", "1", "2");   // numbers: 8 before 9
    }

    @Test
    void sequencesOfDifferentLengthsArePaddedAtTheEndWithTheirLengthsAndMaskedOnceEncoded() {
        SequenceTable.Sequences s = SequenceTable.read(table("s1,1,1,10,up", "s1,2,2,20,up", "s1,3,3,30,up", "s2,1,4,40,down"),
                "id", "t", "label", List.of());
        assertThat(s.steps()).isEqualTo(3);
        assertThat(s.padded()).isTrue();
        assertThat(s.lengths()).containsExactly(3, 1);
        assertThat(s.summary()).isEqualTo(new io.modelbench.engine.api.ModelCard.Lengths(1, 2.0, 3));
        assertThat(s.wide().columns()).containsExactly("id", "label", "a@1", "a@2", "a@3", "b@1", "b@2", "b@3", SequenceTable.LENGTH);
        assertThat(s.wide().row(1)).containsExactly("s2", "down", "4", "", "", "40", "", "", "1");
        float[][] x = {{1, 2, 3, 10, 20, 30}, {4, 0, 0, 40, 0, 0}};
        SequenceTable.markPadding(s.wide(), x, 2, 3);
        assertThat(x[1]).containsExactly(4, Float.NaN, Float.NaN, 40, Float.NaN, Float.NaN);
        SequenceTable.Masked m = SequenceTable.mask(x, 2, 3);
        assertThat(m.mask()).isDeepEqualTo(new float[][] {{1, 1, 1}, {1, 0, 0}});
        assertThat(m.x()[1]).containsExactly(4, 0, 0, 40, 0, 0);
        assertThat(x[1][1]).isNaN();   // the rows given are left as they are
        assertThat(SequenceTable.mask(new float[][] {{1, 2}}, 1, 2).mask()).isNull();
    }

    @Test
    void aSequenceLongerThanThePaddingCapIsRefusedNamingItAndItsLength() {
        List<String> rows = new ArrayList<>(List.of("short,1,1,1,up"));
        for (int k = 0; k <= SequenceTable.MAX_STEPS; k++) {
            rows.add("long," + k + ",1,1,down");
        }
        assertThatThrownBy(() -> SequenceTable.read(table(rows.toArray(new String[0])), "id", "t", "label", List.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("line 3, column 'id'")
                .hasMessageContaining("sequence 'long' has 1001 steps; sequences of different lengths are padded up to 1000 steps");
    }

    @Test
    void badSequencesAreRefusedNamingTheLineAndTheSequence() {
        assertThatThrownBy(() -> SequenceTable.read(table("s1,1,1,1,up", "s1,2,x,1,up"), "id", "t", "label", List.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("line 3, column 'a': 'x' is not a number");
        assertThatThrownBy(() -> SequenceTable.read(table("s1,1,1,1,up", ",2,1,1,up"), "id", "t", "label", List.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("line 3, column 'id'");
        assertThatThrownBy(() -> TableDataset.sequences(table("s1,1,1,1,up", "s1,2,1,1,up", "s2,1,1,1,down", "s2,2,1,1,down"), "id", "t",
                "label", List.of()).withSchema("label", TaskType.REGRESSION, List.of(), PreparationSettings.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("classified");
    }
}
