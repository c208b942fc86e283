package io.modelbench.engine.nativeenv;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.io.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Older OpenBLAS builds are known to compute wrong results on some newer CPUs when a kernel is forced, so the
 * forced kernel (and passive OpenMP waiting, and flush-to-zero) is trusted only because this test trains the
 * same network with and without them, in two fresh JVMs, and finds the same outputs, losses and predictions.
 * (Measured here: outputs agree to 5e-7. Note that an unstable run, e.g. a too-high learning rate, amplifies
 * even such rounding differences after a few epochs, so the comparison uses a stable learning rate.)
 */
class NativeTuningCheckTest {

    @Test
    void theThreadSettingReachesNd4jAndOpenBlas() {
        NativeEnvironment.load();
        try {
            assertThat(NativeEnvironment.setThreads(1)).isEqualTo(1);
        } finally {
            assertThat(NativeEnvironment.setThreads(0)).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void theTunedKernelComputesWhatTheDefaultKernelComputes() throws Exception {
        JsonNode tuned = probe(false);
        JsonNode plain = probe(true);
        assertThat(plain.get("applied").size()).isZero();

        // the same seeded weights give the same outputs, before and after one gradient step
        assertClose(tuned.get("forward"), plain.get("forward"), 1e-4);
        assertClose(tuned.get("after_step"), plain.get("after_step"), 1e-4);
        // a short stable run follows the same loss curve and ends with the same predictions
        List<JsonNode> lt = list(tuned.get("losses"));
        List<JsonNode> lp = list(plain.get("losses"));
        assertThat(lt).hasSize(6);
        for (int i = 0; i < lt.size(); i++) {
            assertThat(lt.get(i).asDouble()).isCloseTo(lp.get(i).asDouble(), within(1e-4 * lp.get(i).asDouble() + 1e-6));
        }
        assertClose(tuned.get("probabilities"), plain.get("probabilities"), 1e-3);
        int rows = plain.get("predicted").size();
        int differ = 0;
        for (int r = 0; r < rows; r++) {
            if (!plain.get("predicted").get(r).asText().equals(tuned.get("predicted").get(r).asText())) {
                differ++;
            }
        }
        assertThat(differ).isLessThanOrEqualTo(rows / 200);
    }

    private static void assertClose(JsonNode a, JsonNode b, double tolerance) {
        assertThat(a.size()).isEqualTo(b.size()).isPositive();
        for (int r = 0; r < a.size(); r++) {
            for (int k = 0; k < a.get(r).size(); k++) {
                assertThat(a.get(r).get(k).asDouble()).as("row %d column %d", r, k)
                        .isCloseTo(b.get(r).get(k).asDouble(), within(tolerance));
            }
        }
    }

    @Test
    void flushToZeroIsSetOnTheCallingThread() throws InterruptedException {
        AtomicBoolean before = new AtomicBoolean();
        AtomicBoolean enabled = new AtomicBoolean();
        AtomicBoolean after = new AtomicBoolean();
        Thread t = new Thread(() -> {
            before.set(NativeEnvironment.flushesDenormals());
            enabled.set(NativeEnvironment.enableFlushToZero());
            after.set(NativeEnvironment.flushesDenormals());
        });
        t.start();
        t.join();
        assertThat(before).isFalse();
        assertThat(enabled.get()).isEqualTo(after.get());
        if (com.sun.jna.Platform.isLinux() && com.sun.jna.Platform.isIntel()) {
            assertThat(after).isTrue();
        }
    }

    @Test
    void kernelIsChosenFromTheCpuFlags() {
        assertThat(NativeEnvironment.openBlasCoreType("fpu sse2 avx avx2 fma avx512f avx512bw avx512vl")).isEqualTo("SkylakeX");
        assertThat(NativeEnvironment.openBlasCoreType("fpu sse2 avx avx2 fma")).isEqualTo("Haswell");
        assertThat(NativeEnvironment.openBlasCoreType("fpu sse2 avx")).isNull();
        assertThat(NativeEnvironment.openBlasCoreType(null)).isNull();
    }

    private static JsonNode probe(boolean tuningOff) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                TuningProbe.class.getName());
        if (tuningOff) {
            pb.environment().put("MODELBENCH_NATIVE_TUNING", "off");
        }
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        String text = new String(out, StandardCharsets.UTF_8).strip();
        return Json.mapper().readTree(text.substring(text.lastIndexOf('\n') + 1));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> l = new java.util.ArrayList<>();
        array.forEach(l::add);
        return l;
    }
}
