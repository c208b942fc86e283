package io.modelbench.engine.api;

import java.util.Locale;

/**
 * One hidden layer of a network as the user edits it (the output layer is added from the task). Fields that do
 * not apply to a layer's type are ignored; zero or null means "the default for this type". {@code dropout} is
 * the share of this layer's inputs dropped while training (0 = none), as in PyTorch and Keras.
 *
 * <ul>
 *   <li>{@code dense}: {@code units} outputs, {@code activation}, {@code dropout}, {@code weightInit}, {@code l2}</li>
 *   <li>{@code conv}: {@code units} filters of {@code kernel}×{@code kernel}, {@code stride}, {@code padding}
 *       ({@code same} keeps the size at stride 1, {@code valid} shrinks it), activation, dropout, weight init, L2</li>
 *   <li>{@code maxpool}, {@code avgpool}: {@code kernel}×{@code kernel} window, {@code stride} (default: the kernel)</li>
 *   <li>{@code batchnorm}: normalizes the previous layer's outputs per unit or channel</li>
 *   <li>{@code dropout}: drops {@code dropout} of its inputs while training</li>
 *   <li>for sequences (time series windows): {@code lstm} ({@code units} cells, activation tanh by default, dropout of its
 *       inputs), {@code bilstm} (the same read forwards and backwards, outputs side by side), {@code conv1d}
 *       ({@code units} filters over {@code kernel} steps), {@code maxpool1d}, {@code avgpool1d}, and
 *       {@code lasttimestep} (keeps the last step of the sequence before dense layers)</li>
 * </ul>
 */
