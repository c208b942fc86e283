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
 */
public record EncodedColumn(String column, String kind, List<String> inputs, Double fill, String fillCategory,
                            List<String> categories, String missing) {

    public EncodedColumn {
        inputs = List.copyOf(inputs);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
