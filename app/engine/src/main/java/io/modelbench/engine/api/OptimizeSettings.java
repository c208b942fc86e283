package io.modelbench.engine.api;

import java.util.List;
import java.util.Locale;

/**
 * What {@code optimize} does to a trained model. {@code method}: {@code int8} (weights as 8-bit integers, one scale
 * per output channel), {@code fp16} (parameters as 16-bit floats), {@code prune} (the smallest weights by magnitude
 * set to zero until {@code sparsity} of them are, then {@code epochs} of fine-tuning with the zeros kept) or
 * {@code distill} (a new student trained for {@code epochs} on the teacher's probabilities softened by
 * {@code temperature}, weighted {@code alpha}, blended with the true labels). {@code pruneScope}: {@code global} (one
 * threshold over all weights, so layers end up with different sparsities) or {@code layer} (every weight matrix pruned
 * to {@code sparsity} on its own). {@code student}: {@code mlp} (dense layers of {@code studentLayers}, for table and
 * image teachers) or {@code cnn} (an image teacher's own layers with every convolution's filters and every hidden dense
 * layer's units scaled by {@code filterScale}, at least one each). Settings a method does not use are ignored.
 */
public record OptimizeSettings(String method, double sparsity, List<Integer> studentLayers, double temperature,
                               double alpha, int epochs, String pruneScope, String student, double filterScale) {

    public static final List<String> METHODS = List.of("int8", "fp16", "prune", "distill");
    public static final List<String> PRUNE_SCOPES = List.of("global", "layer");
    public static final List<String> STUDENTS = List.of("mlp", "cnn");
    public static final double DEFAULT_TEMPERATURE = 4;
    public static final double DEFAULT_ALPHA = 0.7;
    public static final int DEFAULT_PRUNE_EPOCHS = 2;
    public static final int DEFAULT_DISTILL_EPOCHS = 20;

    public OptimizeSettings {
        method = method == null ? "" : method.trim().toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw InputException.setting("method", method, "choose one of --quantize int8, --quantize fp16, --prune or --distill");
        }
        studentLayers = studentLayers == null ? List.of() : List.copyOf(studentLayers);
        pruneScope = pruneScope == null || pruneScope.isBlank() ? "global" : pruneScope.trim().toLowerCase(Locale.ROOT);
        student = student == null || student.isBlank() ? "mlp" : student.trim().toLowerCase(Locale.ROOT);
        if (method.equals("prune") && !(sparsity > 0 && sparsity < 1)) {
            throw InputException.setting("sparsity (--prune)", sparsity, "give the share of weights to set to zero, above 0 and below 1, such as 0.5");
        }
        if (method.equals("prune") && !PRUNE_SCOPES.contains(pruneScope)) {
            throw InputException.setting("pruning scope (--prune-scope)", pruneScope, "use global or layer");
        }
        if (method.equals("distill") && !STUDENTS.contains(student)) {
            throw InputException.setting("student", student, "use mlp (--distill SIZES) or cnn (--distill-cnn SCALE)");
        }
        if (method.equals("distill") && student.equals("cnn") && !(filterScale > 0 && filterScale <= 1)) {
            throw InputException.setting("filter scale (--distill-cnn)", filterScale,
                    "give the share of the teacher's filters the student keeps, above 0 and up to 1, such as 0.5");
        }
        if (method.equals("distill")) {
            boolean badLayers = studentLayers.isEmpty() || studentLayers.size() > 16 || studentLayers.stream().anyMatch(u -> u < 1 || u > 16_384);
            if (student.equals("mlp") && badLayers) {
                throw InputException.setting("student layers (--distill)", studentLayers, "give 1 to 16 dense layer sizes from 1 to 16384, such as 64,32");
            }
            if (!(temperature >= 1 && temperature <= 100)) {
                throw InputException.setting("temperature", temperature, "choose a temperature from 1 to 100, such as 4");
            }
            if (!(alpha >= 0 && alpha <= 1)) {
                throw InputException.setting("alpha", alpha, "choose the teacher's weight from 0 to 1, such as 0.7");
            }
        }
        if ((method.equals("prune") || method.equals("distill")) && (epochs < 0 || epochs > 10_000)) {
            throw InputException.setting("epochs", epochs, "choose a whole number of epochs from 0 to 10000");
        }
    }

    public static OptimizeSettings int8() {
        return new OptimizeSettings("int8", 0, List.of(), DEFAULT_TEMPERATURE, DEFAULT_ALPHA, 0, null, null, 0);
    }

    public static OptimizeSettings fp16() {
        return new OptimizeSettings("fp16", 0, List.of(), DEFAULT_TEMPERATURE, DEFAULT_ALPHA, 0, null, null, 0);
    }

    /** Global magnitude pruning. */
    public static OptimizeSettings prune(double sparsity, int epochs) {
        return prune(sparsity, "global", epochs);
    }

    /** Magnitude pruning, {@code scope} global or layer. */
    public static OptimizeSettings prune(double sparsity, String scope, int epochs) {
        return new OptimizeSettings("prune", sparsity, List.of(), DEFAULT_TEMPERATURE, DEFAULT_ALPHA, epochs, scope, null, 0);
    }

    /** An MLP student with these dense layers. */
    public static OptimizeSettings distill(List<Integer> layers, double temperature, double alpha, int epochs) {
        return new OptimizeSettings("distill", 0, layers, temperature, alpha, epochs, null, "mlp", 0);
    }

    /** A CNN student: the image teacher's layers with filters and hidden units scaled by {@code filterScale}. */
    public static OptimizeSettings distillCnn(double filterScale, double temperature, double alpha, int epochs) {
        return new OptimizeSettings("distill", 0, List.of(), temperature, alpha, epochs, null, "cnn", filterScale);
    }

    /** True for a distillation into a scaled-down CNN. */
    public boolean cnnStudent() {
        return method.equals("distill") && student.equals("cnn");
    }

    /** The settings in words, as the model card records them. */
    public String describe() {
        return switch (method) {
            case "int8" -> "int8 weight-only, symmetric, one scale per output channel; biases and batch norm as float32";
            case "fp16" -> "all parameters stored as 16-bit floats, computed in float32 after loading";
            case "prune" -> "magnitude pruning to " + Math.round(sparsity * 100) + " % of the weights ("
                    + (pruneScope.equals("layer") ? "per layer" : "global") + "), " + epochs
                    + " epochs of fine-tuning on the training split with the zeros kept";
            default -> "distilled into " + (cnnStudent() ? "a CNN with the teacher's layers at " + Math.round(filterScale * 100)
                    + " % of its filters and units" : "an MLP " + studentLayers) + ", temperature " + temperature + ", alpha " + alpha + " (teacher's weight), "
                    + epochs + " epochs on the training split";
        };
    }
}
