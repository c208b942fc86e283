package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SplitSettings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Row indices of the training, validation and test splits. */
public record DataSplit(int[] train, int[] validation, int[] test) {

    /**
     * Splits rows; with {@code classes} (one class index per row) every class is split in the same proportions
     * (stratified), otherwise rows are split at random. The same seed gives the same split.
     */
    public static DataSplit of(int rows, int[] classes, SplitSettings s) {
        if (s.heldOutRows() > 0) {
            // the last rows came from a separate test file: the fractions divide the rows before them
            DataSplit first = of(rows - s.heldOutRows(), classes, new SplitSettings(0, s.validationFraction(), s.seed()));
            int[] test = java.util.stream.IntStream.range(rows - s.heldOutRows(), rows).toArray();
            return new DataSplit(first.train(), first.validation(), test);
        }
        Random rng = new Random(s.seed());
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        List<List<Integer>> groups = new ArrayList<>();
        if (classes == null) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                all.add(i);
            }
            groups.add(all);
        } else {
            int k = 0;
            for (int c : classes) {
                k = Math.max(k, c + 1);
            }
            for (int c = 0; c < k; c++) {
                groups.add(new ArrayList<>());
            }
            for (int i = 0; i < rows; i++) {
                groups.get(classes[i]).add(i); // classes may be longer than rows: held-out test rows follow
            }
        }
        for (List<Integer> g : groups) {
            Collections.shuffle(g, rng);
            int nTest = (int) Math.round(g.size() * s.testFraction());
            int nVal = (int) Math.round(g.size() * s.validationFraction());
            if (nTest + nVal >= g.size() && g.size() > 0) {
                // keep at least one row of every class for training
                nVal = Math.max(0, g.size() - 1 - nTest);
                nTest = Math.min(nTest, g.size() - 1);
            }
            test.addAll(g.subList(0, nTest));
            val.addAll(g.subList(nTest, nTest + nVal));
            train.addAll(g.subList(nTest + nVal, g.size()));
        }
        if (test.isEmpty() && s.testFraction() > 0) {
            if (groups.size() > 1) {
                // 2,000 classes of 2 rows each: the rows are many, the rows per class too few (issue 18)
                int most = groups.stream().mapToInt(List::size).max().orElse(0);
                throw InputException.setting("test-fraction", s.testFraction(), String.format(java.util.Locale.ROOT,
                        "each of the %,d classes has at most %,d rows: too few rows per class (or too many classes) to set"
                                + " a share aside for testing; use more rows per class (at least %d at this fraction), fewer"
                                + " classes, or a larger fraction", groups.size(), most,
                        (int) Math.ceil(0.5 / s.testFraction())));
            }
            throw InputException.setting("test-fraction", s.testFraction(),
                    "the table has too few rows (" + rows + ") for a test split: use more rows or a larger fraction");
        }
        Collections.shuffle(train, rng);
        Collections.shuffle(val, rng);
        Collections.shuffle(test, rng);
        return new DataSplit(toArray(train), toArray(val), toArray(test));
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
