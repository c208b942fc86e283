package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.TableDataset;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Data page's series support in the engine (issue 15): the columns offered as times, and the series chart — the
 * target over time, thinned without losing spikes, and the split's spans.
 */
class SeriesChartTest {

    private static final SplitSettings SPLIT = SplitSettings.defaults(1);

    private static TableDataset csv(String text) {
        try {
            return TableDataset.of(CsvTables.read("test.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long millis(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void theSplitSpansAreTheLastFifthForTestAndTheTenthBeforeItForValidationInTime() {
        // 100 days, window 10, horizon 1: windows predict days 10..99 (90 of them); test = last 18, validation the 9 before
        StringBuilder text = new StringBuilder("day,y\n");
        LocalDate first = LocalDate.of(2020, 1, 1);
        for (int i = 0; i < 100; i++) {
            text.append(first.plusDays(i)).append(',').append(i % 7).append('\n');
        }
        SeriesDataset d = Datasets.series(csv(text.toString()), "y", SeriesSettings.of("day", 10, 1));
        Datasets.SeriesChart c = Datasets.seriesChart(d, SPLIT, 2_000);
        assertThat(c.windows()).containsExactly(63, 9, 18);
        assertThat(c.start()).isEqualTo(millis(first));
        assertThat(c.validationStart()).isEqualTo(millis(first.plusDays(82 - 9)));
        assertThat(c.testStart()).isEqualTo(millis(first.plusDays(82)));
        assertThat(c.end()).isEqualTo(millis(first.plusDays(99)));
        assertThat(c.testTime()).isEqualTo(first.plusDays(82).toString());
        assertThat(c.validationTime()).isEqualTo(first.plusDays(73).toString());
        assertThat(c.lines()).hasSize(1);
        assertThat(c.lines().get(0).size()).isEqualTo(100);
        assertThat(c.thinned()).isFalse();
        assertThat(c.dropped()).isZero();
        assertThat(c.target()).isEqualTo("y");
        assertThat(c.timeColumn()).isEqualTo("day");
    }

    @Test
    void aLongSeriesIsThinnedToTheBudgetKeepingEachBucketsLowAndHighSoASpikeStaysVisible() {
        StringBuilder text = new StringBuilder("day,y\n");
        LocalDate first = LocalDate.of(1990, 1, 1);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double v = i == 12_345 ? 1_000 : i == 777 ? -500 : Math.sin(i / 50.0);
            text.append(first.plusDays(i)).append(',').append(v).append('\n');
        }
        SeriesDataset d = Datasets.series(csv(text.toString()), "y", SeriesSettings.of("day", 12, 1));
        Datasets.SeriesChart c = Datasets.seriesChart(d, SPLIT, 1_000);
        Datasets.SeriesChart.Line line = c.lines().get(0);
        assertThat(c.thinned()).isTrue();
        assertThat(line.size()).isBetween(900, 1_000);
        assertThat(c.steps()).isEqualTo(n);
        int spike = indexOf(line.values(), 1_000);
        assertThat(spike).isNotNegative();
        assertThat(line.times()[spike]).isEqualTo(millis(first.plusDays(12_345)));
        assertThat(indexOf(line.values(), -500)).isNotNegative();
        // in time order, and the whole range of the series kept
        for (int i = 1; i < line.size(); i++) {
            assertThat(line.times()[i]).isGreaterThan(line.times()[i - 1]);
        }
        assertThat(line.times()[0]).isEqualTo(c.start());
    }

    @Test
    void aStretchLeftMissingStaysAGapAndAnIdColumnDrawsEachSeriesUpToADozen() {
        StringBuilder text = new StringBuilder("shop,month,y\n");
        for (int shop = 0; shop < 15; shop++) {
            for (int m = 0; m < 36; m++) {
                String cell = shop == 0 && m >= 8 && m < 20 ? "" : String.valueOf(m * (shop + 1));
                text.append("s").append(shop).append(',').append(2000 + m / 12).append('-').append(String.format("%02d", m % 12 + 1))
                        .append(',').append(cell).append('\n');
            }
        }
        SeriesDataset d = Datasets.series(csv(text.toString()), "y", SeriesSettings.of("month", 6, 1).withId("shop").withMissing("drop"));
        Datasets.SeriesChart c = Datasets.seriesChart(d, SPLIT, 2_000);
        assertThat(c.seriesCount()).isEqualTo(15);
        assertThat(c.lines()).hasSize(Datasets.CHART_LINES);
        assertThat(c.lines().get(0).id()).isEqualTo("s0");
        assertThat(Arrays.stream(c.lines().get(0).values()).filter(Double::isNaN).count()).isEqualTo(12);
        assertThat(c.steps()).isEqualTo(15 * 36);
        // windows end at months 5..34 predicting 6..35; those reading months 8..19 (ends 8..24) or predicting one
        // (ends 7..18) are left out in the first shop: ends 7..24
        assertThat(c.dropped()).isEqualTo(18);

        // thinned to 8 points a line, a bucket with no value left is a gap too
        Datasets.SeriesChart small = Datasets.seriesChart(d, SPLIT, 8 * Datasets.CHART_LINES);
        assertThat(small.lines().get(0).values()).hasSizeLessThanOrEqualTo(8).contains(Double.NaN);
    }

    @Test
    void aSeriesTooShortForTheSplitIsRefusedNamingTheWindow() {
        StringBuilder text = new StringBuilder("t,y\n");
        for (int i = 0; i < 20; i++) {
            text.append(1900 + i).append(',').append(i).append('\n');
        }
        SeriesDataset d = Datasets.series(csv(text.toString()), "y", SeriesSettings.of("t", 19, 1));
        assertThatThrownBy(() -> Datasets.seriesChart(d, SPLIT, 2_000)).isInstanceOf(InputException.class).hasMessageContaining("window");
    }

    @Test
    void plainYearsAreOfferedAsTimesWithFourDigitsButAFlagOrASmallCountIsNot() {
        TableDataset t = csv("year,promo,visits,month,y\n1990,0,12,1990-01,1\n1991,1,7,1990-02,2\n1992,0,30,1990-03,3\n");
        assertThat(Datasets.timeColumns(t.table())).containsExactly("year", "month");
    }

    @Test
    void theCo2SampleShowsItsSplitAtTheTimesTrainingUses() {
        Samples.Sample co2 = Samples.find("co2_weekly");
        SeriesDataset d = Datasets.series(Datasets.table(Samples.open(co2)), co2.target(), SeriesSettings.of("date", 12, 1));
        Datasets.SeriesChart c = Datasets.seriesChart(d, SPLIT, 2_000);
        int all = Arrays.stream(c.windows()).sum();
        assertThat(c.windows()[2]).isEqualTo(Math.round(all * 0.2f));
        assertThat(c.start()).isLessThan(c.validationStart());
        assertThat(c.validationStart()).isLessThan(c.testStart());
        assertThat(c.testStart()).isLessThan(c.end());
        assertThat(c.testTime()).matches("\\d{8}");
        assertThat(c.lines().get(0).size()).isLessThanOrEqualTo(2_000);
    }

    private static int indexOf(double[] values, double v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
