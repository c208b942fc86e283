package io.modelbench.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs several cases in alternation: warm-up rounds (discarded), then {@code reps} rounds in which every case
 * runs once, the order rotated each round so that no case always runs first or last. The machine is shared
 * (2 cores, other builds), so only figures from the same round are compared with each other.
 *
 * <p>Between two cases it waits {@link #SETTLE_MILLIS}: after a call OpenBLAS's worker threads (ModelBench's, and those
 * behind PyTorch in its worker process) keep spinning in {@code sched_yield} for about 0.1 s (OpenBLAS's thread timeout,
 * 2^28 cycles) before they sleep, and the case that ran next paid for them. Rotating the order does not spread that
 * cost: it keeps the cyclic order, so the case after PyTorch in the list follows it in almost every round (the MLP and
 * LeNet sessions did, and read 0.6 of the bare loop where LenetProbe, alone, read 0.9–1.0).
 */
final class Interleaved {

    /** The pause between two cases, for the previous one's threads to go idle. */
    static final long SETTLE_MILLIS = 300;

    /** One measurement: the main value (e.g. samples/s) and optional named side figures. */
    record Sample(double value, Map<String, Double> extras) {
        static Sample of(double value) {
            return new Sample(value, Map.of());
        }
    }

    /** A named case; {@code run} performs one repetition and returns its measurement. */
    record Case(String name, java.util.function.Supplier<Sample> run) {
    }

    /** All repetitions of one case, in round order. */
    static final class Series {
        final String name;
        final List<Double> values = new ArrayList<>();
        final Map<String, List<Double>> extras = new LinkedHashMap<>();

        Series(String name) {
            this.name = name;
        }

        double[] values() {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        double[] extra(String key) {
            return extras.getOrDefault(key, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
        }

        Stats stats() {
            return Stats.of(values());
        }
    }

    private Interleaved() {
    }

    /** The order of the cases in round {@code round}: rotated by the round number. */
    static <T> List<T> order(List<T> cases, int round) {
        List<T> out = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            out.add(cases.get((i + round) % cases.size()));
        }
        return out;
    }

    static Map<String, Series> run(List<Case> cases, int warmups, int reps, Consumer<String> log) {
        Map<String, Series> out = new LinkedHashMap<>();
        for (Case c : cases) {
            out.put(c.name(), new Series(c.name()));
        }
        for (int w = 0; w < warmups; w++) {
            for (Case c : order(cases, w)) {
                settle();
                Sample s = c.run().get();
                log.accept(String.format(java.util.Locale.ROOT, "  warm-up %-38s %,12.1f", c.name(), s.value()));
            }
        }
        for (int r = 0; r < reps; r++) {
            for (Case c : order(cases, r)) {
                settle();
                Sample s = c.run().get();
                Series series = out.get(c.name());
                series.values.add(s.value());
                s.extras().forEach((k, v) -> series.extras.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                log.accept(String.format(java.util.Locale.ROOT, "  rep %d/%d %-38s %,12.1f", r + 1, reps, c.name(), s.value()));
            }
        }
        return out;
    }

    private static void settle() {
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
