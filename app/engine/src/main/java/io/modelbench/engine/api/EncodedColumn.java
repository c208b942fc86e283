package io.modelbench.engine.api;

import java.util.List;

/**
 * How one input column becomes model inputs, fitted on the training split, recorded in the model card so
 * another program can reproduce it exactly.
 * <ul>
 *   <li>{@code numeric}: one input, the number; a missing value becomes {@code fill}.</li>
 *   <li>{@code boolean}: one input, 1 for true/yes/y/t/1, 0 for false/no/n/f/0; missing becomes {@code fill}.</li>
 *   <li>{@code categorical}: one input per category (one-hot, in {@code categories} order); a missing value
 *       counts as {@code fillCategory}; a category not seen in training gives all zeros.</li>
 * </ul>
 * {@code min} and {@code max} are the smallest and largest value of a numeric column in the training split (what
 * the model server compares served values with to report drift); null for other kinds, for a column without
 * values, and in cards written before they were recorded.
 */
public record EncodedColumn(String column, String kind, List<String> inputs, Double fill, String fillCategory,
                            List<String> categories, String missing, Double min, Double max) {

    public EncodedColumn {
        inputs = List.copyOf(inputs);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** Without a training range (boolean and category columns, data that is numbers already). */
    public EncodedColumn(String column, String kind, List<String> inputs, Double fill, String fillCategory,
                         List<String> categories, String missing) {
        this(column, kind, inputs, fill, fillCategory, categories, missing, null, null);
    }
}
