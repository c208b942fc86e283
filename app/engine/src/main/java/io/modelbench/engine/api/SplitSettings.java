package io.modelbench.engine.api;

/**
 * How rows are divided: a test split held out for the final figures, a validation split watched while
 * training, the rest for training. Stratified by class for classification. Fractions are of all rows.
 */
public record SplitSettings(double testFraction, double validationFraction, long seed) {

    public static final double DEFAULT_TEST_FRACTION = 0.2;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public SplitSettings {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw InputException.setting("test-fraction", testFraction, "choose a value between 0 and 1, such as 0.2");
        }
        if (!(validationFraction >= 0 && validationFraction < 1) || testFraction + validationFraction >= 0.9) {
            throw InputException.setting("validation-fraction", validationFraction,
                    "choose a value of 0 or more so that test and validation together stay below 0.9");
        }
    }

    public static SplitSettings defaults(long seed) {
        return new SplitSettings(DEFAULT_TEST_FRACTION, DEFAULT_VALIDATION_FRACTION, seed);
    }

    public SplitSettings withTestFraction(double f) {
        return new SplitSettings(f, validationFraction, seed);
    }

    public SplitSettings withSeed(long s) {
        return new SplitSettings(testFraction, validationFraction, s);
    }
}
