package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18, item 3: a huge cell does not become a class or category; too many categories are refused with the column. */
class CategoryLimitsTest {

    private static Table table(String csv) throws IOException {
        return CsvTables.read("cells.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    private static String rows(int n, java.util.function.IntFunction<String> row) {
        StringBuilder sb = new StringBuilder("x,kind,label\n");
        for (int i = 0; i < n; i++) {
            sb.append(row.apply(i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aHugeCellInTheTargetOrACategoryIsRefusedNamingItsLineAndColumn() throws IOException {
        String huge = "z".repeat(CategoryLimits.MAX_LENGTH + 1);
        Table target = table(rows(40, i -> (i % 7) + "," + (i % 3) + "," + (i == 7 ? huge : i % 2 == 0 ? "a" : "b")));
        assertThatThrownBy(() -> TableEncoder.inferSchema(target, "label", null, List.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("line 9").hasMessageContaining("'label'").hasMessageContaining("a class label of 1,001 characters");

        Table input = table(rows(40, i -> (i % 7) + "," + (i == 5 ? huge : "k" + i % 3) + "," + (i % 2 == 0 ? "a" : "b")));
        assertThatThrownBy(() -> TableEncoder.inferSchema(input, "label", null, List.of()))
                .hasMessageContaining("line 7").hasMessageContaining("'kind'").hasMessageContaining("a category of 1,001 characters");
        assertThat(TableEncoder.inferSchema(input, "label", null, List.of("kind")).featureColumns()).containsExactly("x");
    }

    @Test
    void aCategoricalInputWithTooManyCategoriesIsRefusedNamingIt() throws IOException {
        int n = 3 * CategoryLimits.MAX_CATEGORIES;
        Table t = table(rows(n, i -> i + ",c" + (i % (CategoryLimits.MAX_CATEGORIES + 1)) + "," + (i % 2 == 0 ? "a" : "b")));
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "label", null, List.of()))
                .hasMessageContaining("'kind'").hasMessageContaining("more than 5,000 categories").hasMessageContaining("text");
    }
}
