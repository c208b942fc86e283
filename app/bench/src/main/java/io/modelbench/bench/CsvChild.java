package io.modelbench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.modelbench.engine.data.CsvTables;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.data.TableEncoder;
import io.modelbench.engine.data.Table;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs in a child JVM (its own -Xmx, nothing else in its heap), started by {@link CsvBench}; prints one JSON
 * object per line on stdout. Modes:
 * <ul>
 *   <li>{@code fit FILE}: one {@code CsvTables.read}, then {@link #encode} (the app's next step); says
 *       whether each fits in this JVM's -Xmx and the heap it used;</li>
 *   <li>{@code time FILE REPS}: alternates {@code CsvTables.read}, a lean streaming reader into float columns
 *       ({@link LeanCsv}: the reference for the ratio) and the I/O floor (UTF-8 decoding + SHA-256, no
 *       parsing); each with its seconds and the heap its result retains;</li>
 *   <li>{@code profile FILE OUT.jfr}: one {@code CsvTables.read}, then one {@link #encode}, each under Java Flight
 *       Recorder (profile settings), with a digest of where the time and the allocations went ({@link JfrDigest}).</li>
 * </ul>
 */
public final class CsvChild {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CsvChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "fit" -> fit(file);
            case "time" -> time(file, Integer.parseInt(args[2]));
            case "profile" -> profile(file, Path.of(args[2]));
            default -> throw new IllegalArgumentException("mode: fit | time | profile");
        }
    }

    private static void fit(Path file) throws Exception {
        HeapWatch watch = HeapWatch.install();
        long base = HeapWatch.settledUsed();
        watch.reset();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("xmx_mb", Runtime.getRuntime().maxMemory() / 1e6);
        long t0 = System.nanoTime();
        Table table;
        try {
            table = CsvTables.read(file);
        } catch (OutOfMemoryError e) {
            r.put("read_ok", false);
            r.put("read_error", e.toString());
            r.put("read_seconds_until_failure", (System.nanoTime() - t0) / 1e9);
            r.putAll(watch.figures("read_"));
            emit(r);
            return;
        }
        r.put("read_ok", true);
        r.put("read_seconds", (System.nanoTime() - t0) / 1e9);
        r.put("rows", table.rowCount());
        r.putAll(watch.figures("read_"));
        r.put("read_retained_mb", (HeapWatch.settledUsed() - base) / 1e6);
        watch.reset();
        t0 = System.nanoTime();
        try {
            float[][] x = encode(table);
            r.put("encode_ok", true);
            r.put("encode_seconds", (System.nanoTime() - t0) / 1e9);
            r.putAll(watch.figures("encode_"));
            r.put("encode_retained_mb_with_table", (HeapWatch.settledUsed() - base) / 1e6);
            java.lang.ref.Reference.reachabilityFence(x);
            java.lang.ref.Reference.reachabilityFence(table);
        } catch (OutOfMemoryError e) {
            r.put("encode_ok", false);
            r.put("encode_error", e.toString());
            r.putAll(watch.figures("encode_"));
        }
        emit(r);
    }

    private static void time(Path file, int reps) throws Exception {
        // one untimed pass of each so the JIT has compiled the parsers and the file is in the page cache
        CsvTables.read(file);
        LeanCsv.read(file);
        floor(file);
        long base = HeapWatch.settledUsed();
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < 3; k++) {
                int which = (k + rep) % 3;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("rep", rep);
                long t0 = System.nanoTime();
                Object result;
                long rows;
                switch (which) {
                    case 0 -> {
                        Table t = CsvTables.read(file);
                        result = t;
                        rows = t.rowCount();
                        r.put("case", "CsvTables.read");
                    }
                    case 1 -> {
                        LeanCsv.Columns c = LeanCsv.read(file);
                        result = c;
                        rows = c.rows();
                        r.put("case", "lean");
                    }
                    default -> {
                        rows = floor(file);
                        result = null;
                        r.put("case", "floor");
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                r.put("seconds", seconds);
                r.put("rows", rows);
                r.put("rows_per_s", rows / seconds);
                r.put("retained_mb", (HeapWatch.settledUsed() - base) / 1e6);
                java.lang.ref.Reference.reachabilityFence(result);
                emit(r);
            }
        }
        // the app's next step (TableEncoder) is timed once, in the profile run (about 2 s for a million rows since the
        // column store; 30-45 s with the String-cell Table)
    }

    /**
     * The app's next step after reading, as the model page and the CLI do it: infer the schema (scans every
     * cell) and read the feature matrix (parses every cell again).
     */
    static float[][] encode(Table table) {
        DataSchema schema = TableEncoder.inferSchema(table, "label", null, List.of());
        return TableEncoder.features(table, schema);
    }

    private static void profile(Path file, Path jfr) throws Exception {
        CsvTables.read(file); // warm: profile the steady state, as the timing run measures it
        HeapWatch.settledUsed();
        Map<String, Object> r = new LinkedHashMap<>();
        Table t;
        try (Recording rec = new Recording(Configuration.getConfiguration("profile"))) {
            rec.start();
            Thread.sleep(500); // let the recorder finish instrumenting its event classes (its own allocations)
            java.time.Instant from = java.time.Instant.now();
            long t0 = System.nanoTime();
            t = CsvTables.read(file);
            r.put("seconds", (System.nanoTime() - t0) / 1e9);
            rec.stop();
            rec.dump(jfr);
            r.put("rows", t.rowCount());
            r.put("jfr", jfr.toString());
            r.put("digest", JfrDigest.digest(jfr, from));
        }
        Path encodeJfr = jfr.resolveSibling("csv-encode.jfr");
        try (Recording rec = new Recording(Configuration.getConfiguration("profile"))) {
            rec.start();
            Thread.sleep(500);
            java.time.Instant from = java.time.Instant.now();
            long t0 = System.nanoTime();
            float[][] x = encode(t);
            r.put("encode_seconds", (System.nanoTime() - t0) / 1e9);
            rec.stop();
            rec.dump(encodeJfr);
            r.put("encode_rows", x.length);
            r.put("encode_digest", JfrDigest.digest(encodeJfr, from));
        }
        emit(r);
    }

    /** Reads and decodes the whole file with the digest, as CsvTables does, without parsing; returns line count. */
    static long floor(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long lines = 0;
        try (InputStream in = Files.newInputStream(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(new DigestInputStream(in, sha),
                     StandardCharsets.UTF_8), 64 * 1024)) {
            char[] buf = new char[64 * 1024];
            for (int n; (n = r.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        sha.digest();
        return lines - 1; // minus the header
    }

    private static void emit(Map<String, Object> r) throws Exception {
        System.out.println(JSON.writeValueAsString(r));
        System.out.flush();
    }

    /** Heap high-water marks from GC notifications and the memory pools' peak usage. */
    static final class HeapWatch {
        private final Set<String> heapPools = new HashSet<>();
        private volatile long maxBefore;
        private volatile long maxAfter;
        private volatile int gcs;

        static HeapWatch install() {
            HeapWatch w = new HeapWatch();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    w.heapPools.add(p.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                        w.record(sum(info.getMemoryUsageBeforeGc(), w.heapPools), sum(info.getMemoryUsageAfterGc(), w.heapPools));
                    }
                }, null, null);
            }
            return w;
        }

        private synchronized void record(long before, long after) {
            maxBefore = Math.max(maxBefore, before);
            maxAfter = Math.max(maxAfter, after);
            gcs++;
        }

        private static long sum(Map<String, MemoryUsage> usage, Set<String> pools) {
            long s = 0;
            for (var e : usage.entrySet()) {
                if (pools.contains(e.getKey())) {
                    s += e.getValue().getUsed();
                }
            }
            return s;
        }

        synchronized void reset() {
            maxBefore = 0;
            maxAfter = 0;
            gcs = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    p.resetPeakUsage();
                }
            }
        }

        Map<String, Object> figures(String prefix) {
            // notifications arrive on another thread shortly after each GC
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long poolPeaks = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    poolPeaks += p.getPeakUsage().getUsed();
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            synchronized (this) {
                m.put(prefix + "gcs", gcs);
                m.put(prefix + "max_heap_before_gc_mb", maxBefore / 1e6);
                m.put(prefix + "max_heap_after_gc_mb", maxAfter / 1e6);
            }
            m.put(prefix + "sum_of_pool_peaks_mb", poolPeaks / 1e6);
            return m;
        }

        /** Heap in use after full collections (what live objects occupy). */
        static long settledUsed() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
