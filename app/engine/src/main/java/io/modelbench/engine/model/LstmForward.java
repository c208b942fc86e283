package io.modelbench.engine.model;

import io.modelbench.engine.model.DenseForward.Act;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent network's forward pass for a few windows or sequences in plain Java: DL4J's {@code net.output} spends
 * 3–4.5 ms on one window of 12 steps through an LSTM of 32 units (per-step op calls; the arithmetic is ~50,000
 * multiply-adds), which is what the model server, Try it and {@code predict} pay for every forecast. Takes networks of
 * DL4J {@code LSTM} layers (no peepholes; the last wrapped in {@code LastTimeStep}), then dense layers (dropout layers
 * pass through at inference) and an {@code OutputLayer}, with activations {@link Activations} computes, no input
 * preprocessors; anything else is null and stays on DL4J.
 *
 * <p>Each LSTM step is DL4J's ({@code LSTMHelpers}): {@code z = x·W + h·RW + b} over four blocks of the layer's units,
 * block input {@code a = act(z[0, H))}, forget gate {@code f = gate(z[H, 2H))}, output gate {@code o = gate(z[2H, 3H))},
 * input gate {@code g = gate(z[3H, 4H))}; {@code c = f·c + g·a}, {@code h = act(c)·o}, from zero state. Rows arrive
 * normalized, [rows][channels × steps], channel by channel (the model card's layout). Not thread-safe.
 */
final class LstmForward {

    private final ParamsWatch watch;
    private final List<Recurrent> lstm = new ArrayList<>();
    private final List<Dense> dense = new ArrayList<>();

    /** One LSTM layer: W [nIn][4H] and RW [H][4H] row-major, b [4H]. */
    private record Recurrent(int in, int units, float[] w, float[] rw, float[] b, Act act, float alpha, Act gate, float gateAlpha) {
    }

    /** One dense or output layer: W [nIn][nOut] row-major, b [nOut] (zeros without a bias). */
    private record Dense(int in, int out, float[] w, float[] b, Act act, float alpha) {
    }

    private LstmForward(MultiLayerNetwork net) {
        this.watch = new ParamsWatch(net);
    }

    /** The forward pass for this network, or null where it does not compute it exactly (the class comment lists what). */
    static LstmForward of(MultiLayerNetwork net) {
        if (net == null || net.params() == null || net.params().dataType() != DataType.FLOAT) {
            return null;
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        LstmForward f = new LstmForward(net);
        boolean lastStep = false;
        for (int l = 0; l < net.getnLayers(); l++) {
            Object layer = conf.getConf(l).getLayer();
            if (conf.getInputPreProcess(l) != null) {
                return null;
            }
            Object inner = layer instanceof LastTimeStep t && layer.getClass() == LastTimeStep.class ? t.getUnderlying() : layer;
            if (inner.getClass() == LSTM.class && !lastStep) {
                LSTM c = (LSTM) inner;
                Act act = Activations.of(c.getActivationFn());
                Act gate = Activations.of(c.getGateActivationFn());
                if (act == null || gate == null || act == Act.SOFTMAX || gate == Act.SOFTMAX) {
                    return null;
                }
                int units = (int) c.getNOut();
                int in = f.lstm.isEmpty() ? (int) c.getNIn() : f.lstm.get(f.lstm.size() - 1).units();
                INDArray w = net.getLayer(l).getParam("W");
                INDArray rw = net.getLayer(l).getParam("RW");
                INDArray b = net.getLayer(l).getParam("b");
                if (c.getNIn() != in || c.getRnnDataFormat() != org.deeplearning4j.nn.conf.RNNFormat.NCW || c.getWeightNoise() != null
                        || !shape(w, in, 4L * units) || !shape(rw, units, 4L * units) || b == null || b.length() != 4L * units) {
                    return null;
                }
                f.lstm.add(new Recurrent(in, units, floats(w), floats(rw), floats(b), act,
                        Activations.alpha(c.getActivationFn()), gate, Activations.alpha(c.getGateActivationFn())));
                lastStep = inner != layer;
            } else if (lastStep && layer.getClass() == DropoutLayer.class) {
                continue;   // identity at inference
            } else if (lastStep && (layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class)) {
                org.deeplearning4j.nn.conf.layers.FeedForwardLayer d = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer;
                Act act = Activations.of(d.getActivationFn());
                boolean bias = layer instanceof DenseLayer dl ? dl.hasBias() : ((OutputLayer) layer).hasBias();
                if (act == null || (act == Act.SOFTMAX && layer.getClass() != OutputLayer.class)) {
                    return null;
                }
                int in = f.dense.isEmpty() ? f.lstm.get(f.lstm.size() - 1).units() : f.dense.get(f.dense.size() - 1).out();
                int out = (int) d.getNOut();
                INDArray w = net.getLayer(l).getParam("W");
                INDArray b = bias ? net.getLayer(l).getParam("b") : null;
                if (d.getNIn() != in || !shape(w, in, out) || (bias && (b == null || b.length() != out)) || d.getWeightNoise() != null
                        || (layer instanceof DenseLayer dl2 && dl2.hasLayerNorm())) {
                    return null;
                }
                f.dense.add(new Dense(in, out, floats(w), bias ? floats(b) : new float[out], act, Activations.alpha(d.getActivationFn())));
            } else {
                return null;
            }
        }
        boolean endsInOutput = net.getnLayers() > 0
                && conf.getConf(net.getnLayers() - 1).getLayer().getClass() == OutputLayer.class;
        return lastStep && endsInOutput && !f.lstm.isEmpty() && f.finite() ? f : null;
    }

    private static boolean shape(INDArray a, long rows, long cols) {
        return a != null && a.rank() == 2 && a.size(0) == rows && a.size(1) == cols;
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** Every parameter finite: the dense loop skips zero inputs, which DL4J multiplies (0 · ∞ is NaN there). */
    private boolean finite() {
        for (Recurrent r : lstm) {
            if (!DenseForward.finite(r.w()) || !DenseForward.finite(r.rw()) || !DenseForward.finite(r.b())) {
                return false;
            }
        }
        for (Dense d : dense) {
            if (!DenseForward.finite(d.w()) || !DenseForward.finite(d.b())) {
                return false;
            }
        }
        return true;
    }

    /** The channels the first layer reads per step. */
    int channels() {
        return lstm.get(0).in();
    }

    /** The network's outputs per row. */
    int outputs() {
        return dense.get(dense.size() - 1).out();
    }

    /** True while the copied parameters still are the network's (as {@code DenseForward.current}). */
    boolean current() {
        return watch.current();
    }

    /**
     * The outputs for {@code n} rows of normalized inputs, {@code x[r · channels · steps + c · steps + k]}, row-major
     * [n × outputs].
     */
    float[] output(float[] x, int n, int steps) {
        return output(x, n, steps, null);
    }

    /**
     * As {@link #output(float[], int, int)}, row r read for its first {@code lengths[r]} steps only (null: all): a
     * sequence padded at its end, whose last real step is the one DL4J's mask and {@code LastTimeStep} take.
     */
    float[] output(float[] x, int n, int steps, int[] lengths) {
        int channels = channels();
        // the first layer's input at step k of row r: [n][steps][channels]
        float[] in = new float[n * steps * channels];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < steps; k++) {
                    in[(r * steps + k) * channels + c] = x[(r * channels + c) * steps + k];
                }
            }
        }
        int width = channels;
        for (int l = 0; l < lstm.size(); l++) {
            boolean last = l == lstm.size() - 1;
            in = recurrent(lstm.get(l), in, n, steps, width, last, lengths);
            width = lstm.get(l).units();
        }
        float[] h = in;   // [n][units] of the last step
        for (Dense d : dense) {
            float[] y = new float[n * d.out()];
            for (int r = 0; r < n; r++) {
                System.arraycopy(d.b(), 0, y, r * d.out(), d.out());
                for (int i = 0; i < d.in(); i++) {
                    float v = h[r * d.in() + i];
                    if (v != 0f) {
                        int row = i * d.out();
                        for (int j = 0; j < d.out(); j++) {
                            y[r * d.out() + j] += v * d.w()[row + j];
                        }
                    }
                }
            }
            Activations.apply(d.act(), d.alpha(), y, n, d.out());
            h = y;
        }
        return h;
    }

    /** One LSTM layer over all steps; every step's h [n][steps][units], or the last step's [n][units] when {@code last}. */
    private static float[] recurrent(Recurrent p, float[] in, int n, int steps, int width, boolean last, int[] lengths) {
        int units = p.units();
        int four = 4 * units;
        float[] out = new float[last ? n * units : n * steps * units];
        float[] z = new float[four];
        float[] a = new float[units];
        float[] gates = new float[3 * units];
        float[] h = new float[units];
        float[] c = new float[units];
        float[] act = new float[units];
        for (int r = 0; r < n; r++) {
            java.util.Arrays.fill(h, 0f);
            java.util.Arrays.fill(c, 0f);
            int len = lengths == null ? steps : lengths[r];
            for (int k = 0; k < len; k++) {
                System.arraycopy(p.b(), 0, z, 0, four);
                int at = (r * steps + k) * width;
                for (int i = 0; i < width; i++) {
                    float v = in[at + i];
                    int row = i * four;
                    for (int j = 0; j < four; j++) {
                        z[j] += v * p.w()[row + j];
                    }
                }
                for (int i = 0; i < units; i++) {
                    float v = h[i];
                    int row = i * four;
                    for (int j = 0; j < four; j++) {
                        z[j] += v * p.rw()[row + j];
                    }
                }
                System.arraycopy(z, 0, a, 0, units);
                Activations.apply(p.act(), p.alpha(), a, 1, units);
                System.arraycopy(z, units, gates, 0, 3 * units);   // forget, output, input gate
                Activations.apply(p.gate(), p.gateAlpha(), gates, 1, 3 * units);
                for (int j = 0; j < units; j++) {
                    c[j] = gates[j] * c[j] + gates[2 * units + j] * a[j];
                }
                System.arraycopy(c, 0, act, 0, units);
                Activations.apply(p.act(), p.alpha(), act, 1, units);
                for (int j = 0; j < units; j++) {
                    h[j] = act[j] * gates[units + j];
                }
                if (!last) {
                    System.arraycopy(h, 0, out, (r * steps + k) * units, units);
                }
            }
            if (last) {
                System.arraycopy(h, 0, out, r * units, units);
            }
        }
        return out;
    }
}
