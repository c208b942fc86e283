package io.modelbench.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a recording's time and allocations went: execution samples by top frame (self) and by any frame
 * (inclusive), sampled allocation weight by class and by allocating method, GC count and pauses.
 */
final class JfrDigest {

    private JfrDigest() {
    }

    static Map<String, Object> digest(Path jfr) throws IOException {
        return digest(jfr, java.time.Instant.MIN);
    }

    /** Only events that start at or after {@code from} (e.g. leaving out the recording's own start-up). */
    static Map<String, Object> digest(Path jfr, java.time.Instant from) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        int samples = 0;
        long allocTotal = 0;
        int gcs = 0;
        Duration gcPauses = Duration.ZERO;
        Duration gcTotal = Duration.ZERO;
        long maxHeapUsed = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getStartTime().isBefore(from)) {
                continue;
            }
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    self.merge(name(st.getFrames().get(0)), 1, Integer::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : st.getFrames()) {
                        String n = name(f);
                        if (!n.startsWith("CsvChild.") && seen.add(n)) {
                            inclusive.merge(n, 1, Integer::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long w = e.getLong("weight");
                    allocTotal += w;
                    allocByClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                    RecordedStackTrace st = e.getStackTrace();
                    if (st != null) {
                        allocBySite.merge(site(st.getFrames()), w, Long::sum);
                    }
                }
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPauses = gcPauses.plus(e.getDuration("sumOfPauses"));
                    gcTotal = gcTotal.plus(e.getDuration());
                }
                case "jdk.GCHeapSummary" -> maxHeapUsed = Math.max(maxHeapUsed, e.getLong("heapUsed"));
                default -> {
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("execution_samples", samples);
        out.put("self_top", top(self, samples, 12));
        out.put("inclusive_top", top(inclusive, samples, 20));
        out.put("allocated_mb_sampled_weight", allocTotal / 1e6);
        out.put("alloc_by_class_top", topBytes(allocByClass, allocTotal, 8));
        out.put("alloc_by_site_top", topBytes(allocBySite, allocTotal, 8));
        out.put("gc_count", gcs);
        out.put("gc_pause_seconds", gcPauses.toNanos() / 1e9);
        out.put("gc_total_seconds", gcTotal.toNanos() / 1e9);
        out.put("max_heap_used_mb", maxHeapUsed / 1e6);
        return out;
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        String cls = m.getType().getName();
        int dot = cls.lastIndexOf('.');
        return (dot < 0 ? cls : cls.substring(dot + 1)) + "." + m.getName();
    }

    /** The first frame that is not inside java.* (the code that asked for the allocation), plus the top frame. */
    private static String site(List<RecordedFrame> frames) {
        if (frames.isEmpty()) {
            return "?";
        }
        String top = name(frames.get(0));
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            if (!cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("sun.")) {
                String caller = name(f);
                return caller.equals(top) ? top : caller + " → " + top;
            }
        }
        return top;
    }

    private static List<String> top(Map<String, Integer> counts, int total, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(n)
                .map(e -> String.format(java.util.Locale.ROOT, "%5.1f %%  %s", 100.0 * e.getValue() / total, e.getKey()))
                .toList();
    }

    private static List<String> topBytes(Map<String, Long> bytes, long total, int n) {
        return bytes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n)
                .map(e -> String.format(java.util.Locale.ROOT, "%5.1f %%  %s", 100.0 * e.getValue() / total, e.getKey()))
                .toList();
    }
}
