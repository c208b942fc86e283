package io.modelbench.serve;

import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.io.ModelFiles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DriftTest {

    static Table rows(String... sepalLengthAndSite) {
        List<String> cols = List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "site");
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < sepalLengthAndSite.length; i += 2) {
            rows.add(new String[] {sepalLengthAndSite[i], "3", "1.4", "0.2", sepalLengthAndSite[i + 1]});
        }
        long[] lines = new long[rows.size()];
        return new Table("t", cols, rows, lines, null);
    }

    @Test
    void theCardRecordsTheTrainingRangeAndDriftCountsOutOfRangeUnseenAndMissingShares() {
        ModelCard card = ModelFiles.load(TestModels.iris()).card();
        EncodedColumn sepal = card.encoding().get(0);
        assertThat(sepal.column()).isEqualTo("sepal_length_cm");
        assertThat(sepal.min()).isBetween(4.0, 5.0);
        assertThat(sepal.max()).isBetween(7.0, 8.0);
        Drift d = new Drift(card);
        d.count(rows("5.0", "north", "99", "mars", "", "", "3.0", "south"));
        ColumnDrift length = d.snapshot().get(0);
        assertThat(length.values()).isEqualTo(4);
        assertThat(length.outOfRange()).isEqualTo(0.5);
        assertThat(length.missing()).isEqualTo(0.25);
        assertThat(length.unseenCategory()).isNaN();
        ColumnDrift site = d.snapshot().get(4);
        assertThat(site.unseenCategory()).isEqualTo(0.25);
        assertThat(site.missing()).isEqualTo(0.25);
        assertThat(site.outOfRange()).isNaN();
    }

    @Test
    void aCardWrittenBeforeTheRangeWasRecordedReportsOnlyUnseenCategoriesAndMissingValues() {
        ModelCard c = ModelFiles.load(TestModels.iris()).card();
        List<EncodedColumn> old = c.encoding().stream().map(e -> new EncodedColumn(e.column(), e.kind(), e.inputs(), e.fill(),
                e.fillCategory(), e.categories(), e.missing())).toList();
        ModelCard card = new ModelCard(c.format(), c.createdAt(), c.task(), c.inputColumns(), c.targetColumn(), c.labelNames(),
                c.preprocessing(), c.dataset(), c.training(), c.testMetrics(), c.versions(), old, c.modelInputs(), c.ignoredColumns(), c.image());
        Drift d = new Drift(card);
        d.count(rows("99", "mars", "", "north"));
        assertThat(d.snapshot().get(0).outOfRange()).isNaN();
        assertThat(d.snapshot().get(0).missing()).isEqualTo(0.5);
        assertThat(d.snapshot().get(4).unseenCategory()).isEqualTo(0.5);
    }
}
