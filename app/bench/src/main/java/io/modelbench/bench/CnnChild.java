package io.modelbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.nativeenv.OneDnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ND4J natives build in its own JVM, for the {@code cnn-builds} part ({@link CnnBuilds}): the parent starts one
 * child per build (the build chosen with JavaCPP's platform extension), then sends one JSON request per line and
 * reads one JSON answer per line, alternating between the children so that only one works at a time (the others
 * wait passively). Requests: {@code session} and {@code bare} (one LeNet repetition, as in the {@code lenet} part),
 * {@code check} (the saved LeNet's outputs and loss gradient on saved inputs, written as float32 files), {@code quit}.
 */
public final class CnnChild {

    private CnnChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> applied = NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        Nd4j.create(1);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // DL4J's chatter must not mix with the answers
        ObjectMapper json = new ObjectMapper();
        Path work = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        TrainingBench tb = new TrainingBench(1, rows, work, null);
        TrainingBench.LeNet lenet = tb.new LeNet();
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("onednn", OneDnn.builtWithOneDnn());
        hello.put("helpers", OneDnn.available());
        hello.put("library", String.valueOf(org.bytedeco.javacpp.Loader.getLoadedLibraries().get("jnind4jcpu")));
        hello.put("tuning", applied);
        out.println(json.writeValueAsString(hello));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode req = json.readTree(line);
                String op = req.path("op").asText();
                Map<String, Object> answer = new LinkedHashMap<>();
                try {
                    switch (op) {
                        case "quit" -> {
                            return;
                        }
                        case "session", "bare" -> {
                            Interleaved.Sample s = op.equals("session") ? lenet.session() : lenet.bare();
                            answer.put("value", s.value());
                            answer.put("extras", s.extras());
                        }
                        case "check" -> answer.putAll(check(req));
                        default -> answer.put("error", "unknown op " + op);
                    }
                } catch (RuntimeException e) {
                    answer.put("error", e.toString());
                }
                out.println(json.writeValueAsString(answer));
            }
        } finally {
            tb.close();
        }
    }

    /** The saved network with this build's helpers: outputs and the loss's gradient on the saved inputs, to files. */
    private static Map<String, Object> check(JsonNode req) throws java.io.IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new java.io.File(req.get("model").asText()), false);
        int helpers = OneDnn.install(net);
        int n = req.get("rows").asInt();
        int cols = req.get("cols").asInt();
        INDArray x = Nd4j.create(CnnBuilds.readFloats(Path.of(req.get("features").asText()), n * cols), new long[] {n, cols}, 'c');
        INDArray y = Nd4j.create(CnnBuilds.readFloats(Path.of(req.get("labels").asText()), n * 10), new long[] {n, 10}, 'c');
        INDArray output = net.output(x, false);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        INDArray grad = net.gradient().gradient();
        Path dir = Path.of(req.get("out").asText());
        SyntheticData.writeFloats(dir.resolve("output.f32"), output.castTo(DataType.FLOAT).dup('c').data().asFloat());
        SyntheticData.writeFloats(dir.resolve("gradient.f32"), grad.castTo(DataType.FLOAT).dup('c').data().asFloat());
        return Map.of("helpers", helpers, "score", net.score(), "outputs", output.length(), "gradients", grad.length());
    }
}
