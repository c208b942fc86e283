/**
 * Files the engine writes and reads: model zips with their model card ({@code ModelFiles}, DL4J's
 * {@code ModelSerializer} plus the card), predictions CSV, the self-contained HTML report (JFreeChart drawn to SVG,
 * headless), the Java snippet, JSON ({@code Json}, one configured Jackson mapper) and {@code AtomicFiles} (temporary
 * file, then rename: a crash never leaves a half-written file). May import: DL4J (model files), Jackson, JFreeChart,
 * Commons CSV, the engine's {@code api}, {@code data} and {@code model}; never JavaFX.
 */
package io.modelbench.engine.io;
