package io.modelbench.bench;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/** What the benchmark ran on: CPU, cores, memory, JDK, the native settings in force. */
final class Machine {

    private Machine() {
    }

    /** Facts that need no native code (safe before ND4J loads). */
    static Map<String, Object> basics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuInfo("model name"));
        m.put("cpu family/model", cpuInfo("cpu family") + "/" + cpuInfo("model"));
        String flags = cpuInfo("flags");
        m.put("simd", flags == null ? "?" : simd(flags));
        m.put("cores (JVM availableProcessors)", Runtime.getRuntime().availableProcessors());
        m.put("memory", memory());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("jvm args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("load average at start", loadAverage());
        return m;
    }

    /** After ND4J has loaded: backend, threads, OpenBLAS kernel actually in force. */
    static Map<String, Object> nativeFacts(Map<String, String> applied, boolean ftz) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("native tuning (NativeEnvironment.applyBeforeLoad)", applied.isEmpty()
                ? "nothing set" + (NativeEnvironment.tuningEnabled() ? "" : " (MODELBENCH_NATIVE_TUNING=off)") : applied.toString());
        m.put("OPENBLAS_CORETYPE (user environment)", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        m.put("OpenBLAS kernel in force (openblas_get_corename)", openBlasCore());
        m.put("flush-to-zero on the benchmark thread", ftz);
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        m.put("ND4J backend", p.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName()));
        m.put("ND4J omp.threads", p.get("omp.threads"));
        m.put("ND4J blas.vendor", p.get("blas.vendor"));
        m.put("ND4J cores", p.get("cores"));
        m.put("ND4J data type", Nd4j.dataType());
        return m;
    }

    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;

    /**
     * OpenBLAS's own name for its kernel, asked from the copy ND4J's gemm uses (libopenblas_nolapack, else any
     * loaded OpenBLAS). The handle is taken with RTLD_NOLOAD and without RTLD_GLOBAL (JNA's default): making
     * a second OpenBLAS copy global re-binds the first copy's lazy symbols (its buffer allocator) to the other
     * copy, and OpenBLAS then fails with "Bad memory unallocation" and crashes in sgemm.
     */
    static String openBlasCore() {
        List<String> libs = new java.util.ArrayList<>(loadedLibraries("openblas"));
        libs.sort(java.util.Comparator.comparing((String l) -> !l.contains("nolapack")));
        for (String lib : libs) {
            try {
                NativeLibrary nl = NativeLibrary.getInstance(lib,
                        Map.of(com.sun.jna.Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
                Function f = nl.getFunction("openblas_get_corename");
                String core = (String) f.invoke(String.class, new Object[0]);
                Function t = nl.getFunction("openblas_get_num_threads");
                return core + " (" + t.invokeInt(new Object[0]) + " threads, " + Path.of(lib).getFileName() + ")";
            } catch (Throwable e) {
                // not this one (e.g. the JNI wrapper library): try the next
            }
        }
        return "unknown";
    }

    static List<String> loadedLibraries(String nameContains) {
        TreeSet<String> libs = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int i = line.indexOf('/');
                if (i < 0) {
                    continue;
                }
                String path = line.substring(i).trim();
                String name = Path.of(path).getFileName().toString();
                if (name.contains(nameContains) && name.contains(".so") && !name.startsWith("libjni")) {
                    libs.add(path);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return List.copyOf(libs);
    }

    static String cpuInfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int i = line.indexOf(':');
                if (i > 0 && line.substring(0, i).trim().equals(key)) {
                    return line.substring(i + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    static String simd(String flags) {
        String f = " " + flags + " ";
        StringBuilder sb = new StringBuilder();
        for (String s : new String[] {"avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_bf16", "avx512_vnni"}) {
            if (f.contains(" " + s + " ")) {
                sb.append(sb.isEmpty() ? "" : " ").append(s);
            }
        }
        return sb.toString();
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min)";
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
    }
}
