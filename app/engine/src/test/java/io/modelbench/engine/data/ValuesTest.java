package io.modelbench.engine.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    @Test
    void missingMarkersInAnyCaseWithSpaces() {
        for (String m : new String[] {"", "  ", " NA ", "n/A", "?", "NaN", "NULL", "None", "-", null}) {
            assertThat(Values.isMissing(m)).as("'%s'", m).isTrue();
        }
        for (String v : new String[] {"0", "--", "nan1", "nana", "n/a/b", "nonexistent", "N", "x"}) {
            assertThat(Values.isMissing(v)).as("'%s'", v).isFalse();
        }
    }

    @Test
    void numbersAndBooleans() {
        assertThat(Values.number(" 3.5 ")).isEqualTo(3.5);
        assertThat(Values.number("1e3")).isEqualTo(1000.0);
        assertThat(Values.number("0x10")).isNull();
        assertThat(Values.number("Infinity")).isNull();
        assertThat(Values.number("1f")).isNull();
        assertThat(Values.bool(" Yes")).isTrue();
        assertThat(Values.bool("f")).isFalse();
        assertThat(Values.bool("maybe")).isNull();
        assertThat(Values.bool("a long sentence")).isNull();
    }
}
