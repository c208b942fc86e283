/**
 * Data before it becomes numbers: CSV files read by Apache Commons CSV into a typed column store ({@code Table}: numbers
 * as doubles, other texts dictionary-coded, each row's file line and the file's SHA-256 kept), column profiles
 * ({@code TableProfiler}), the schema ({@code TableEncoder}), encoding fitted on training rows ({@code FeatureEncoder}),
 * the stratified split, image folders ({@code ImageFolders}, ImageIO) and the bundled samples.
 *
 * <p>{@link io.modelbench.engine.data.Dataset} is the sealed type a run trains on: a
 * {@link io.modelbench.engine.data.TableDataset} (a table profiled once, with the schema kept for training) or an
 * {@link io.modelbench.engine.data.ImageDataset}. May import: the JDK, Commons CSV, {@code javax.imageio} and
 * {@code engine.api}; not DL4J/ND4J (numbers become ND4J arrays in {@code engine.train}), not JavaFX.
 */
package io.modelbench.engine.data;
