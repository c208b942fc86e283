package io.modelbench.engine.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseClockTest {

    @Test
    void aMarkIsOneLineWithTheWallClockAndTheLabelWhenSwitchedOn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long before = System.currentTimeMillis();
        PhaseClock.mark("table read", true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        long after = System.currentTimeMillis();

        String line = bytes.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).startsWith(PhaseClock.PREFIX).endsWith(" table read").doesNotContain("\n");
        long at = Long.parseLong(line.substring(PhaseClock.PREFIX.length()).split(" ")[0]);
        assertThat(at).isBetween(before, after);
    }

    @Test
    void nothingIsPrintedWhenSwitchedOff() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PhaseClock.mark("table read", false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.size()).isZero();
    }
}
