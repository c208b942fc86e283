package io.modelbench.engine.model;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.LayerInfo;
import io.modelbench.engine.api.LayerSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;

import java.util.List;

/**
 * The layers that read sequences (time-series windows, [channels, time] per example): LSTM (DL4J's {@code LSTM};
 * M2.1 has no GRU), bidirectional LSTM ({@code Bidirectional}, outputs side by side), 1-D convolution
 * ({@code Convolution1DLayer}) and pooling ({@code Subsampling1DLayer}), and the last time step ({@code LastTimeStep},
 * which wraps the LSTM before it, so it adds no DL4J layer of its own; after 1-D convolution or pooling, which
 * {@code LastTimeStep} cannot wrap in M2.1, a {@code Cropping1D} that keeps only the last step). Builds them and works out each one's output
 * shape and parameters for the summary, naming the first layer that does not fit.
 */
final class SequenceLayers {

    /** Where a sequence stands after a layer: {@code sequence} (channels × steps) or a plain vector of {@code channels}. */
    record State(boolean sequence, int channels, int steps) {
    }

    private SequenceLayers() {
    }

    static boolean recurrent(LayerSpec l) {
        return l.type().equals("lstm") || l.type().equals("bilstm");
    }

    /**
     * The last of {@code steps} time steps after a 1-D convolution or pooling: {@code Cropping1D} keeps it as a sequence
     * of one step, which DL4J's own preprocessor turns into a vector for the dense layers that follow.
     */
    static Layer lastStepOf(int steps) {
        return new org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D.Builder(steps - 1, 0).build();
    }

    /** The DL4J layer for a sequence layer spec; {@code lastStep}: wrapped in {@code LastTimeStep} (the next spec asks for it). */
    static Layer layer(LayerSpec l, boolean lastStep) {
        Layer layer = switch (l.type()) {
            case "lstm", "bilstm" -> {
                LSTM.Builder b = new LSTM.Builder().nOut(l.units()).activation(NetworkFactory.activation(l.activation()))
                        .weightInit(NetworkFactory.weightInit(l.weightInit().equals("relu") ? "xavier" : l.weightInit()));
                if (l.dropout() > 0) {
                    b.dropOut(1.0 - l.dropout());
                }
                if (l.l2() > 0) {
                    b.l2(l.l2());
                }
                LSTM lstm = b.build();
                yield l.type().equals("bilstm") ? new Bidirectional(Bidirectional.Mode.CONCAT, lstm) : lstm;
            }
            case "conv1d" -> {
                Convolution1DLayer.Builder b = new Convolution1DLayer.Builder().kernelSize(l.kernel()).stride(l.stride())
                        .nOut(l.units()).convolutionMode(l.padding().equals("same") ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                        .rnnDataFormat(RNNFormat.NCW).activation(NetworkFactory.activation(l.activation()))
                        .weightInit(NetworkFactory.weightInit(l.weightInit()));
                if (l.dropout() > 0) {
                    b.dropOut(1.0 - l.dropout());
                }
                if (l.l2() > 0) {
                    b.l2(l.l2());
                }
                yield b.build();
            }
            case "maxpool1d", "avgpool1d" -> new Subsampling1DLayer.Builder(l.type().startsWith("max") ? PoolingType.MAX : PoolingType.AVG)
                    .kernelSize(l.kernel()).stride(l.stride())
                    .convolutionMode(l.padding().equals("same") ? ConvolutionMode.Same : ConvolutionMode.Truncate).build();
            default -> throw new IllegalArgumentException(l.type());
        };
        return lastStep ? new LastTimeStep(layer) : layer;
    }

    /**
     * The state after layer {@code l} (number {@code i}, 0-based) given the state before it, with its row for the
     * summary added to {@code out}; an {@code InputException} naming the layer when it does not fit.
     */
    static State apply(LayerSpec l, int i, State in, List<LayerInfo> out, boolean seriesInput) {
        String where = "layer " + (i + 1) + " (" + l.describe() + ")";
        if (!seriesInput && l.sequential()) {
            throw InputException.general(where + " does not fit", "LSTM and 1-D layers read time series: give a time column, or use dense layers");
        }
        if (!in.sequence() && l.sequential()) {
            throw InputException.general(where + " does not fit: its input is no longer a sequence",
                    "put LSTM, 1-D convolution and pooling layers before 'last time step'");
        }
        int c = in.channels();
        int t = in.steps();
        int inSize = in.sequence() ? c * t : c;
        long params = 0;
        State next;
        switch (l.type()) {
            case "lstm" -> {
                params = 4L * l.units() * (c + l.units() + 1);   // input and recurrent weights and biases of 4 gates
                next = new State(true, l.units(), t);
            }
            case "bilstm" -> {
                params = 8L * l.units() * (c + l.units() + 1);
                next = new State(true, 2 * l.units(), t);
            }
            case "conv1d", "maxpool1d", "avgpool1d" -> {
                if (l.padding().equals("valid") && t < l.kernel()) {
                    throw InputException.general(where + " does not fit: its input has " + t + " steps, fewer than its window of " + l.kernel(),
                            "use a smaller kernel, same padding, a longer window, or fewer pooling layers before it");
                }
                int nt = l.padding().equals("same") ? (t + l.stride() - 1) / l.stride() : (t - l.kernel()) / l.stride() + 1;
                if (l.type().equals("conv1d")) {
                    params = (long) l.kernel() * c * l.units() + l.units();
                    c = l.units();
                }
                next = new State(true, c, nt);
            }
            case "lasttimestep" -> {
                if (i == 0) {
                    throw InputException.general(where + " does not fit: it follows no sequence layer",
                            "put an LSTM or 1-D convolution layer before 'last time step'");
                }
                next = new State(false, c, 1);
            }
            default -> throw InputException.general(where + " does not fit: it reads a vector, but its input is a sequence of " + t + " steps",
                    "add 'last time step' after the LSTM or 1-D layers, before dense, dropout and batch norm layers");
        }
        out.add(new LayerInfo(i, label(l), inSize, next.sequence() ? next.channels() * next.steps() : next.channels(),
                l.type().equals("lasttimestep") || l.type().contains("pool") ? "" : l.activation(), params,
                next.sequence() ? next.channels() + "×" + next.steps() : Integer.toString(next.channels())));
        return next;
    }

    private static String label(LayerSpec l) {
        return switch (l.type()) {
            case "lstm" -> "LSTM";
            case "bilstm" -> "Bidirectional LSTM";
            case "conv1d" -> "Conv1D " + l.kernel() + (l.stride() > 1 ? " /" + l.stride() : "");
            case "maxpool1d" -> "Max pool1D " + l.kernel();
            case "avgpool1d" -> "Avg pool1D " + l.kernel();
            default -> "Last time step";
        };
    }
}
