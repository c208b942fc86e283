package io.modelbench.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The harness's statistics and round ordering; no benchmark runs here. */
class StatsTest {

    @Test
    void medianAndQuartilesOfAnOddCountFollowNumpysLinearInterpolation() {
        Stats s = Stats.of(5, 1, 4, 2, 3);
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.median()).isEqualTo(3);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.p25()).isEqualTo(2);
        assertThat(s.p75()).isEqualTo(4);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Stats s = Stats.of(10, 40, 20, 30);
        assertThat(s.median()).isEqualTo(25);
        assertThat(s.p25()).isCloseTo(17.5, within(1e-12)); // numpy.percentile([10,20,30,40], 25)
        assertThat(s.p75()).isCloseTo(32.5, within(1e-12));
    }

    @Test
    void spreadIsHalfTheRangeOverTheMedian() {
        Stats s = Stats.of(90, 100, 110);
        assertThat(s.spread()).isCloseTo(0.10, within(1e-12));
        assertThat(s.relativeIqr()).isCloseTo(0.10, within(1e-12));
        assertThat(Stats.of(7).spread()).isZero();
    }

    @Test
    void theInputIsNotReordered() {
        double[] v = {3, 1, 2};
        Stats.of(v);
        assertThat(v).containsExactly(3, 1, 2);
    }

    @Test
    void ratiosArePairedRoundByRound() {
        double[] r = Stats.pairedRatios(new double[] {10, 20, 30}, new double[] {5, 10, 60});
        assertThat(r).containsExactly(2, 2, 0.5);
        // the median of paired ratios, not the ratio of medians (20/10 = 2 here either way, but not in general)
        assertThat(Stats.of(r).median()).isEqualTo(2);
        assertThatThrownBy(() -> Stats.pairedRatios(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyOrNaNInputIsRejected() {
        assertThatThrownBy(Stats::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.of(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatShowsMedianRangeAndSpread() {
        assertThat(Stats.of(900, 1000, 1100).format("%,.0f")).isEqualTo("1,000 [900–1,100] ±10 %");
    }

    @Test
    void eachRoundRotatesTheOrderSoEveryCaseTakesEveryPosition() {
        List<String> cases = List.of("a", "b", "c");
        assertThat(Interleaved.order(cases, 0)).containsExactly("a", "b", "c");
        assertThat(Interleaved.order(cases, 1)).containsExactly("b", "c", "a");
        assertThat(Interleaved.order(cases, 2)).containsExactly("c", "a", "b");
        assertThat(Interleaved.order(cases, 3)).containsExactly("a", "b", "c");
    }

    @Test
    void theCsvGeneratorWritesFourDecimals() {
        StringBuilder sb = new StringBuilder();
        CsvBench.appendFixed4(sb, -0.01234);
        sb.append(' ');
        CsvBench.appendFixed4(sb, 2.5);
        sb.append(' ');
        CsvBench.appendFixed4(sb, 0.00004);
        assertThat(sb.toString()).isEqualTo("-0.0123 2.5000 0.0000");
    }
}
