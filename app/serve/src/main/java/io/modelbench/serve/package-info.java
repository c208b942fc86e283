/**
 * The model server: {@code ModelServer} hosts model zips that ModelBench wrote behind the JDK's HTTP server, speaking
 * the Open Inference Protocol v2 and KServe v1 ({@code Protocols}, {@code Routes}), with a bearer token
 * ({@code Tokens}), Prometheus metrics ({@code ServeMetrics}), a JSON request log rotated by size ({@code RequestLog}),
 * input drift against the model card's training profile ({@code Drift}) and micro-batching on per-model worker threads
 * that each own a copy of the network ({@code HostedModel}). {@code ServeConfig}, {@code ServeListener},
 * {@code ServedRequest}, {@code ServeStats} and {@code ColumnDrift} are what its two front ends use: the CLI's
 * {@code serve} command and the desktop's Serve page.
 *
 * <p>May import the engine (it predicts through {@code TrainedModel} and {@code FeatureEncoder}, exactly as
 * {@code predict} does), the JDK's {@code com.sun.net.httpserver}, the Prometheus client and Jackson; never JavaFX,
 * the CLI or the desktop (an architecture test fails the build). Why a module of its own: the desktop and the command
 * line both start it, and a server on a machine with no display needs neither.
 */
package io.modelbench.serve;
