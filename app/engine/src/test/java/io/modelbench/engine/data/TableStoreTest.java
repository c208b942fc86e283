package io.modelbench.engine.data;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.api.EncodedColumn;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The column store gives back exactly what the String-cell table gave: every cell's text (compared with Commons
 * CSV's own record values), {@link Values}' reading of it, line numbers, selections, and the profiles, labels and
 * encodings computed from it (compared with the pre-store code in {@link ReferenceProfiler}).
 */
class TableStoreTest {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).build();

    private static Table read(String csv) throws IOException {
        return CsvTables.read("t.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    /** What the String-cell table held: Commons CSV's values per record, and the line each record starts on. */
    private record Reference(List<String[]> rows, List<Long> lines) {
    }

    private static Reference reference(String csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(new StringReader(csv), FORMAT)) {
            long start = 1;
            boolean header = true;
            for (CSVRecord rec : p) {
                if (!header) {
                    rows.add(rec.values());
                    lines.add(start);
                }
                header = false;
                start = p.getCurrentLineNumber() + 1;
            }
        }
        return new Reference(rows, lines);
    }

    private static void assertSameAsReference(Table t, Reference ref) {
        assertThat(t.rowCount()).isEqualTo(ref.rows().size());
        for (int r = 0; r < t.rowCount(); r++) {
            String[] expected = ref.rows().get(r);
            assertThat(t.row(r)).as("row %d", r).containsExactly(expected);
            assertThat(t.line(r)).as("line of row %d", r).isEqualTo(ref.lines().get(r));
            for (int c = 0; c < expected.length; c++) {
                assertCell(t, r, c, expected[c]);
            }
        }
    }

    private static void assertCell(Table t, int r, int c, String expected) {
        assertThat(t.value(r, c)).as("value(%d, %d)", r, c).isEqualTo(expected);
        Double n = expected == null ? null : Values.number(expected);
        double got = t.number(r, c);
        if (n == null) {
            assertThat(got).as("number(%d, %d) of '%s'", r, c, expected).isNaN();
        } else {
            assertThat(Double.doubleToRawLongBits(got)).as("number(%d, %d) of '%s'", r, c, expected)
                    .isEqualTo(Double.doubleToRawLongBits(n));
        }
        assertThat(t.isMissing(r, c)).as("isMissing(%d, %d) of '%s'", r, c, expected).isEqualTo(Values.isMissing(expected));
    }

    private static String csvCell(String v) {
        boolean quote = v.isEmpty() ? false : v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
                || v.indexOf('\r') >= 0 || v.charAt(0) <= ' ' || v.charAt(v.length() - 1) <= ' ';
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    private static String csv(List<String> header, List<String[]> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : ",").append(csvCell(row[c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- exact texts

    private static final String[] ODD = {
        "0", "-0", "0.0", "-0.0000", "0.10", "5.1", "5.10", "1", "1.0", "-1", "2", "10", "100.000", "0.000001",
        "123456789012345678", "1234567890123456789", "12345678901234567890", "9007199254740992", "9007199254740993",
        "900719925474099.3", "0.30000000000000004", "1e3", "1E-5", "+3", ".5", "5.", "007", "00", "-.5", "0x10",
        "Infinity", "-Infinity", "1f", "1d", "1,5", " 5 ", " 5", "5 ", "-", "--", "--1", "1-", "1.2.3",
        "", "NA", "na", " NA ", "n/a", "N/A", "?", "NaN", "nan", "null", "NULL", "None", "none",
        "yes", "No", "t", "F", "true", "FALSE", "red", "Red", " red", "a \"quoted\" word", "two\nlines", "x\r\ny",
        "semi;colon", "tab\there", "ünïcödé", "日本", "0.1234", "-0.1234", "3.14159265358979",
        "1.7976931348623157", "4.9", "1234.5678", "99999999999999999", "0.00000000000000000001"
    };

    @Test
    void everyKindOfCellReadsBackExactlyAsCommonsCsvGaveIt() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < ODD.length; i++) {
            rows.add(new String[] {ODD[i], ODD[(i * 7 + 3) % ODD.length], "k" + (i % 3), ODD[ODD.length - 1 - i]});
        }
        String text = csv(List.of("a", "b", "c", "d"), rows);
        Table t = read(text);
        assertSameAsReference(t, reference(text));
        // multi-line cells move later rows down: their lines are kept
        assertThat(t.line(t.rowCount() - 1)).isGreaterThan(t.rowCount() + 1);
    }

    @Test
    void randomDecimalsRoundTripExactly() throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String[] row = new String[4];
            // plain decimals of 1..19 digits with 0..digits decimals (the longer and the finer ones stay text)
            int digits = 1 + rnd.nextInt(19);
            long m = Math.abs(rnd.nextLong()) % (long) Math.pow(10, Math.min(18, digits));
            String s = new BigDecimal(java.math.BigInteger.valueOf(m).multiply(java.math.BigInteger.TEN.pow(Math.max(0, digits - 18))),
                    rnd.nextInt(digits + 1)).toPlainString();
            row[0] = rnd.nextBoolean() ? "-" + s : s;
            double x = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(-8, 12));
            row[1] = Double.toString(x);
            row[2] = String.format(java.util.Locale.ROOT, "%." + rnd.nextInt(0, 17) + "f", x);
            row[3] = Float.toString((float) x);
            rows.add(row);
        }
        String text = csv(List.of("plain", "java", "fixed", "float"), rows);
        assertSameAsReference(read(text), reference(text));
    }

    @Test
    void theConstructorKeepsNullCellsAsMissingAndChecksRowWidths() {
        Table t = new Table("form", List.of("x", "y"), List.of(new String[] {null, "1.50"}, new String[] {"", "a"}),
                new long[] {1, 7}, null);
        assertThat(t.value(0, 0)).isNull();
        assertThat(t.isMissing(0, 0)).isTrue();
        assertThat(t.number(0, 0)).isNaN();
        assertThat(t.value(0, 1)).isEqualTo("1.50");
        assertThat(t.number(0, 1)).isEqualTo(1.5);
        assertThat(t.line(0)).isEqualTo(1);
        assertThat(t.line(1)).isEqualTo(7);
        assertThat(t.row(1)).containsExactly("", "a");
        assertThatThrownBy(() -> new Table("f", List.of("x"), List.<String[]>of(new String[] {"1", "2"}), new long[] {2}, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Table("f", List.of("x"), List.<String[]>of(new String[] {"1"}), new long[0], null))
                .hasMessage("one line number per row");
        assertThatThrownBy(() -> t.value(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ---------------------------------------------------------------- select

    @Test
    void selectKeepsValuesAndLines() throws IOException {
        StringBuilder sb = new StringBuilder("n,word,mixed\n");
        for (int i = 0; i < 200_000; i++) {
            if (i % 50_000 == 7) {
                sb.append("\n"); // a blank line: later rows are one line further down
            }
            sb.append(i % 3 == 0 ? i + ".5" : String.valueOf(i)).append(',')
                    .append(i % 1000 == 1 ? "\"multi\nline\"" : "w" + (i % 5)).append(',')
                    .append(i % 4 == 0 ? "NA" : i % 4 == 1 ? "1.25" : i % 4 == 2 ? "1.250" : "x").append('\n');
        }
        Table t = read(sb.toString());
        SplittableRandom rnd = new SplittableRandom(3);
        int[] pick = rnd.ints(150_000, 0, t.rowCount()).toArray();
        Table s = t.select(pick);
        assertThat(s.rowCount()).isEqualTo(pick.length);
        assertThat(s.columns()).isEqualTo(t.columns());
        assertThat(s.source()).isEqualTo(t.source());
        assertThat(s.sha256()).isEqualTo(t.sha256());
        for (int i = 0; i < pick.length; i++) {
            assertThat(s.line(i)).isEqualTo(t.line(pick[i]));
            for (int c = 0; c < 3; c++) {
                assertCell(s, i, c, t.value(pick[i], c));
            }
        }
        int[] again = {5, 0, 5};
        Table ss = s.select(again);
        for (int i = 0; i < again.length; i++) {
            assertThat(ss.row(i)).containsExactly(t.row(pick[again[i]]));
            assertThat(ss.line(i)).isEqualTo(t.line(pick[again[i]]));
        }
        int[] all = new int[t.rowCount()];
        Arrays.setAll(all, i -> i);
        assertThat(t.select(all)).isSameAs(t);
        assertThat(t.select(new int[0]).rowCount()).isZero();
        Table firstTwo = read("a\n1\n2\n").select(new int[] {1, 0});
        assertThat(firstTwo.line(0)).isEqualTo(3);
        assertThat(firstTwo.line(1)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- representation

    @Test
    void numbersAreStoredAsNumbersAndRepeatedTextsOnce() throws IOException {
        StringBuilder sb = new StringBuilder("x,y,cat,note\n");
        for (int i = 0; i < 100_000; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "%.4f", i / 7.0)).append(',').append(i % 97).append(',')
                    .append(new String[] {"red", "green", "blue"}[i % 3]).append(',').append(i % 10 == 0 ? "NA" : "ok").append('\n');
        }
        Table t = read(sb.toString());
        for (int r = 0; r < t.rowCount(); r += 997) {
            assertThat(Column.isCode(t.column(0).bits(r))).as("x of row %d is a number", r).isFalse();
            assertThat(Column.isCode(t.column(1).bits(r))).isFalse();
            assertThat(Column.isCode(t.column(2).bits(r))).isTrue();
        }
        assertThat(t.column(0).dictionary().size()).isZero();
        assertThat(t.column(2).dictionary().size()).isEqualTo(3);
        assertThat(t.column(3).dictionary().size()).isEqualTo(2);
        // 8 bytes a cell, no per-cell decimals where a column's numbers all have the same (the bench file's case)
        assertThat(t.column(0).storedBytes()).isLessThan(8L * 100_000 + 1_000);
        assertThat(t.column(1).storedBytes()).isLessThan(8L * 100_000 + 1_000);
        assertThat(t.storedBytes()).isLessThan(4 * (8L * 100_000 + 1_000));
        // the String-cell table needed about 50 bytes a cell
        Table mixed = read("x\n1.5\n1.25\n2\n");
        assertThat(mixed.row(0)).containsExactly("1.5");
        assertThat(mixed.row(1)).containsExactly("1.25");
        assertThat(mixed.row(2)).containsExactly("2");
    }

    @Test
    void uniqueTextsStayReadable() throws IOException {
        StringBuilder sb = new StringBuilder("id,y\n");
        for (int i = 0; i < 90_000; i++) {
            sb.append("user-").append(i).append(',').append(i % 2).append('\n');
        }
        Table t = read(sb.toString()); // past 65,536 distinct texts they are no longer looked up, just kept
        assertThat(t.value(89_999, 0)).isEqualTo("user-89999");
        assertThat(t.value(70_000, 0)).isEqualTo("user-70000");
        assertThat(t.column(0).dictionary().size()).isEqualTo(90_000);
        assertThat(TableProfiler.profile(t).get(0).note()).isEqualTo("identifier");
    }

    // ---------------------------------------------------------------- what is computed from the cells

    private static String messyCell(SplittableRandom rnd, int column, int row) {
        return switch (column) {
            case 0 -> rnd.nextInt(100) < 97 ? String.format(java.util.Locale.ROOT, "%." + rnd.nextInt(4) + "f",
                    rnd.nextGaussian() * 10) : ODD[rnd.nextInt(ODD.length)];
            case 1 -> ODD[rnd.nextInt(ODD.length)];
            case 2 -> new String[] {"1", "0", " 1", "1.0", "0", "1"}[rnd.nextInt(6)];
            case 3 -> new String[] {"yes", "no", "Y", " n ", "NA", "true"}[rnd.nextInt(6)];
            case 4 -> String.valueOf(row + 1);
            case 5 -> rnd.nextInt(10) == 0 ? "" : String.valueOf(rnd.nextInt(5));
            case 6 -> new String[] {"5", " 5", "5 ", "5.0", "05", "six"}[rnd.nextInt(6)];
            case 7 -> rnd.nextInt(3) == 0 ? "w" + rnd.nextInt(1_000_000) : String.valueOf(rnd.nextInt(1_000_000) / 100.0);
            default -> throw new IllegalArgumentException();
        };
    }

    private static Table messy(int rows, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String[]> data = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            String[] row = new String[8];
            for (int c = 0; c < row.length; c++) {
                row[c] = messyCell(rnd, c, r);
            }
            data.add(row);
        }
        return read(csv(List.of("num", "odd", "flag01", "yesno", "id", "small", "fives", "wide"), data));
    }

    private static void assertSameProfile(ColumnProfile got, ColumnProfile want) {
        assertThat(got.name()).isEqualTo(want.name());
        String n = want.name();
        assertThat(got.type()).as(n).isEqualTo(want.type());
        assertThat(got.note()).as(n).isEqualTo(want.note());
        assertThat(got.missing()).as(n).isEqualTo(want.missing());
        assertThat(got.distinct()).as(n).isEqualTo(want.distinct());
        assertThat(got.min()).as(n).isEqualTo(want.min());
        assertThat(got.max()).as(n).isEqualTo(want.max());
        assertThat(got.mean()).as(n).isEqualTo(want.mean());
        assertThat(got.topValues()).as(n).isEqualTo(want.topValues());
        assertThat(got.histogram()).as(n).containsExactly(want.histogram());
    }

    @Test
    void profilesLabelsAndEncodingsAreAsBefore() throws IOException {
        for (int rows : new int[] {15, 30, 400}) {
            Table t = messy(rows, rows);
            List<ColumnProfile> want = ReferenceProfiler.profile(t);
            List<ColumnProfile> got = TableProfiler.profile(t);
            for (int c = 0; c < want.size(); c++) {
                assertSameProfile(got.get(c), want.get(c));
                assertThat(TableEncoder.labels(t, c)).as("labels of %s", t.columns().get(c))
                        .isEqualTo(ReferenceProfiler.labels(t, c));
            }
            Map<String, ColumnType> asText = Map.of("num", ColumnType.TEXT, "flag01", ColumnType.CATEGORICAL, "id", ColumnType.NUMERIC);
            List<ColumnProfile> wantOverridden = ReferenceProfiler.profile(t, asText);
            List<ColumnProfile> gotOverridden = TableProfiler.profile(t, asText);
            for (int c = 0; c < wantOverridden.size(); c++) {
                assertSameProfile(gotOverridden.get(c), wantOverridden.get(c));
            }
        }
    }

    @Test
    void cappedCountsAreAsBefore() throws IOException {
        // more distinct values than DISTINCT_CAP: which ones are counted depends on row order
        Table t = messy(TableProfiler.DISTINCT_CAP + 30_000, 5);
        List<ColumnProfile> want = ReferenceProfiler.profile(t);
        List<ColumnProfile> got = TableProfiler.profile(t);
        for (int c = 0; c < want.size(); c++) {
            assertSameProfile(got.get(c), want.get(c));
        }
        assertThat(got.get(7).distinct()).isEqualTo(TableProfiler.DISTINCT_CAP);
    }

    @Test
    void classIndicesAndBooleanEncodingAreAsBefore() throws IOException {
        Table t = read("x,flag,y\n1,1,2\n2,0,10\n3,yes,\" 2\"\n4,-0,2.0\n5,2.5,b\n6,\" 1 \",10\n7,1e0,2\n8,No,b\n");
        DataSchema s = new DataSchema(List.of("x"), List.of(ColumnType.INTEGER), "y", TaskType.CLASSIFICATION,
                List.of("2", "2.0", "10", "b"), Map.of());
        assertThat(TableEncoder.classIndices(t, s)).containsExactly(0, 2, 0, 1, 3, 2, 0, 3);
        FeatureEncoder bools = FeatureEncoder.of(List.of(
                new EncodedColumn("flag", "boolean", List.of("flag"), 0.0, null, List.of(), "mean")));
        float[][] x = bools.encode(t);
        float[] flags = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            flags[i] = x[i][0];
        }
        assertThat(flags).containsExactly(1, 0, 1, 0, 1, 1, 1, 0);
        Table bad = read("y\n1\n\" 1 \"\nnope\n");
        DataSchema one = new DataSchema(List.of("y"), List.of(ColumnType.INTEGER), "y", TaskType.CLASSIFICATION,
                List.of("1"), Map.of());
        assertThatThrownBy(() -> TableEncoder.classIndices(bad, one)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.csv, line 4, column 'y': 'nope' is not one of the model's classes.");
    }

    @Test
    void errorMessagesQuoteTheCellAsWritten() throws IOException {
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 30; i++) {
            sb.append(i * 0.5).append(',').append(i == 20 ? "\" 12 kg \"" : String.valueOf(i * 1.5)).append('\n');
        }
        Table t = read(sb.toString());
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "y", TaskType.REGRESSION, List.of()))
                .hasMessageStartingWith("t.csv, line 22, column 'y': ' 12 kg ' is not a number.");
        assertThatThrownBy(() -> TableEncoder.inferSchema(t, "x", TaskType.REGRESSION, List.of()))
                .hasMessageStartingWith("t.csv, line 22, column 'y': '12 kg' is not a number.");
        Map<String, Integer> seen = new HashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            seen.merge(t.value(r, 1), 1, Integer::sum);
        }
        assertThat(seen).containsKey(" 12 kg ");
    }
}