public record LayerSpec(String type, int units, int kernel, int stride, String padding, String activation,
                        double dropout, String weightInit, double l2) {

    public static final java.util.List<String> TYPES = java.util.List.of("dense", "conv", "maxpool", "avgpool", "batchnorm", "dropout",
            "lstm", "bilstm", "conv1d", "maxpool1d", "avgpool1d", "lasttimestep");
    public static final java.util.List<String> ACTIVATIONS = java.util.List.of("relu", "leakyrelu", "elu", "tanh", "sigmoid", "identity", "swish");
    public static final java.util.List<String> WEIGHT_INITS = java.util.List.of("relu", "xavier", "lecun_normal", "normal", "uniform");

    public LayerSpec {
        type = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw InputException.setting("layer type", type, "use one of " + String.join(", ", TYPES));
        }
        boolean recurrent = type.equals("lstm") || type.equals("bilstm");
        activation = activation == null || activation.isBlank() ? (recurrent ? "tanh" : "relu") : activation.trim().toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(activation)) {
            throw InputException.setting("activation", activation, "use one of " + String.join(", ", ACTIVATIONS));
        }
        weightInit = weightInit == null || weightInit.isBlank() ? "relu" : weightInit.trim().toLowerCase(Locale.ROOT);
        if (!WEIGHT_INITS.contains(weightInit)) {
            throw InputException.setting("weight init", weightInit, "use one of " + String.join(", ", WEIGHT_INITS));
        }
        padding = padding == null || padding.isBlank() ? "same" : padding.trim().toLowerCase(Locale.ROOT);
        if (!padding.equals("same") && !padding.equals("valid")) {
            throw InputException.setting("padding", padding, "use same or valid");
        }
        if (units == 0) {
            units = switch (type) {
                case "dense" -> 64;
                case "conv" -> 16;
                case "lstm", "bilstm", "conv1d" -> 32;
                default -> 0;
            };
        }
        if (kernel == 0) {
            kernel = type.startsWith("conv") ? 3 : type.endsWith("pool") || type.endsWith("pool1d") ? 2 : 0;
        }
        if (stride == 0) {
            stride = type.endsWith("pool") || type.endsWith("pool1d") ? kernel : 1;
        }
        if (units < 0 || units > 16_384) {
            throw InputException.setting(type + " units", units, "choose 1 to 16384");
        }
        if (kernel < 0 || kernel > 64) {
            throw InputException.setting(type + " kernel", kernel, "choose 1 to 64");
        }
        if (stride < 1 || stride > 64) {
            throw InputException.setting(type + " stride", stride, "choose 1 to 64");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw InputException.setting("dropout", dropout, "give the share of inputs to drop, from 0 (none) to below 1, such as 0.2");
        }
        if (!(l2 >= 0 && l2 < 1)) {
            throw InputException.setting("L2", l2, "give a small non-negative number such as 0.0001, or 0 for none");
        }
    }

    public static LayerSpec dense(int units) {
        return new LayerSpec("dense", units, 0, 0, null, "relu", 0, null, 0);
    }

    public static LayerSpec conv(int filters, int kernel) {
        return new LayerSpec("conv", filters, kernel, 1, "same", "relu", 0, null, 0);
    }

    public static LayerSpec maxPool(int kernel) {
        return new LayerSpec("maxpool", 0, kernel, kernel, "valid", "identity", 0, null, 0);
    }

    public static LayerSpec dropoutLayer(double rate) {
        return new LayerSpec("dropout", 0, 0, 0, null, "identity", rate, null, 0);
    }

    public static LayerSpec batchNorm() {
        return new LayerSpec("batchnorm", 0, 0, 0, null, "identity", 0, null, 0);
    }

    public static LayerSpec lstm(int units) {
        return new LayerSpec("lstm", units, 0, 0, null, "tanh", 0, null, 0);
    }

    public static LayerSpec conv1d(int filters, int kernel) {
        return new LayerSpec("conv1d", filters, kernel, 1, "same", "relu", 0, null, 0);
    }

    public static LayerSpec maxPool1d(int kernel) {
        return new LayerSpec("maxpool1d", 0, kernel, kernel, "valid", "identity", 0, null, 0);
    }

    public static LayerSpec lastTimeStep() {
        return new LayerSpec("lasttimestep", 0, 0, 0, null, "identity", 0, null, 0);
    }

    /** True for layers that read a sequence (recurrent, 1-D convolution and pooling, last time step). */
    public boolean sequential() {
        return type.equals("lstm") || type.equals("bilstm") || type.endsWith("1d") || type.equals("lasttimestep");
    }

    /** True for layers that need image-shaped input (convolution and pooling). */
    public boolean spatial() {
        return type.equals("conv") || type.endsWith("pool");
    }

    public LayerSpec withUnits(int u) {
        return new LayerSpec(type, u, kernel, stride, padding, activation, dropout, weightInit, l2);
    }

    public LayerSpec withKernel(int k) {
        return new LayerSpec(type, units, k, stride, padding, activation, dropout, weightInit, l2);
    }

    public LayerSpec withStride(int s) {
        return new LayerSpec(type, units, kernel, s, padding, activation, dropout, weightInit, l2);
    }

    public LayerSpec withPadding(String p) {
        return new LayerSpec(type, units, kernel, stride, p, activation, dropout, weightInit, l2);
    }

    public LayerSpec withActivation(String a) {
        return new LayerSpec(type, units, kernel, stride, padding, a, dropout, weightInit, l2);
    }

    public LayerSpec withDropout(double d) {
        return new LayerSpec(type, units, kernel, stride, padding, activation, d, weightInit, l2);
    }

    public LayerSpec withWeightInit(String w) {
        return new LayerSpec(type, units, kernel, stride, padding, activation, dropout, w, l2);
    }

    public LayerSpec withL2(double v) {
        return new LayerSpec(type, units, kernel, stride, padding, activation, dropout, weightInit, v);
    }

    /** A short description such as "conv 5×5 ×20, relu" for lists and messages. */
    public String describe() {
        return switch (type) {
            case "dense" -> "dense " + units + ", " + activation;
            case "conv" -> "conv " + kernel + "×" + kernel + " ×" + units + (stride > 1 ? " stride " + stride : "") + ", " + activation;
            case "maxpool", "avgpool" -> type.substring(0, 3) + " pool " + kernel + "×" + kernel;
            case "dropout" -> "dropout " + dropout;
            case "lstm", "bilstm" -> type.replace("lstm", "LSTM") + " " + units + (dropout > 0 ? ", dropout " + dropout : "");
            case "conv1d" -> "conv1d " + kernel + " ×" + units + (stride > 1 ? " stride " + stride : "") + ", " + activation;
            case "maxpool1d", "avgpool1d" -> type.substring(0, 3) + " pool1d " + kernel;
            case "lasttimestep" -> "last time step";
            default -> "batch norm";
        };
    }
}
