package io.modelbench.engine.model;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.InputShape;
import io.modelbench.engine.api.LayerInfo;
import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.ModelSummary;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingSettings;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds DL4J networks from a {@link ModelSpec} (any mix of dense, convolution, pooling, batch normalization
 * and dropout layers) for a given input shape, and checks a spec without building it: every layer's output
 * shape, its parameters, and an estimate of training memory, with a message naming the first layer that
 * does not fit (for the layer editor, as the user types).
 */
public final class NetworkFactory {

    /** Windows longer than this many steps train an LSTM template with truncated backpropagation through time. */
    public static final int TBPTT_FROM = 100;
    /** The steps that truncated backpropagation runs back over (forwards, the state runs through the whole window). */
    public static final int TBPTT_LENGTH = 50;

    private NetworkFactory() {
    }

    /**
     * Whether a spec trains with truncated backpropagation through time on this input: windows of more than
     * {@link #TBPTT_FROM} steps and LSTM layers whose last time step feeds the output directly (the LSTM templates).
     * Such a network ends in an {@code RnnOutputLayer} instead of {@code LastTimeStep} + {@code OutputLayer} (the same
     * parameters): DL4J truncates only with a label per time step, so the label sits on the last step and a label mask
     * hides the others; gradients then reach back {@link #TBPTT_LENGTH} steps from the label, which keeps a long window's
     * training time and memory in proportion to that length. Other specs on long windows use full backpropagation.
     */
    public static boolean truncatedBptt(ModelSpec spec, InputShape input) {
        List<LayerSpec> l = spec.layers();
        int n = l.size();
        return input.sequence() && input.width() > TBPTT_FROM && n >= 2 && l.get(n - 1).type().equals("lasttimestep")
                && l.subList(0, n - 1).stream().allMatch(x -> x.type().equals("lstm") || x.type().equals("bilstm"));
    }

    /**
     * @param classWeights per-class loss weights (classification), or null
     */
    public static MultiLayerConfiguration configuration(ModelSpec spec, InputShape input, int outputs, TaskType task,
                                                        TrainingSettings s, double[] classWeights) {
        ModelSummary checked = summary(spec, input, outputs, task, s.batchSize(), s.optimization().optimizer()); // names the layer that does not fit
        Optimization o = s.optimization();
        NeuralNetConfiguration.Builder nb = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .dataType(DataType.FLOAT)
                .updater(MlpFactory.updater(o, MlpFactory.schedule(s)))
                .weightInit(WeightInit.RELU);
        if (o.weightDecay() > 0) {
            nb.l2(o.weightDecay());
        }
        if (o.clipNorm() > 0) {
            nb.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(o.clipNorm());
        }
        NeuralNetConfiguration.ListBuilder b = nb.list();
        int i = 0;
        boolean tbptt = task == TaskType.REGRESSION && truncatedBptt(spec, input);   // forecasting; classifiers use full BPTT
        List<LayerSpec> specs = tbptt ? spec.layers().subList(0, spec.layers().size() - 1) : spec.layers();
        for (int k = 0; k < specs.size(); k++) {
            LayerSpec l = specs.get(k);
            if (l.type().equals("lasttimestep")) {
                if (!SequenceLayers.recurrent(specs.get(k - 1))) {
                    // after 1-D convolution or pooling (LastTimeStep wraps only recurrent layers): crop all steps but the last
                    String shape = checked.layers().get(k - 1).outputShape();
                    b.layer(i++, SequenceLayers.lastStepOf(Integer.parseInt(shape.substring(shape.indexOf('×') + 1))));
                }
                continue;   // else it wraps the LSTM before it
            }
            boolean lastStep = SequenceLayers.recurrent(l) && k + 1 < specs.size() && specs.get(k + 1).type().equals("lasttimestep");
            b.layer(i++, l.sequential() ? SequenceLayers.layer(l, lastStep) : layer(l));
        }
        boolean cls = task == TaskType.CLASSIFICATION;
        OutputLayer.Builder out = classWeights != null
                ? new OutputLayer.Builder().lossFunction(new LossMCXENT(Nd4j.create(classWeights).castTo(DataType.FLOAT)))
                : new OutputLayer.Builder(cls ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE);
        if (tbptt) {
            b.layer(i, new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(outputs)
                    .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build());
            b.backpropType(org.deeplearning4j.nn.conf.BackpropType.TruncatedBPTT).tBPTTForwardLength(TBPTT_LENGTH)
                    .tBPTTBackwardLength(TBPTT_LENGTH);
        } else {
            b.layer(i, out.nOut(outputs)
                    .activation(cls ? Activation.SOFTMAX : Activation.IDENTITY)
                    .weightInit(WeightInit.XAVIER)
                    .build());
        }
        b.setInputType(input.image()
                ? InputType.convolutionalFlat(input.height(), input.width(), input.channels())
                : input.sequence() ? InputType.recurrent(input.channels(), input.width()) : InputType.feedForward(input.width()));
        return b.build();
    }

