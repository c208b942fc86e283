package io.modelbench.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Summary of repeated measurements: median, min, max, quartiles (linear interpolation between order
 * statistics, as numpy's default) and the spread as half the range relative to the median. Immutable.
 */
public record Stats(int n, double median, double min, double max, double p25, double p75) {

    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.clone();
        for (double x : v) {
            if (Double.isNaN(x)) {
                throw new IllegalArgumentException("NaN among the values");
            }
        }
        Arrays.sort(v);
        return new Stats(v.length, quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75));
    }

    /** Quantile q (0..1) of sorted values, interpolating linearly between neighbours. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /**
     * Per-repetition ratios a[i] / b[i] of measurements taken in the same repetition (pairs), so slow
     * drift of the machine (other processes, thermal) cancels in each pair.
     */
    public static double[] pairedRatios(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("unpaired: " + a.length + " vs " + b.length);
        }
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    /** Half the range as a fraction of the median: the "±" figure. */
    public double spread() {
        return median == 0 ? Double.NaN : (max - min) / 2 / Math.abs(median);
    }

    /** The interquartile range as a fraction of the median. */
    public double relativeIqr() {
        return median == 0 ? Double.NaN : (p75 - p25) / Math.abs(median);
    }

    /** "12,345 [12,001–12,800] ±3 %" with the given number format for the values. */
    public String format(String valueFormat) {
        return String.format(Locale.ROOT, valueFormat + " [" + valueFormat + "–" + valueFormat + "] ±%.0f %%",
                median, min, max, spread() * 100);
    }
}
