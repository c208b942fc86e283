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

    @Test
    void textInANumericColumnNamesFileLineAndColumn() throws IOException {
        Table t = parse("x1,x2,y\n1,2,a\n3,4,b\n5,abc,a\n7,8,b\n");
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "y", null, List.of()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.csv, line 4, column 'x2': 'abc' is not a number.");
        // ignoring the column makes the same table usable
        assertThat(TableEncoder.inferSchema(t, "y", null, List.of("x2")).featureColumns()).containsExactly("x1");
    }

    @Test
    void missingValuesTargetsAndColumnsAreExplained() throws IOException {
        Table t = parse("x,y\n1,a\n,b\n3,a\n4,b\n");
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "y", null, List.of()))
                .hasMessageContaining("line 3, column 'x': the feature value is missing");
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "label", null, List.of()))
                .hasMessageContaining("column 'label': there is no such column").hasMessageContaining("x, y");
        Table one = parse("x,y\n1,a\n2,a\n3,a\n");
        assertThatThrownBy(() -> TableEncoder.inferSchema(one, "y", null, List.of())).hasMessageContaining("only one class");
        Table ids = parse("x,y\n1,a\n2,b\n3,c\n4,d\n");
        assertThatThrownBy(() -> TableEncoder.inferSchema(ids, "y", null, List.of())).hasMessageContaining("4 classes for 4 rows");
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
