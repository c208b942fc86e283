package io.modelbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch peer: one {@code python3 torch_bench.py serve} process for the whole run, one JSON request per
 * line. The JVM waits while PyTorch works and vice versa, so the two never share the CPU during a
 * measurement. {@link #start} returns a worker that says why it is unavailable when python or torch is
 * missing (the report then skips the PyTorch columns).
 */
final class TorchWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final JsonNode info;
    private final String unavailable;

    private TorchWorker(Process process, BufferedWriter in, BufferedReader out, JsonNode info, String unavailable) {
        this.process = process;
        this.in = in;
        this.out = out;
        this.info = info;
        this.unavailable = unavailable;
    }

    /**
     * Starts the worker with {@code threads} intra-op threads and the same native environment ModelBench set
     * for itself ({@code tuning}: OPENBLAS_CORETYPE for Debian's OpenBLAS behind torch, OMP_WAIT_POLICY=PASSIVE
     * for torch's OpenMP pool; without the latter, torch's spinning OpenMP threads and OpenBLAS's threads fight
     * over the 2 cores and PyTorch ran the MLP ~18x slower here). Variables the user set are left alone.
     */
    static TorchWorker start(String python, Path workDir, int threads, Map<String, String> tuning) {
        Path script;
        try {
            script = extractScript(workDir);
        } catch (IOException e) {
            return unavailable("could not write torch_bench.py: " + e.getMessage());
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "serve", "--threads", String.valueOf(threads)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", String.valueOf(threads));
        env.put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
        tuning.forEach(env::putIfAbsent);
        try {
            Process p = pb.start();
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = r.readLine();
            if (first == null) {
                p.waitFor();
                return unavailable(python + " exited with status " + p.exitValue() + " before answering");
            }
            JsonNode hello = JSON.readTree(first);
            if (hello.has("error")) {
                p.waitFor();
                return unavailable(hello.get("error").asText() + " for " + python + " (" + hello.path("detail").asText()
                        + "); install it with: apt-get install -y python3-torch");
            }
            return new TorchWorker(p, w, r, hello, null);
        } catch (IOException e) {
            return unavailable("could not run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private static TorchWorker unavailable(String why) {
        return new TorchWorker(null, null, null, null, why);
    }

    static Path extractScript(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path script = workDir.resolve("torch_bench.py");
        try (InputStream s = TorchWorker.class.getResourceAsStream("python/torch_bench.py")) {
            if (s == null) {
                throw new IOException("torch_bench.py is not in the jar");
            }
            Files.copy(s, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    boolean available() {
        return unavailable == null;
    }

    /** Why PyTorch figures are missing (null when available). */
    String unavailableReason() {
        return unavailable;
    }

    JsonNode info() {
        return info;
    }

    /** Sends one request and waits for its answer; an answer with "error" becomes an exception. */
    synchronized JsonNode request(Map<String, Object> req) {
        if (!available()) {
            throw new IllegalStateException("PyTorch is not available: " + unavailable);
        }
        try {
            in.write(JSON.writeValueAsString(req));
            in.newLine();
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the PyTorch worker ended unexpectedly");
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.has("error")) {
                throw new IllegalStateException("PyTorch worker: " + answer.get("error").asText());
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("PyTorch worker: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            in.write("{\"op\": \"quit\"}");
            in.newLine();
            in.flush();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
