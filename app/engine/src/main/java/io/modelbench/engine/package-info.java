/**
 * ModelBench's engine: everything that reads data, trains, evaluates and writes files, in plain Java on
 * Deeplearning4j/ND4J, with no user interface. Front ends start at {@link io.modelbench.engine.app} (runs, projects,
 * data, exports) and {@link io.modelbench.engine.api} (the records they pass and get back). This package holds only
 * {@link io.modelbench.engine.Versions} (library versions, recorded in model cards and run files).
 *
 * <p>The engine never imports JavaFX (its pom has no JavaFX dependency, so it would not compile) and never writes to
 * {@code System.out}: it runs headless in the CLI, the model server and batch jobs as it does in the desktop.
 */
package io.modelbench.engine;
