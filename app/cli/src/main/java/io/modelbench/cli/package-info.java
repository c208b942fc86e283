/**
 * The {@code modelbench} command line (picocli): {@code train}, {@code evaluate}, {@code predict}, {@code report},
 * {@code inspect}. Each command parses its options, opens data and calls the engine's application layer
 * ({@code engine.app}: {@code RunService}, {@code Datasets}, {@code Exports}, {@code ModelSpecs}); progress goes to
 * stderr, and the last line on stdout is one JSON object. {@code ModelBenchCli} maps failures to exit codes: bad input
 * (an {@code InputException}) prints its one-line message, anything else points to the log.
 *
 * <p>May import: the engine ({@code engine.app} and {@code engine.api} first; {@code data}, {@code model} and
 * {@code io} for loading tables and saved models), picocli, SLF4J/Logback. Never JavaFX (not on its class path), never
 * a DL4J type: no command builds a trainer or a network. {@code System.out} only through picocli's writers.
 */
package io.modelbench.cli;
