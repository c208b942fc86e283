package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.SearchSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * What the Experiments page's parallel-coordinates chart draws: one vertical axis per setting the sweep varies and a
 * last one for the validation figure, and one polyline per trial through its settings, coloured by its figure
 * ({@code shade} 1 for the best of the sweep, 0 for the worst; NaN while it has none). Positions are 0 (bottom) to 1
 * (top): a range's value on its scale (log for a log range), a choice at its place in the list. Worked out here so the
 * chart only draws.
 */
public record ParallelCoordinates(List<Axis> axes, List<Line> lines) {

    /** An axis: its name and its labelled ticks. */
    public record Axis(String name, List<Tick> ticks) {
    }

    public record Tick(double position, String label) {
    }

    /** A trial's polyline: its number, one position per axis (NaN where it has no value yet) and its shade. */
    public record Line(int trial, double[] positions, double shade, boolean best) {
    }

    public static final ParallelCoordinates EMPTY = new ParallelCoordinates(List.of(), List.of());

    /** The chart of {@code rows} over {@code space}; a figure is better higher for accuracy, lower for RMSE. */
    static ParallelCoordinates of(SearchSpace space, List<TrialRow> rows) {
        if (space == null || rows.isEmpty()) {
            return EMPTY;
        }
        List<Axis> axes = new ArrayList<>();
        // a setting with one value does not vary: no axis for it
        List<SearchSpace.Dimension> dims = space.dimensions().stream()
                .filter(d -> !(d instanceof SearchSpace.Choice c && c.values().size() == 1)).toList();
        for (SearchSpace.Dimension d : dims) {
            axes.add(new Axis(TrialRow.shortName(d.name()), ticks(d)));
        }
        String metricName = rows.stream().filter(r -> !Double.isNaN(r.metric())).map(TrialRow::metricName).findFirst().orElse("metric");
        boolean lowerBetter = metricName.equals("rmse");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TrialRow r : rows) {
            if (!Double.isNaN(r.metric())) {
                lo = Math.min(lo, r.metric());
                hi = Math.max(hi, r.metric());
            }
        }
        boolean any = lo <= hi;
        axes.add(new Axis(metricName, any ? List.of(new Tick(0, SpaceForm.number(lo)), new Tick(1, SpaceForm.number(hi)))
                : List.of()));
        List<Line> lines = new ArrayList<>();
        for (TrialRow r : rows) {
            double[] pos = new double[dims.size() + 1];
            for (int i = 0; i < dims.size(); i++) {
                pos[i] = position(dims.get(i), r.params().get(dims.get(i).name()));
            }
            double m = r.metric();
            pos[dims.size()] = Double.isNaN(m) ? Double.NaN : hi > lo ? (m - lo) / (hi - lo) : 0.5;
            double shade = Double.isNaN(pos[dims.size()]) ? Double.NaN : lowerBetter ? 1 - pos[dims.size()] : pos[dims.size()];
            lines.add(new Line(r.number(), pos, shade, r.best()));
        }
        return new ParallelCoordinates(axes, lines);
    }

    private static List<Tick> ticks(SearchSpace.Dimension d) {
        if (d instanceof SearchSpace.Range r) {
            List<Tick> t = new ArrayList<>();
            t.add(new Tick(0, SpaceForm.number(r.min())));
            t.add(new Tick(1, SpaceForm.number(r.max())));
            if (r.max() > r.min()) {
                double mid = r.log() ? Math.sqrt(r.min() * r.max()) : (r.min() + r.max()) / 2;
                t.add(new Tick(0.5, SpaceForm.number(mid)));
            }
            return t;
        }
        List<Object> values = ((SearchSpace.Choice) d).values();
        List<Tick> t = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            t.add(new Tick(values.size() == 1 ? 0.5 : (double) i / (values.size() - 1), label(values.get(i))));
        }
        return t;
    }

    static double position(SearchSpace.Dimension d, Object value) {
        if (value == null) {
            return Double.NaN;
        }
        if (d instanceof SearchSpace.Range r) {
            double v = ((Number) value).doubleValue();
            if (!(r.max() > r.min())) {
                return 0.5;
            }
            double p = r.log() ? Math.log(v / r.min()) / Math.log(r.max() / r.min()) : (v - r.min()) / (r.max() - r.min());
            return Math.max(0, Math.min(1, p));
        }
        List<Object> values = ((SearchSpace.Choice) d).values();
        for (int i = 0; i < values.size(); i++) {
            if (same(values.get(i), value)) {
                return values.size() == 1 ? 0.5 : (double) i / (values.size() - 1);
            }
        }
        return Double.NaN;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return String.valueOf(a).equals(String.valueOf(b));
    }

    private static String label(Object v) {
        return TrialRow.value(v);
    }
}
