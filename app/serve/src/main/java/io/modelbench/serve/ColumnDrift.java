package io.modelbench.serve;

/**
 * How the values served for one input column compare with the training data, over every value since the model
 * started serving. Shares are 0..1 of {@code values}; NaN where the check does not apply (out of range for a
 * category column or for a model whose card has no training range, unseen categories for a number column).
 *
 * @param values         values seen (one per predicted row)
 * @param outOfRange     share of numbers below the training minimum or above the training maximum
 * @param unseenCategory share of categories the model was not trained on (they encode as all zeros)
 * @param missing        share of missing values (filled as in training)
 */
public record ColumnDrift(String column, long values, double outOfRange, double unseenCategory, double missing) {
}
