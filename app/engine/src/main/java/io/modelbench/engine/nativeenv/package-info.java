/**
 * The native numeric backend: environment variables for OpenBLAS/OpenMP set before ND4J loads, flush-to-zero, the
 * choice of ND4J build, thread count, loading with a clear status ({@code NativeEnvironment}) and oneDNN helpers for
 * convolutions ({@code OneDnn}). May import: ND4J/DL4J, JNA (setenv, fesetenv), {@code engine.api}. Process-wide
 * state by nature (one backend per process); every call says when it may be made.
 */
package io.modelbench.engine.nativeenv;