    public static MultiLayerNetwork build(ModelSpec spec, InputShape input, int outputs, TaskType task,
                                          TrainingSettings s, double[] classWeights) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, input, outputs, task, s, classWeights));
        net.init();
        return net;
    }

    private static Layer layer(LayerSpec l) {
        return switch (l.type()) {
            case "dense" -> common(new DenseLayer.Builder().nOut(l.units()), l).build();
            case "conv" -> common(new ConvolutionLayer.Builder(l.kernel(), l.kernel())
                    .stride(l.stride(), l.stride()).nOut(l.units()).convolutionMode(mode(l)), l).build();
            case "maxpool", "avgpool" -> new SubsamplingLayer.Builder(l.type().equals("maxpool") ? PoolingType.MAX : PoolingType.AVG)
                    .kernelSize(l.kernel(), l.kernel()).stride(l.stride(), l.stride()).convolutionMode(mode(l)).build();
            case "batchnorm" -> new BatchNormalization.Builder().build();
            case "dropout" -> new DropoutLayer.Builder(1.0 - l.dropout()).build();
            default -> throw new IllegalArgumentException(l.type());
        };
    }

    private static <T extends BaseLayer.Builder<T>> T common(T b, LayerSpec l) {
        b.activation(activation(l.activation())).weightInit(weightInit(l.weightInit()));
        if (l.dropout() > 0) {
            b.dropOut(1.0 - l.dropout()); // DL4J takes the probability of keeping an input
        }
        if (l.l2() > 0) {
            b.l2(l.l2());
        }
        return b;
    }

    private static ConvolutionMode mode(LayerSpec l) {
        return l.padding().equals("same") ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }

    static Activation activation(String id) {
        return switch (id) {
            case "leakyrelu" -> Activation.LEAKYRELU;
            case "elu" -> Activation.ELU;
            case "tanh" -> Activation.TANH;
            case "sigmoid" -> Activation.SIGMOID;
            case "identity" -> Activation.IDENTITY;
            case "swish" -> Activation.SWISH;
            default -> Activation.RELU;
        };
    }

    static WeightInit weightInit(String id) {
        return switch (id) {
            case "xavier" -> WeightInit.XAVIER;
            case "lecun_normal" -> WeightInit.LECUN_NORMAL;
            case "normal" -> WeightInit.NORMAL;
            case "uniform" -> WeightInit.UNIFORM;
            default -> WeightInit.RELU;
        };
    }

    /**
     * Each layer's output shape and parameters and the training-memory estimate, computed in plain Java (no
     * native code). Throws an {@link InputException} naming the first layer that does not fit its input.
     */
    public static ModelSummary summary(ModelSpec spec, InputShape input, int outputs, TaskType task, int batchSize,
                                       String optimizer) {
        List<LayerInfo> layers = new ArrayList<>();
        boolean spatial = input.image();
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        long total = 0;
        long activations = input.size();
        int i = 0;
        SequenceLayers.State seq = input.sequence() ? new SequenceLayers.State(true, input.channels(), input.width()) : null;
        for (LayerSpec l : spec.layers()) {
            if (l.sequential() || (seq != null && seq.sequence())) {
                seq = SequenceLayers.apply(l, i, seq == null ? new SequenceLayers.State(false, w, 1) : seq, layers, input.sequence());
                LayerInfo added = layers.get(layers.size() - 1);
                total += added.parameters();
                activations += added.outputs();
                w = seq.sequence() ? seq.channels() * seq.steps() : seq.channels();
                spatial = false;
                i++;
                continue;
            }
            int in = spatial ? c * h * w : w;
            String where = "layer " + (i + 1) + " (" + l.describe() + ")";
            long params = 0;
            switch (l.type()) {
                case "conv", "maxpool", "avgpool" -> {
                    if (!spatial) {
                        throw InputException.general(where + " does not fit", input.image()
                                ? "convolution and pooling must come before the first dense layer: move it up"
                                : "convolution and pooling need image data; for a table use dense layers");
                    }
                    if (l.padding().equals("valid") && (h < l.kernel() || w < l.kernel())) {
                        throw InputException.general(where + " does not fit: its input is " + h + "×" + w
                                + ", smaller than its " + l.kernel() + "×" + l.kernel() + " window",
                                "use a smaller kernel, same padding, or fewer pooling layers before it");
                    }
                    int nh = l.padding().equals("same") ? ceilDiv(h, l.stride()) : (h - l.kernel()) / l.stride() + 1;
                    int nw = l.padding().equals("same") ? ceilDiv(w, l.stride()) : (w - l.kernel()) / l.stride() + 1;
                    if (l.type().equals("conv")) {
                        params = (long) l.kernel() * l.kernel() * c * l.units() + l.units();
                        c = l.units();
                    }
                    h = nh;
                    w = nw;
                }
                case "dense" -> {
                    params = (long) in * l.units() + l.units();
                    spatial = false;
                    w = l.units();
                }
                case "batchnorm" -> params = 4L * (spatial ? c : w); // gamma, beta, running mean and variance
                default -> {
                }
            }
            int out = spatial ? c * h * w : w;
            layers.add(new LayerInfo(i, label(l), in, out, l.spatial() || l.type().equals("dense") ? l.activation() : "",
                    params, spatial ? c + "×" + h + "×" + w : Integer.toString(out)));
            total += params;
            activations += out;
            i++;
        }
        if (seq != null && seq.sequence()) {
            throw InputException.general("the output layer does not fit: its input is still a sequence of " + seq.steps() + " steps",
                    "end the LSTM or 1-D layers with 'last time step' (the LSTM template does)");
        }
        int in = spatial ? c * h * w : w;
        boolean cls = task == TaskType.CLASSIFICATION;
        long p = (long) in * outputs + outputs;
        layers.add(new LayerInfo(i, cls ? "Output (cross-entropy)" : "Output (mean squared error)", in, outputs,
                cls ? "softmax" : "identity", p, Integer.toString(outputs)));
        total += p;
        activations += outputs;
        int slots = switch (optimizer == null ? "adam" : optimizer) {
            case "sgd" -> 0;
            case "nesterov", "rmsprop", "adagrad" -> 1;
            default -> 2;
        };
        // weights + gradients + optimizer state, and each layer's activations and their gradients for a batch
        long bytes = 4L * (total * (2 + slots) + 2L * batchSize * activations);
        return new ModelSummary(layers, total, bytes);
    }

    private static String label(LayerSpec l) {
        return switch (l.type()) {
            case "dense" -> "Dense";
            case "conv" -> "Conv " + l.kernel() + "×" + l.kernel() + (l.stride() > 1 ? " /" + l.stride() : "");
            case "maxpool" -> "Max pool " + l.kernel() + "×" + l.kernel();
            case "avgpool" -> "Avg pool " + l.kernel() + "×" + l.kernel();
            case "batchnorm" -> "Batch norm";
            default -> "Dropout " + l.dropout();
        };
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
