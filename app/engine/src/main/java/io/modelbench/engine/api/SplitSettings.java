package io.modelbench.engine.api;

/**
 * How rows are divided: a test split held out for the final figures, a validation split watched while
 * training, the rest for training. Stratified by class for classification. Fractions are of all rows.
 * A test fraction of 0 holds out no test rows (the run then has no test figures, and says so); {@code heldOutRows}
 * above 0 means the table's last that many rows are the test split, as they came from a separate test file
 * ({@code train --test-data}), and the fractions divide the rows before them (the test fraction is then 0).
 */
public record SplitSettings(double testFraction, double validationFraction, long seed, int heldOutRows) {

    public static final double DEFAULT_TEST_FRACTION = 0.2;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public SplitSettings {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw InputException.setting("test-fraction", testFraction, "choose a value from 0 (no test split) to below 1, such as 0.2");
        }
        if (heldOutRows < 0 || heldOutRows > 0 && testFraction > 0) {
            throw InputException.setting("test-fraction", testFraction, "a separate test file is the test split: leave the test fraction at 0");
        }
        if (!(validationFraction >= 0 && validationFraction < 1) || testFraction + validationFraction >= 0.9) {
            throw InputException.setting("validation-fraction", validationFraction,
                    "choose a value of 0 or more so that test and validation together stay below 0.9");
        }
    }

    /** No rows from a separate test file. */
    public SplitSettings(double testFraction, double validationFraction, long seed) {
        this(testFraction, validationFraction, seed, 0);
    }

    public static SplitSettings defaults(long seed) {
        return new SplitSettings(DEFAULT_TEST_FRACTION, DEFAULT_VALIDATION_FRACTION, seed);
    }

    public SplitSettings withTestFraction(double f) {
        return new SplitSettings(f, validationFraction, seed, heldOutRows);
    }

    public SplitSettings withSeed(long s) {
        return new SplitSettings(testFraction, validationFraction, s, heldOutRows);
    }

    /** The last {@code rows} rows of the table are the test split (a separate test file); the test fraction becomes 0. */
    public SplitSettings withHeldOutRows(int rows) {
        return new SplitSettings(0, validationFraction, seed, rows);
    }

    /** Whether any rows are held out for test figures. */
    public boolean hasTest() {
        return testFraction > 0 || heldOutRows > 0;
    }
}
