package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.LayerSpec;

/** The Model page's layer commands in words: a new layer of a type with its defaults, one setting changed. */
final class LayerEdits {

    private LayerEdits() {
    }

    /** A layer of the type ("dense", "conv", "maxpool", "avgpool", "batchnorm", "dropout") with its defaults. */
    static LayerSpec newLayer(String type) {
        return switch (type) {
            case "dense" -> LayerSpec.dense(64);
            case "conv" -> LayerSpec.conv(16, 3);
            case "maxpool" -> LayerSpec.maxPool(2);
            case "avgpool" -> new LayerSpec("avgpool", 0, 2, 2, "valid", "identity", 0, null, 0);
            case "batchnorm" -> LayerSpec.batchNorm();
            case "dropout" -> LayerSpec.dropoutLayer(0.25);
            case "lstm" -> LayerSpec.lstm(32);
            case "bilstm" -> new LayerSpec("bilstm", 32, 0, 0, null, "tanh", 0, null, 0);
            case "conv1d" -> LayerSpec.conv1d(32, 3);
            case "maxpool1d" -> LayerSpec.maxPool1d(2);
            case "avgpool1d" -> new LayerSpec("avgpool1d", 0, 2, 2, "valid", "identity", 0, null, 0);
            case "lasttimestep" -> LayerSpec.lastTimeStep();
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * The layer with one setting changed: "units", "kernel", "stride" (numbers), "padding", "activation",
     * "weightInit" (names), "dropout", "l2" (numbers); an {@link InputException} naming the setting if refused.
     */
    static LayerSpec edited(LayerSpec l, String field, Object value) {
        return switch (field) {
            case "units" -> l.withUnits(toInt(value, "units"));
            case "kernel" -> l.withKernel(toInt(value, "kernel"));
            case "stride" -> l.withStride(toInt(value, "stride"));
            case "padding" -> l.withPadding(String.valueOf(value));
            case "activation" -> l.withActivation(String.valueOf(value));
            case "weightInit" -> l.withWeightInit(String.valueOf(value));
            case "dropout" -> l.withDropout(toDouble(value, "dropout"));
            case "l2" -> l.withL2(toDouble(value, "L2"));
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** A memory size as the summary line shows it: KB, MB or GB. */
    static String bytes(long b) {
        if (b < 1024 * 1024) {
            return String.format("%.0f KB", Math.max(1, b / 1024.0));
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format("%.1f MB", b / (1024.0 * 1024));
        }
        return String.format("%.2f GB", b / (1024.0 * 1024 * 1024));
    }

    private static int toInt(Object v, String name) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw InputException.setting(name, v, "enter a whole number");
        }
    }

    private static double toDouble(Object v, String name) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw InputException.setting(name, v, "enter a number");
        }
    }
}
