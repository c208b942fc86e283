/**
 * The benchmarks ({@code BenchMain}: csv, train (MLP and LeNet against bare DL4J and PyTorch), levers, ui, serve),
 * each reported as ratios measured in one run; see docs/PERFORMANCE.md for the command and the latest results.
 *
 * <p>May import the engine and DL4J/ND4J directly (it measures the bare DL4J loops that ModelBench's sessions are
 * compared with) and JNA; it starts the desktop app only as a separate process. Not shipped. Exempt from the
 * 450-line file limit: each measured loop stays whole in one file.
 */
package io.modelbench.bench;
