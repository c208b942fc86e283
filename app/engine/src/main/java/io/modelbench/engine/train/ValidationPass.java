package io.modelbench.engine.train;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The validation split's loss and the network's output on it from one forward pass. The session used to call
 * {@code net.score(val, false)} and then {@code net.output(val)}: two passes through every layer for the same numbers.
 * Here the layers below the output layer run once ({@code activateSelectedLayers}, inference mode), and the output
 * layer gives both the score (as {@code MultiLayerNetwork.score} computes it: the output layer's {@code computeScore}
 * with the network's regularization term) and its activations, which are {@code output()}'s. The figures are bit for
 * bit the two passes' ({@code ValidationPassTest}). Only for rank-2 features and labels without masks (tables and
 * flat images); sequences keep the two calls.
 * <p>
 * Why: validating every epoch on the default 10 % split took 4–7 % of a LeNet session's epochs (1,600 images, 3
 * epochs, load ~8); one pass halves it.
 */
final class ValidationPass {

    /** The validation loss and the network's output (one row per example). */
    record Result(double loss, INDArray output) {
    }

    private ValidationPass() {
    }

    /**
     * True when {@link #run} applies: rank-2 features and labels, no masks, an output layer with a loss, and at least two
     * layers before it (DL4J's {@code activateSelectedLayers(0, 0, …)} refuses a range of one layer: a network of one
     * hidden layer trained through DL4J's {@code fit} failed its validation with "FROM is out of layer space").
     */
    static boolean applies(MultiLayerNetwork net, DataSet val) {
        return val.getFeatures().rank() == 2 && val.getLabels().rank() == 2 && val.getFeaturesMaskArray() == null
                && val.getLabelsMaskArray() == null && net.getLayers().length >= 3 && net.getOutputLayer() instanceof IOutputLayer;
    }

    /** The loss {@code net.score(val, false)} gives and the output {@code net.output(val.getFeatures(), false)} gives. */
    static Result run(MultiLayerNetwork net, DataSet val) {
        int last = net.getLayers().length - 1;
        try {
            INDArray in = net.activateSelectedLayers(0, last - 1, val.getFeatures());
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            if (pre != null) {
                in = pre.preProcess(in, (int) val.getFeatures().size(0), mgr);
            }
            IOutputLayer ol = (IOutputLayer) net.getOutputLayer();
            ol.setInput(in, mgr);
            ol.setLabels(val.getLabels());
            double loss = ol.computeScore(net.calcRegularizationScore(true), false, mgr);
            INDArray out = ol.activate(false, mgr);
            return new Result(loss, out);
        } finally {
            net.clearLayersStates();
        }
    }
}
