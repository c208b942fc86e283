package io.modelbench.engine.sweep;

import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trials a strategy proposes, all of them up front (so a restarted sweep, or a Spark job, lists the same ones):
 * a grid's points in order (the first setting varying slowest), or random points drawn with a seed (ASHA draws the
 * same way; its pruning happens while the trials train).
 */
public final class Plans {

    private Plans() {
    }

    /** Up to {@code trials} trials of the strategy for the space. */
    public static List<Trial> plan(SearchSpace space, SweepStrategy strategy, int trials, long seed) {
        return strategy == SweepStrategy.GRID ? grid(space, trials) : random(space, trials, seed);
    }

    /**
     * Every point of the grid when it has at most {@code trials}; else {@code trials} points spread evenly through
     * it (point {@code i * size / trials}), so a small budget still reaches every corner of the first setting.
     */
    public static List<Trial> grid(SearchSpace space, int trials) {
        List<List<Object>> axes = space.dimensions().stream().map(Plans::gridValues).toList();
        long size = gridSize(space);
        int n = (int) Math.min(size, trials);
        List<Trial> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long index = size <= trials ? i : (long) Math.floor((double) i * size / n);
            Map<String, Object> params = new LinkedHashMap<>();
            long rest = index;
            for (int d = axes.size() - 1; d >= 0; d--) { // the last setting varies fastest
                List<Object> axis = axes.get(d);
                params.put(space.dimensions().get(d).name(), axis.get((int) (rest % axis.size())));
                rest /= axis.size();
            }
            out.add(new Trial(i + 1, ordered(space, params)));
        }
        return out;
    }

    /** The number of points of the grid (ranges at their grid points). */
    public static long gridSize(SearchSpace space) {
        long size = 1;
        for (SearchSpace.Dimension d : space.dimensions()) {
            size = Math.multiplyExact(size, gridValues(d).size());
        }
        return size;
    }

    /** {@code trials} points drawn at random; the same seed draws the same points. */
    public static List<Trial> random(SearchSpace space, int trials, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Trial> out = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (SearchSpace.Dimension d : space.dimensions()) {
                params.put(d.name(), draw(d, rnd));
            }
            out.add(new Trial(i + 1, params));
        }
        return out;
    }

    private static Map<String, Object> ordered(SearchSpace space, Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        space.dimensions().forEach(d -> out.put(d.name(), params.get(d.name())));
        return out;
    }

    static Object draw(SearchSpace.Dimension d, SplittableRandom rnd) {
        if (d instanceof SearchSpace.Choice c) {
            return c.values().get(rnd.nextInt(c.values().size()));
        }
        SearchSpace.Range r = (SearchSpace.Range) d;
        double u = rnd.nextDouble();
        double v = r.log() ? Math.exp(Math.log(r.min()) + u * (Math.log(r.max()) - Math.log(r.min())))
                : r.min() + u * (r.max() - r.min());
        return number(r, v);
    }

    /** A range's grid: {@code gridPoints} points from min to max, evenly spaced (log-spaced on a log scale). */
    static List<Object> gridValues(SearchSpace.Dimension d) {
        if (d instanceof SearchSpace.Choice c) {
            return c.values();
        }
        SearchSpace.Range r = (SearchSpace.Range) d;
        int k = r.min() == r.max() ? 1 : r.gridPoints();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double f = k == 1 ? 0 : (double) i / (k - 1);
            double v = r.log() ? Math.exp(Math.log(r.min()) + f * (Math.log(r.max()) - Math.log(r.min())))
                    : r.min() + f * (r.max() - r.min());
            Object x = number(r, v);
            if (!out.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    /** Whole numbers for integer settings; others to 4 significant digits (what a user would type). */
    private static Object number(SearchSpace.Range r, double v) {
        if (r.integer()) {
            return (int) Math.round(Math.min(r.max(), Math.max(r.min(), v)));
        }
        double rounded = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
        return Math.min(r.max(), Math.max(r.min(), rounded));
    }
}
