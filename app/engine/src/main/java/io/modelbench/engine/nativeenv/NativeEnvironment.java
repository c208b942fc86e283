package io.modelbench.engine.nativeenv;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.modelbench.engine.api.BackendStatus;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prepares the process for ND4J's native code and loads it. Out of the box DL4J runs ~10x slower on small
 * VMs than it can (shared/guides/dl4j-performance.md): OpenBLAS picks a generic kernel, idle OpenMP threads
 * spin, and Adam's moments decay into denormal floats. This class, before the native library loads:
 * <ul>
 *   <li>sets {@code OPENBLAS_CORETYPE} from the CPU's flags (avx512f: SkylakeX, avx2: Haswell), unless the
 *       user already set it;</li>
 *   <li>sets {@code OMP_WAIT_POLICY=PASSIVE}, unless set;</li>
 *   <li>sets {@code OPENBLAS_THREAD_TIMEOUT=20}, unless set: OpenBLAS's idle threads spin 2^28 cycles (~0.1 s) after
 *       each product before they sleep, so they took the second core from what runs between products (oneDNN's
 *       convolutions on their own OpenMP threads, the trainers' Java loops); 2^20 cycles (~0.4 ms) took a LeNet step of
 *       {@code ConvTrainer} from 19–21 ms to 17.5–18.6 ms and its CPU time from 38–41 to 28–31 ms, the MLP's epochs
 *       unchanged (2^4, the least, slowed them: every product waits for its threads to wake; issue 17);</li>
 * </ul>
 * and {@link #enableFlushToZero()} sets the calling thread's FTZ/DAZ bits (training threads call it).
 * {@code MODELBENCH_NATIVE_TUNING=off} in the environment turns all of it off (used by the test that
 * compares the tuned kernel's results with the default kernel's).
 *
 * <p>The environment of a process is global and can be changed only before the library loads, so the
 * "applied" flag is deliberately process-wide: the one piece of static state in the engine.
 */
public final class NativeEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(NativeEnvironment.class);
    private static final AtomicBoolean APPLIED = new AtomicBoolean();
    private static final int MXCSR_OFFSET = 28;           // glibc x86_64 fenv_t: mxcsr is the last int
    private static final int FTZ_DAZ = 0x8000 | 0x0040;  // flush-to-zero | denormals-are-zero

    private static volatile Map<String, String> applied = Map.of();

    private NativeEnvironment() {
    }

    private interface CLib extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private interface LibM extends Library {
        int fegetenv(Memory env);

        int fesetenv(Memory env);
    }

    /** True unless the user switched tuning off with MODELBENCH_NATIVE_TUNING=off. */
    public static boolean tuningEnabled() {
        return !"off".equalsIgnoreCase(System.getenv().getOrDefault("MODELBENCH_NATIVE_TUNING", "on"));
    }

    /** Sets the environment variables above (once per process); returns what was set. */
    public static Map<String, String> applyBeforeLoad() {
        if (!APPLIED.compareAndSet(false, true)) {
            return applied;
        }
        chooseNativeBuild();
        Map<String, String> set = new LinkedHashMap<>();
        if (!tuningEnabled() || !(Platform.isLinux() || Platform.isMac())) {
            return applied = Map.copyOf(set);
        }
        try {
            CLib c = Native.load("c", CLib.class);
            if (System.getenv("OMP_WAIT_POLICY") == null) {
                c.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                set.put("OMP_WAIT_POLICY", "PASSIVE");
            }
            String threads = System.getProperty("modelbench.threads");
            if (threads != null && threads.matches("\\d{1,4}") && Integer.parseInt(threads) > 0 && System.getenv("OMP_NUM_THREADS") == null) {
                c.setenv("OMP_NUM_THREADS", threads, 0);
                set.put("OMP_NUM_THREADS", threads);
            }
            if (System.getenv("OPENBLAS_THREAD_TIMEOUT") == null) {
                c.setenv("OPENBLAS_THREAD_TIMEOUT", "20", 0);
                set.put("OPENBLAS_THREAD_TIMEOUT", "20");
            }
            String core = System.getenv("OPENBLAS_CORETYPE");
            if (core == null) {
                String chosen = openBlasCoreType(cpuFlags());
                if (chosen != null) {
                    c.setenv("OPENBLAS_CORETYPE", chosen, 0);
                    set.put("OPENBLAS_CORETYPE", chosen);
                }
            }
        } catch (Throwable t) {
            LOG.warn("Could not tune the native environment ({}); training will be slower", t.toString());
        }
        LOG.info("Native environment tuned: {}", set);
        return applied = Map.copyOf(set);
    }

    /**
     * Says which of ND4J's natives builds on the class path JavaCPP is to load, before it loads: ModelBench ships the
     * generic oneDNN build on Linux x86-64 ({@code -onednn}: oneDNN chooses AVX2/AVX-512 kernels at run time); a user
     * may put the plain, {@code -onednn-avx2} or {@code -onednn-avx512} jar in its place. JavaCPP would find any of
     * them on its own, but with two on the class path it takes the first it tries, and a build for an instruction set
     * this CPU lacks would crash on its first instruction: this takes the fastest build the CPU can run (AVX-512,
     * then AVX2 oneDNN builds, then the generic oneDNN one, then the plain one), and stops with a clear message when
     * none of them runs here. A user's own {@code -Dorg.bytedeco.javacpp.platform.extension} is left alone.
     */
    static void chooseNativeBuild() {
        // JavaCPP's Loader sets the property to "" when it starts: only a non-empty value is a user's choice
        if (!System.getProperty("org.bytedeco.javacpp.platform.extension", "").isEmpty()
                || !System.getProperty("javacpp.platform.extension", "").isEmpty()) {
            return;
        }
        String platform = org.bytedeco.javacpp.Loader.getPlatform();
        ClassLoader cl = NativeEnvironment.class.getClassLoader();
        String base = "org/nd4j/linalg/cpu/nativecpu/bindings/" + platform;
        java.util.List<String> present = new java.util.ArrayList<>();
        for (String ext : BUILDS) {
            if (cl.getResource(base + ext + "/libjnind4jcpu.so") != null) {
                present.add(ext);
            }
        }
        String chosen = chooseBuild(present, cpuFlags());
        if (chosen == null) {
            throw new IllegalStateException("this ModelBench holds ND4J natives built for " + present
                    + " only, and this CPU cannot run them: put nd4j-native-1.0.0-M2.1-" + platform
                    + "-onednn.jar (or the plain " + platform + " one) in its lib folder");
        }
        if (!chosen.isEmpty()) {
            System.setProperty("org.bytedeco.javacpp.platform.extension", chosen);
            LOG.info("Using ND4J's {} build", platform + chosen);
        }
    }

    /** ND4J natives builds (platform extensions), fastest first. */
    static final java.util.List<String> BUILDS = java.util.List.of("-onednn-avx512", "-onednn-avx2", "-onednn", "-avx512", "-avx2", "");

    /**
     * The fastest of the {@code present} builds a CPU with these flags can run ("" is the plain build), null when it
     * can run none; with unknown flags (not Linux) only builds without an instruction-set suffix.
     */
    static String chooseBuild(java.util.List<String> present, String flags) {
        String f = " " + (flags == null ? "" : flags) + " ";
        for (String ext : BUILDS) {
            if (!present.contains(ext)) {
                continue;
            }
            boolean runs = ext.endsWith("avx512") ? f.contains(" avx512f ") && f.contains(" avx512bw ")
                    : !ext.endsWith("avx2") || f.contains(" avx2 ") && f.contains(" fma ");
            if (runs) {
                return ext;
            }
        }
        return present.isEmpty() ? "" : null;
    }

    /** The OpenBLAS kernel for these CPU flags, or null to leave OpenBLAS's own choice. */
    static String openBlasCoreType(String flags) {
        if (flags == null) {
            return null;
        }
        String f = " " + flags + " ";
        if (f.contains(" avx512f ") && f.contains(" avx512bw ") && f.contains(" avx512vl ")) {
            return "SkylakeX";
        }
        if (f.contains(" avx2 ") && f.contains(" fma ")) {
            return "Haswell";
        }
        return null;
    }

    /** The "flags" line of /proc/cpuinfo (Linux), or null. */
    static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    int i = line.indexOf(':');
                    return i < 0 ? null : line.substring(i + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * Sets flush-to-zero and denormals-are-zero on the calling thread (x86-64 Linux), so that decaying
     * optimizer state does not fall onto the CPU's slow denormal path. Returns whether it is now in force.
     */
    public static boolean enableFlushToZero() {
        if (!tuningEnabled() || !Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            return false;
        }
        try {
            LibM m = Native.load("m", LibM.class);
            Memory env = new Memory(64);
            env.clear();
            if (m.fegetenv(env) != 0) {
                return false;
            }
            env.setInt(MXCSR_OFFSET, env.getInt(MXCSR_OFFSET) | FTZ_DAZ);
            if (m.fesetenv(env) != 0) {
                return false;
            }
            return flushesDenormals();
        } catch (Throwable t) {
            LOG.debug("Flush-to-zero not available: {}", t.toString());
            return false;
        }
    }

    private static volatile float half = 0.5f;

    /** True when this thread's float arithmetic flushes denormal results to zero. */
    public static boolean flushesDenormals() {
        return Float.MIN_NORMAL * half == 0.0f;
    }

    /**
     * Tunes the environment, loads ND4J's native backend and says what it is. Blocks for the load (about
     * 0.3 s, or ~2 s the first time while JavaCPP unpacks its libraries): call it off the UI thread.
     */
    public static BackendStatus load() {
        applyBeforeLoad();
        enableFlushToZero();
        try {
            Nd4j.create(1);
            return describe();
        } catch (Throwable t) {
            LOG.error("ND4J native backend failed to load", t);
            return new BackendStatus(BackendStatus.State.FAILED, "CPU",
                    "native backend failed to load: " + t + " (see the log)");
        }
    }

    private static BackendStatus describe() {
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(p.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName()));
        boolean gpu = backend.toLowerCase(Locale.ROOT).contains("cuda");
        StringBuilder sb = new StringBuilder("ND4J ").append(backend);
        Object blas = p.get("blas.vendor");
        if (blas != null) {
            sb.append(", ").append(blas);
        }
        // System.getenv is a snapshot taken at JVM start: what we set ourselves is in 'applied'
        String core = applied.getOrDefault("OPENBLAS_CORETYPE", System.getenv("OPENBLAS_CORETYPE"));
        if (core != null) {
            sb.append(" (").append(core).append(" kernel)");
        }
        Object threads = p.get("omp.threads");
        if (threads != null) {
            sb.append(", ").append(threads).append(" threads");
        }
        String flags = cpuFlags();
        if (flags != null) {
            String f = " " + flags + " ";
            sb.append(f.contains(" avx512f ") ? ", AVX-512" : f.contains(" avx2 ") ? ", AVX2" : "");
        }
        return new BackendStatus(BackendStatus.State.READY, gpu ? "GPU" : "CPU", sb.toString());
    }

    /** The CPU threads the backend's BLAS uses now (loads the backend if it is not loaded yet). */
    public static int threads() {
        return org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads();
    }

    /**
     * Sets how many threads OpenBLAS uses for matrix multiplies (dense layers, and convolutions, which DL4J
     * computes as matrix multiplies): most of a training step. 0 means all cores. Takes effect at once; returns
     * the number now in use. ND4J's own element-wise operations keep the thread count they started with
     * ({@code OMP_NUM_THREADS}, set by {@link #applyBeforeLoad()} from {@code -Dmodelbench.threads}): libnd4j
     * 1.0.0-M2.1 ignores changes at run time. Call after {@link #load()}.
     */
    public static int setThreads(int threads) {
        int n = threads <= 0 ? Runtime.getRuntime().availableProcessors() : Math.min(threads, Runtime.getRuntime().availableProcessors() * 4);
        org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(n);
        return org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads();
    }
}
