package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SplitSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A series cut into windows, one example each: the {@code window} steps up to step {@code t} as inputs, and the target
 * {@code horizon} steps later. The target channel is given relative to the window's last value (each past value
 * minus {@code y[t]}, and the label {@code y[t+h] - y[t]}), so the network learns the change from the last-value
 * forecast and a level it never saw in training (a trend) does not push it out of range; {@code anchor} ({@code y[t]})
 * turns a prediction back into the target's units. Covariates go in as they are. Inputs are laid out channel by
 * channel, oldest step first ({@code index = c·W + k}), which is DL4J's [channels, time] order for one example.
 *
 * @param x       inputs, one row per window
 * @param y       the label per window (change from the anchor); NaN for a window whose target step is not known yet
 * @param anchor  the target at the window's last step
 * @param series  the window's series (index into {@link SeriesDataset#series()})
 * @param end     the window's last step within its series
 * @param target  the global step index of the predicted step (for ordering and splitting by time)
 * @param line    the file line of the predicted step (-1: absent from the file, or in the future)
 * @param time    the predicted step's time, as written in the file or in its format
 */
public record SeriesWindows(float[][] x, float[] y, float[] anchor, int[] series, int[] end, long[] target, long[] line,
                            String[] time, int channels, int window, int dropped) {

    public int size() {
        return x.length;
    }

    /**
     * Every window whose inputs are all known; with {@code future}, also those whose target step lies after the series'
     * end (for forecasting), else only those with a known target. {@code dropped} counts windows left out for a
     * missing value.
     */
    public static SeriesWindows of(SeriesDataset d, boolean future) {
        int w = d.settings().window();
        int h = d.settings().horizon();
        int stride = d.settings().stride();
        List<float[]> xs = new ArrayList<>();
        List<Float> ys = new ArrayList<>();
        List<Float> anchors = new ArrayList<>();
        List<long[]> where = new ArrayList<>();
        List<String> times = new ArrayList<>();
        int dropped = 0;
        int longest = 0;
        int channels = d.channels().size();
        for (int si = 0; si < d.series().size(); si++) {
            SeriesDataset.Series s = d.series().get(si);
            longest = Math.max(longest, s.length());
            int lastEnd = future ? s.length() - 1 : s.length() - 1 - h;
            for (int t = w - 1; t <= lastEnd; t += stride) {
                int predicted = t + h;
                boolean known = predicted < s.length();
                double yt = known ? s.target()[predicted] : Double.NaN;
                float[] row = new float[channels * w];
                double a = s.target()[t];
                boolean ok = !Double.isNaN(a) && (!known || !Double.isNaN(yt));
                for (int c = 0; c < channels && ok; c++) {
                    for (int k = 0; k < w; k++) {
                        double v = s.values()[c][t - w + 1 + k];
                        if (Double.isNaN(v)) {
                            ok = false;
                            break;
                        }
                        row[c * w + k] = (float) (c == 0 ? v - a : v);
                    }
                }
                if (!ok) {
                    dropped++;
                    continue;
                }
                xs.add(row);
                ys.add(known ? (float) (yt - a) : Float.NaN);
                anchors.add((float) a);
                where.add(new long[] {si, t, s.first() + predicted, known ? s.lines()[predicted] : -1});
                times.add(known ? s.times()[predicted] : d.format().format(d.step().at(d.origin(), s.first() + predicted)));
            }
        }
        if (xs.isEmpty()) {
            if (dropped == 0) {
                throw InputException.setting("window", w, "the longest series has " + longest + " steps, too few for a window of " + w
                        + (future ? "" : " and a horizon of " + h) + ": use a window of at most " + Math.max(1, longest - (future ? 0 : h))
                        + " (fewer still leaves more windows to learn from), or a longer series");
            }
            throw InputException.setting("missing steps", d.settings().missing(), "every window touches a missing step ("
                    + dropped + " left out): use interpolate, or a shorter window");
        }
        int n = xs.size();
        float[] y = new float[n];
        float[] anchor = new float[n];
        int[] series = new int[n];
        int[] end = new int[n];
        long[] target = new long[n];
        long[] line = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = ys.get(i);
            anchor[i] = anchors.get(i);
            series[i] = (int) where.get(i)[0];
            end[i] = (int) where.get(i)[1];
            target[i] = where.get(i)[2];
            line[i] = where.get(i)[3];
        }
        return new SeriesWindows(xs.toArray(new float[0][]), y, anchor, series, end, target, line, times.toArray(new String[0]),
                channels, w, dropped);
    }

    /**
     * The time-ordered split, never shuffled: windows sorted by the step they predict; the last {@code testFraction}
     * of them test and the {@code validationFraction} before validation, where a boundary never falls between
     * windows that predict the same step (those all go to the later split). So every training window predicts (and
     * reads) only steps before the first validation step, and every validation window before the first test step.
     */
    public DataSplit split(SplitSettings s) {
        int n = size();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Long.compare(target[a], target[b]));
        int nTest = Math.max(1, (int) Math.round(n * s.testFraction()));
        int nVal = (int) Math.round(n * s.validationFraction());
        if (nTest + nVal >= n) {
            throw InputException.setting("window", window, "the series gives only " + n + " windows, too few for a training, "
                    + "validation and test span: use a shorter window or a longer series");
        }
        long testStart = target[order[n - nTest]];
        long valStart = nVal == 0 ? testStart : target[order[n - nTest - nVal]];
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (Integer i : order) {
            (target[i] >= testStart ? test : target[i] >= valStart ? val : train).add(i);
        }
        if (train.isEmpty()) {
            throw InputException.setting("window", window, "no window is left for training before the validation span: use a shorter "
                    + "window or a longer series");
        }
        return new DataSplit(ints(train), ints(val), ints(test));
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first global step a window reads (its oldest input). */
    public long firstInput(int i, SeriesDataset d) {
        return d.series().get(series[i]).first() + end[i] - window + 1;
    }
}
