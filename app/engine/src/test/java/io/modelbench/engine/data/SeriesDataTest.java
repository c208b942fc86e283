package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.eval.Forecasts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesDataTest {

    static TableDataset csv(String text) {
        try {
            return TableDataset.of(CsvTables.read("test.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SeriesDataset series(String text, SeriesSettings s) {
        return SeriesDataset.of(csv(text), "y", s);
    }

    @Test
    void theCommonDateFormatsAreDetectedWithTheirStep() {
        String[][] cases = {
                {"1995-01-01,1995-01-02,1995-01-03", "uuuu-MM-dd", "1 day"},
                {"19580329,19580405,19580412", "uuuuMMdd", "7 days"},
                {"Jan-1-1995,Feb-1-1995,Mar-1-1995", "MMM-d-uuuu", "1 month"},
                {"1950-03,1950-04,1950-05", "uuuu-MM", "1 month"},
                {"1700,1701,1702", "uuuu", "1 year"},
                {"2020-01-01T00:00:00,2020-01-01T01:00:00,2020-01-01T02:00:00", "uuuu-MM-dd'T'HH:mm[:ss][.SSS]", "3600 seconds"},
                {"1995-01-31,1995-02-28,1995-03-31", "uuuu-MM-dd", "1 month"},
                {"1995M01,1995M02,1995M03", "uuuu'M'MM", "1 month"},
                {"2001-01-01,2002-01-01,2003-01-01", "uuuu-MM-dd", "1 year"},
        };
        for (String[] c : cases) {
            String[] t = c[0].split(",");
            SeriesDataset d = series("when,y\n" + t[0] + ",1\n" + t[1] + ",2\n" + t[2] + ",3\n", SeriesSettings.of("when", 1, 1));
            assertThat(d.format().pattern()).as(c[0]).isEqualTo(c[1]);
            assertThat(d.step().describe()).as(c[0]).isEqualTo(c[2]);
            assertThat(d.series().get(0).target()).as(c[0]).containsExactly(1, 2, 3);
        }
    }

    @Test
    void unsortedRowsAreSortedWithANoteNamingTheFirstLineOutOfOrder() {
        SeriesDataset d = series("t,y\n2001,1\n2003,3\n2002,2\n2004,4\n", SeriesSettings.of("t", 1, 1));
        assertThat(d.series().get(0).target()).containsExactly(1, 2, 3, 4);
        assertThat(d.notes()).anyMatch(n -> n.contains("line 4: 2002 comes after line 3: 2003") && n.contains("sorted"));
    }

    @Test
    void aDateThatCannotBeReadIsRefusedNamingItsLineSoTheRowsCannotBeSorted() {
        assertThatThrownBy(() -> series("t,y\n1995-01-01,1\n1995-01-02,2\nyesterday,3\n", SeriesSettings.of("t", 1, 1)))
                .isInstanceOf(InputException.class).hasMessageContaining("line 4").hasMessageContaining("yesterday")
                .hasMessageContaining("cannot be sorted");
    }

    @Test
    void twoRowsWithTheSameTimeAreRefusedNamingBothLines() {
        assertThatThrownBy(() -> series("t,y\n2001,1\n2002,2\n2002,3\n", SeriesSettings.of("t", 1, 1)))
                .isInstanceOf(InputException.class).hasMessageContaining("lines 3 and 4 have the same time 2002");
    }

    @Test
    void absentStepsAndEmptyCellsAreReportedByLineAndInterpolatedOrDropped() {
        String text = "t,y\n2001,1\n2002,\n2004,4\n2005,5\n2006,6\n2007,7\n";
        SeriesDataset filled = series(text, SeriesSettings.of("t", 2, 1));
        assertThat(filled.series().get(0).target()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(filled.series().get(0).lines()).containsExactly(2, 3, -1, 4, 5, 6, 7);
        assertThat(filled.series().get(0).times()[2]).isEqualTo("2003");
        assertThat(filled.notes()).anyMatch(n -> n.startsWith("1 time steps are absent") && n.contains("before line 4"))
                .anyMatch(n -> n.contains("1 rows have no y (lines 3)")).anyMatch(n -> n.contains("interpolation"));

        SeriesDataset dropped = series(text, SeriesSettings.of("t", 2, 1).withMissing("drop"));
        SeriesWindows w = SeriesWindows.of(dropped, false);
        // windows end at steps 1..5 (predicting 2..6); those touching 2002 or 2003 are left out: 3 of 5
        assertThat(w.size()).isEqualTo(2);
        assertThat(w.dropped()).isEqualTo(3);
        assertThat(w.time()).containsExactly("2006", "2007");
    }

    @Test
    void aWindowLongerThanTheSeriesIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SeriesWindows.of(series("t,y\n2001,1\n2002,2\n2003,3\n", SeriesSettings.of("t", 5, 1)), false))
                .isInstanceOf(InputException.class).hasMessageContaining("window").hasMessageContaining("3 steps");
    }

    @Test
    void windowsHoldThePastRelativeToTheLastValueAndTheLabelIsTheChange() {
        SeriesDataset d = series("t,y,x\n2001,10,1\n2002,12,2\n2003,15,3\n2004,11,4\n", new SeriesSettings("t", null, 2, 1, 1, List.of("x"), null, 0));
        SeriesWindows w = SeriesWindows.of(d, true);
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.x()[0]).containsExactly(-2f, 0f, 1f, 2f);   // y: 10-12, 12-12; x: 1, 2
        assertThat(w.y()[0]).isEqualTo(3f);
        assertThat(w.anchor()[0]).isEqualTo(12f);
        assertThat(w.time()).containsExactly("2003", "2004", "2005");
        assertThat(w.y()[2]).isNaN();                            // the step after the data: a forecast
    }

    @Test
    void everyTrainingWindowEndsBeforeTheFirstValidationAndTestStepNothingShuffled() {
        for (String id : List.of("co2_weekly", "sunspots")) {
            Samples.Sample sample = Samples.find(id);
            String time = id.equals("sunspots") ? "YEAR" : "date";
            SeriesDataset d = SeriesDataset.of(TableDataset.of(Samples.open(sample)), sample.target(), SeriesSettings.of(time, 12, 3));
            SeriesWindows w = SeriesWindows.of(d, false);
            DataSplit split = w.split(SplitSettings.defaults(7));
            long firstHeldOut = Math.min(Arrays.stream(split.validation()).mapToLong(i -> w.target()[i]).min().orElseThrow(),
                    Arrays.stream(split.test()).mapToLong(i -> w.target()[i]).min().orElseThrow());
            long firstTest = Arrays.stream(split.test()).mapToLong(i -> w.target()[i]).min().orElseThrow();
            for (int i : split.train()) {
                assertThat(w.target()[i]).as(id + " window " + i).isLessThan(firstHeldOut);
                assertThat(w.firstInput(i, d)).isLessThan(firstHeldOut);
            }
            for (int i : split.validation()) {
                assertThat(w.target()[i]).isLessThan(firstTest);
            }
            assertThat(split.train()).isSorted();   // time order, never shuffled
            assertThat(split.test().length).isCloseTo((int) Math.round(w.size() * 0.2), org.assertj.core.data.Offset.offset(3));
            assertThat(split.validation().length).isCloseTo((int) Math.round(w.size() * 0.1), org.assertj.core.data.Offset.offset(3));
        }
    }

    @Test
    void anIdColumnGivesOneSeriesPerIdAndTheSplitCutsThemAllAtTheSameTimes() {
        StringBuilder csv = new StringBuilder("shop,month,y\n");
        for (String shop : List.of("a", "b")) {
            for (int m = 1; m <= 12; m++) {
                csv.append(shop).append(",2020-").append(String.format("%02d", m)).append(',').append(m * (shop.equals("a") ? 1 : 2)).append('\n');
            }
        }
        SeriesDataset d = series(csv.toString(), SeriesSettings.of("month", 3, 1).withId("shop"));
        assertThat(d.series()).extracting(SeriesDataset.Series::id).containsExactly("a", "b");
        SeriesWindows w = SeriesWindows.of(d, false);
        assertThat(w.size()).isEqualTo(18);
        DataSplit split = w.split(SplitSettings.defaults(1));
        long firstTest = Arrays.stream(split.test()).mapToLong(i -> w.target()[i]).min().orElseThrow();
        assertThat(Arrays.stream(split.test()).map(i -> w.series()[i]).distinct().count()).isEqualTo(2);
        assertThat(Arrays.stream(split.train()).mapToLong(i -> w.target()[i]).max().orElseThrow()).isLessThan(firstTest);
    }

    @Test
    void theSeasonIsFoundByAutocorrelationOnTheTrainingSpan() {
        SeriesDataset sun = SeriesDataset.of(TableDataset.of(Samples.open(Samples.find("sunspots"))), "SUNACTIVITY", SeriesSettings.of("YEAR", 12, 1));
        assertThat(Forecasts.detectPeriod(sun, 240)).isEqualTo(11);
        SeriesDataset co2 = SeriesDataset.of(TableDataset.of(Samples.open(Samples.find("co2_weekly"))), "co2", SeriesSettings.of("date", 12, 1));
        assertThat(Forecasts.detectPeriod(co2, 1800)).isEqualTo(52);
        assertThat(co2.notes()).anyMatch(n -> n.contains("rows have no co2"));
    }
}
