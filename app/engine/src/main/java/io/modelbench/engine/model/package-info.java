/**
 * Networks: built from a {@code ModelSpec} ({@code NetworkFactory}, with a plain-Java summary of shapes, parameters and
 * memory that the Model page checks as the user types), the MLP template and learning-rate schedules
 * ({@code MlpFactory}), Keras layer import, and {@code TrainedModel} (a network with its normalizer and card: predict,
 * evaluate, encode). The only package besides {@code train} and {@code io} that constructs DL4J networks; front ends
 * get them through {@code engine.app}. May import: DL4J/ND4J, Jackson (the Keras model's JSON), the engine's
 * {@code api}, {@code data}, {@code eval}.
 */
package io.modelbench.engine.model;
