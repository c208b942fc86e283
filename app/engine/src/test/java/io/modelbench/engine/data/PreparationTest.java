package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.TaskType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Column types, roles by default, missing values and one-hot encoding, on a small messy table. */
class PreparationTest {

    /**
     * 30 rows: id (1..30), age (numeric, 3 missing), city (categorical, 1 missing), member (yes/no),
     * comment (all different sentences), empty (all missing), const (always 7), bought (target, yes/no).
     */
    static Table messy() throws IOException {
        StringBuilder sb = new StringBuilder("id,age,city,member,comment,empty,const,bought\n");
        String[] cities = {"Lyon", "Oslo", "Kyiv"};
        for (int i = 1; i <= 30; i++) {
            String age = i % 10 == 3 ? "NA" : String.valueOf(20 + i * 1.5);
            String city = i == 5 ? "" : cities[i % 3];
            sb.append(i).append(',').append(age).append(',').append(city).append(',')
                    .append(i % 4 == 0 ? "yes" : "no").append(",\"said thing number ").append(i).append(", really\",")
                    .append("?,7,").append(i % 2 == 0 ? "yes" : "no").append('\n');
        }
        return CsvTables.read("messy.csv", new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void typesAreInferredWithReasons() throws IOException {
        Map<String, ColumnProfile> p = new java.util.HashMap<>();
        TableProfiler.profile(messy()).forEach(c -> p.put(c.name(), c));
        assertThat(p.get("id").type()).isEqualTo(ColumnType.TEXT);
        assertThat(p.get("id").note()).isEqualTo("identifier");
        assertThat(p.get("age").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(p.get("age").missing()).isEqualTo(3);
        assertThat(p.get("age").min()).isEqualTo(21.5);
        assertThat(p.get("age").histogram()).hasSize(20);
        assertThat(java.util.Arrays.stream(p.get("age").histogram()).sum()).isEqualTo(27);
        assertThat(p.get("city").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(p.get("city").distinct()).isEqualTo(3);
        assertThat(p.get("city").missing()).isEqualTo(1);
        assertThat(p.get("member").type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(p.get("comment").type()).isEqualTo(ColumnType.TEXT);
        assertThat(p.get("empty").note()).isEqualTo("all values missing");
        assertThat(p.get("const").note()).isEqualTo("constant");
        assertThat(p.get("bought").type()).isEqualTo(ColumnType.BOOLEAN);
    }

    @Test
    void identifiersTextEmptyAndConstantColumnsAreLeftOutWithTheirReason() throws IOException {
        DataSchema s = TableEncoder.inferSchema(messy(), "bought", null, List.of());
        assertThat(s.task()).isEqualTo(TaskType.CLASSIFICATION);
        assertThat(s.labels()).containsExactly("no", "yes");
        assertThat(s.featureColumns()).containsExactly("age", "city", "member");
        assertThat(s.featureTypes()).containsExactly(ColumnType.NUMERIC, ColumnType.CATEGORICAL, ColumnType.BOOLEAN);
        assertThat(s.ignoredColumns()).containsEntry("id", "identifier").containsEntry("comment", "identifier")
                .containsEntry("empty", "all values missing").containsEntry("const", "constant");
        // a type the user sets brings a column back
        DataSchema withConst = TableEncoder.inferSchema(messy(), "bought", null, List.of(),
                PreparationSettings.defaults().withTypes(Map.of("const", ColumnType.INTEGER)));
        assertThat(withConst.featureColumns()).contains("const");
    }

    @Test
    void encodingFillsMissingValuesFromTheTrainingRowsAndOneHotsCategories() throws IOException {
        Table t = messy();
        DataSchema s = TableEncoder.inferSchema(t, "bought", null, List.of());
        int[] train = java.util.stream.IntStream.range(0, 20).toArray();
        FeatureEncoder enc = FeatureEncoder.fit(t, train, s, PreparationSettings.defaults());
        // categories by frequency in the training rows (Oslo 7, Kyiv 6, Lyon 6; ties by name)
        assertThat(enc.inputNames()).containsExactly("age", "city=Oslo", "city=Kyiv", "city=Lyon", "member");
        double meanAge = java.util.stream.IntStream.rangeClosed(1, 20).filter(i -> i % 10 != 3)
                .mapToDouble(i -> 20 + i * 1.5).average().orElseThrow();
        assertThat(enc.columns().get(0).fill()).isEqualTo(meanAge);
        float[][] x = enc.encode(t);
        assertThat(x[2][0]).isEqualTo((float) meanAge);            // row 3: age NA -> training mean
        assertThat(x[0]).containsExactly(21.5f, 1f, 0f, 0f, 0f);  // row 1: Oslo, member no
        assertThat(x[4][1]).isEqualTo(1f);                        // row 5: city missing -> most frequent (Oslo)
        assertThat(x[3][4]).isEqualTo(1f);                        // row 4: member yes

        FeatureEncoder median = FeatureEncoder.fit(t, train, s,
                PreparationSettings.defaults().withMissing(MissingStrategy.MEDIAN, null));
        assertThat(median.columns().get(0).fill()).isEqualTo((35.0 + 36.5) / 2); // ages of rows 10 and 11 of 18
        FeatureEncoder constant = FeatureEncoder.fit(t, train, s,
                PreparationSettings.defaults().withMissing(MissingStrategy.CONSTANT, "-1"));
        assertThat(constant.columns().get(0).fill()).isEqualTo(-1.0);
        assertThat(constant.inputNames()).contains("city=-1");
    }

    @Test
    void anUnseenCategoryEncodesAsZerosInsteadOfFailing() throws IOException {
        Table t = messy();
        DataSchema s = TableEncoder.inferSchema(t, "bought", null, List.of());
        FeatureEncoder enc = FeatureEncoder.fit(t, java.util.stream.IntStream.range(0, 30).toArray(), s, PreparationSettings.defaults());
        Table fresh = CsvTables.read("new.csv", new ByteArrayInputStream(
                "age,city,member\n30,Paris,yes\n".getBytes(StandardCharsets.UTF_8)));
        FeatureEncoder again = FeatureEncoder.of(enc.columns());
        float[][] x = again.encode(fresh);
        assertThat(x[0]).containsExactly(30f, 0f, 0f, 0f, 1f);
        assertThat(again.unseenCategories()).isEqualTo(1);
    }
}
