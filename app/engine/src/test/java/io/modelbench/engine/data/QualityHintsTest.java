package io.modelbench.engine.data;

import io.modelbench.engine.TestTables;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QualityHintsTest {

    private static Table table(String... lines) {
        Table.Builder b = Table.builder("passengers.csv", List.of(lines[0].split(",", -1)));
        for (int i = 1; i < lines.length; i++) {
            b.addRow(i + 1, lines[i].split(",", -1));
        }
        return b.build("0");
    }

    @Test
    void aColumnThatRepeatsAnotherAMostlyEmptyOneAndZeroSizesAreNamedWithWhatToDo() {
        Table t = table("pclass,class_name,deck,house_size,fare",
                "1,First,C,120,71.3", "3,Third,,0,7.9", "3,Third,,85,8.1", "2,Second,,0,13", "1,First,,140,53.1", "3,Third,,60,7.2");
        List<QualityHints.Hint> hints = QualityHints.of(t);
        assertThat(hints).extracting(QualityHints.Hint::column).containsExactlyInAnyOrder("deck", "house_size", "class_name");
        assertThat(hints).filteredOn(h -> h.column().equals("class_name")).singleElement().satisfies(h -> {
            assertThat(h.problem()).contains("repeats 'pclass'");
            assertThat(h.action()).contains("--ignore class_name");
        });
        assertThat(hints).filteredOn(h -> h.column().equals("deck")).singleElement()
                .satisfies(h -> assertThat(h.problem()).startsWith("83 % of its cells are empty (5 of 6)"));
        assertThat(hints).filteredOn(h -> h.column().equals("house_size")).singleElement()
                .satisfies(h -> assertThat(h.problem()).startsWith("2 row(s) hold 0 or less"));
    }

    @Test
    void theBundledIrisGetsNoHints() {
        assertThat(QualityHints.of(TestTables.iris())).isEmpty();
    }
}
