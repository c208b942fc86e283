package io.modelbench.engine.data;

import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.TaskType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableEncoderTest {

    private static Table parse(String text) throws IOException {
        return CsvTables.read("t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void infersTheTaskFromTheTarget() {
        DataSchema iris = TableEncoder.inferSchema(Samples.open(Samples.find("iris")), "species", null, List.of());
        assertThat(iris.task()).isEqualTo(TaskType.CLASSIFICATION);
        assertThat(iris.labels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(iris.featureColumns()).hasSize(4);
        DataSchema diabetes = TableEncoder.inferSchema(Samples.open(Samples.find("diabetes")), "progression", null, List.of());
        assertThat(diabetes.task()).isEqualTo(TaskType.REGRESSION);
        DataSchema digits = TableEncoder.inferSchema(Samples.open(Samples.find("digits")), "digit", null, List.of());
        assertThat(digits.task()).isEqualTo(TaskType.CLASSIFICATION);
        assertThat(digits.labels()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    /** 40 rows: x1 numeric, x2 numeric but for one bad cell at the given line, y two classes. */
    private static String numericTable(int badLine, String bad) {
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int r = 0; r < 40; r++) {
            int line = r + 2;
            sb.append(r).append('.').append(r % 7).append(',')
                    .append(line == badLine ? bad : String.valueOf(r * 0.5)).append(',').append(r % 2 == 0 ? "a" : "b").append('\n');
        }
        return sb.toString();
    }

    @Test
    void aStrayWordInANumericColumnNamesFileLineAndColumn() throws IOException {
        Table t = parse(numericTable(12, "abc"));
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "y", null, List.of()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.csv, line 12, column 'x2': 'abc' is not a number.");
        // ignoring the column makes the same table usable
        assertThat(TableEncoder.inferSchema(t, "y", null, List.of("x2")).featureColumns()).containsExactly("x1");
        // and an empty cell is simply missing
        assertThat(TableEncoder.inferSchema(parse(numericTable(12, "")), "y", null, List.of()).featureColumns())
                .containsExactly("x1", "x2");
    }

    @Test
    void targetsAndColumnsAreExplained() throws IOException {
        Table t = parse("x,y\n1,a\n2,b\n3,a\n4,b\n");
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "label", null, List.of()))
                .hasMessageContaining("column 'label': there is no such column").hasMessageContaining("x, y");
        Table one = parse("x,y\n1,a\n2,a\n3,a\n");
        assertThatThrownBy(() -> TableEncoder.inferSchema(one, "y", null, List.of())).hasMessageContaining("only one class");
        Table ids = parse("x,y\n1,a\n2,b\n3,c\n4,d\n");
        assertThatThrownBy(() -> TableEncoder.inferSchema(ids, "y", null, List.of())).hasMessageContaining("4 classes for 4 rows");
        Table onlyText = parse("note,y\n" + "x,a\n".repeat(0) + java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> "free words number " + i + "," + (i % 2 == 0 ? "a" : "b") + "\n").reduce("", String::concat));
        assertThatThrownBy(() -> TableEncoder.inferSchema(onlyText, "y", null, List.of()))
                .hasMessageContaining("no usable input columns").hasMessageContaining("note: identifier");
    }

    @Test
    void splitIsStratifiedAndReproducible() {
        Table iris = Samples.open(Samples.find("iris"));
        DataSchema s = TableEncoder.inferSchema(iris, "species", null, List.of());
        int[] classes = TableEncoder.classIndices(iris, s);
        DataSplit a = DataSplit.of(150, classes, SplitSettings.defaults(7));
        DataSplit b = DataSplit.of(150, classes, SplitSettings.defaults(7));
        DataSplit c = DataSplit.of(150, classes, SplitSettings.defaults(8));
        assertThat(a.test()).containsExactly(b.test());
        assertThat(a.test()).isNotEqualTo(c.test());
        assertThat(a.test()).hasSize(30);
        assertThat(a.validation()).hasSize(15);
        assertThat(a.train()).hasSize(105);
        int[] perClass = new int[3];
        for (int i : a.test()) {
            perClass[classes[i]]++;
        }
        assertThat(perClass).containsExactly(10, 10, 10);
        Set<Integer> all = new HashSet<>();
        Arrays.stream(a.train()).forEach(all::add);
        Arrays.stream(a.validation()).forEach(all::add);
        Arrays.stream(a.test()).forEach(all::add);
        assertThat(all).hasSize(150);
    }
}
