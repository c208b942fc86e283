package io.modelbench.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The {@code /metrics} series, in a registry of this server's own (not the client library's process-wide default,
 * so two servers in one process, as in tests, do not mix). All ModelBench series start with {@code modelbench_}.
 */
final class ServeMetrics {

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    final Counter requests;
    final Histogram latency;
    final Counter rows;
    final Gauge inFlight;
    final Histogram batchRows;

    ServeMetrics(Supplier<Collection<HostedModel>> models) {
        requests = Counter.builder().name("modelbench_requests_total")
                .help("Requests answered, by model (empty for the server's own endpoints), protocol and HTTP status")
                .labelNames("model", "protocol", "status").register(registry);
        latency = Histogram.builder().name("modelbench_request_duration_seconds")
                .help("Time from reading a model request to its answer")
                .labelNames("model").classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        rows = Counter.builder().name("modelbench_rows_total").help("Rows (or images) predicted")
                .labelNames("model").register(registry);
        inFlight = Gauge.builder().name("modelbench_requests_in_flight").help("Requests received and not yet answered")
                .register(registry);
        batchRows = Histogram.builder().name("modelbench_batch_rows")
                .help("Rows per network call (concurrent requests are batched together)")
                .labelNames("model").classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024)
                .register(registry);
        GaugeWithCallback.builder().name("modelbench_model_load_seconds").help("How long loading the model zip took")
                .labelNames("model")
                .callback(cb -> models.get().forEach(m -> cb.call(m.loadSeconds, m.name))).register(registry);
        GaugeWithCallback.builder().name("modelbench_input_values").help("Values served per input column since the model started")
                .labelNames("model", "column")
                .callback(cb -> models.get().forEach(m -> m.drift.snapshot().forEach(d -> cb.call(d.values(), m.name, d.column()))))
                .register(registry);
        GaugeWithCallback.builder().name("modelbench_input_drift_ratio")
                .help("Share of served values per input column outside the training range, of unseen categories, or missing")
                .labelNames("model", "column", "kind")
                .callback(cb -> models.get().forEach(m -> m.drift.snapshot().forEach(d -> {
                    if (!Double.isNaN(d.outOfRange())) {
                        cb.call(d.outOfRange(), m.name, d.column(), "out_of_range");
                    }
                    if (!Double.isNaN(d.unseenCategory())) {
                        cb.call(d.unseenCategory(), m.name, d.column(), "unseen_category");
                    }
                    cb.call(d.missing(), m.name, d.column(), "missing");
                }))).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Java memory in use, heap and non-heap")
                .labelNames("area")
                .callback(cb -> {
                    var mem = ManagementFactory.getMemoryMXBean();
                    cb.call(mem.getHeapMemoryUsage().getUsed(), "heap");
                    cb.call(mem.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes").help("Most Java memory that can be used (-1: no limit)")
                .labelNames("area")
                .callback(cb -> {
                    var mem = ManagementFactory.getMemoryMXBean();
                    MemoryUsage heap = mem.getHeapMemoryUsage();
                    cb.call(heap.getMax(), "heap");
                    cb.call(mem.getNonHeapMemoryUsage().getMax(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("modelbench_native_memory_bytes")
                .help("Memory outside the Java heap held by ND4J's arrays (JavaCPP's count)")
                .callback(cb -> cb.call(org.bytedeco.javacpp.Pointer.totalBytes())).register(registry);
    }

    /** The registry in Prometheus's text format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
