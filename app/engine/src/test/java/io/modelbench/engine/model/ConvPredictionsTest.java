package io.modelbench.engine.model;

import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.Predictions;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model trained on images predicts up to {@link DensePredictions#CONV_MOST} images at a time through the convolutional
 * trainer's forward pass ({@link DensePredictions}, {@link ConvTrainer#predict}; a few with every convolution as im2col,
 * more in mini-batches with the later ones through oneDNN) and more through ND4J: either way what the network with its
 * pixel scaling gives ({@code net.output}), the probabilities within 1e-5 and the same labels; the forward pass made for
 * inference reads no optimizer state and creates none.
 */
class ConvPredictionsTest {

    @Test
    void aFewImagesThroughTheTrainersForwardPassAreWhatTheNetworkPredicts(@TempDir Path cache) {
        ImageDataset few = io.modelbench.engine.data.SampleImages.everyNthDigit(cache, 8);   // 225 images
        TrainingSettings t = new TrainingSettings(2, 32, 0.002, TrainingSettings.DEFAULT_HIDDEN, 7).withModel(ModelSpec.cnn());
        TrainedModel model = new Trainer().train(few, new TrainingRequest("class", null, List.of(), SplitSettings.defaults(7), t),
                e -> { }, new StopSignal(), null).model();
        assertThat(model.card().image()).isNotNull();
        float[][] x = few.pixels();
        for (int n : new int[] {1, 3, DensePredictions.CONV_ROWS, DensePredictions.CONV_ROWS + 1, 40, 70, DensePredictions.CONV_MOST,
            DensePredictions.CONV_MOST + 1}) {
            float[][] rows = Arrays.copyOfRange(x, 5, 5 + n);
            Predictions p = model.predict(rows);
            INDArray in = Nd4j.create(rows);
            model.normalizer().transform(in);
            INDArray expected = model.network().output(in, false);
            double worst = 0;
            for (int r = 0; r < n; r++) {
                for (int k = 0; k < expected.size(1); k++) {
                    worst = Math.max(worst, Math.abs(p.probabilities()[r][k] - expected.getDouble(r, k)));
                }
                assertThat(p.predicted()[r]).as("%d images, image %d", n, r)
                        .isEqualTo(model.schema().labels().get(TrainedModel.argMax(p.probabilities()[r])));
            }
            assertThat(worst).as("%d images: largest difference of a probability", n).isLessThan(1e-5);
        }
        assertThat(model.convForward(true)).as("the few images went through the trainer's pass").isNotNull();
        assertThat(model.convForward(false)).as("so did more").isNotNull();

        // a session's test report goes through the session's own trainer: the same predictions
        float[][] rows = Arrays.copyOfRange(x, 0, 100);
        INDArray scaled = Nd4j.create(rows);
        model.normalizer().transform(scaled);
        ConvTrainer session = ConvTrainer.of(model.network(), scaled, Nd4j.zeros(100, model.schema().labels().size()), 32, true);
        assertThat(session).isNotNull();
        Predictions through = model.predict(rows, session);
        Predictions plain = model.predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertThat(through.predicted()[r]).isEqualTo(plain.predicted()[r]);
            for (int k = 0; k < plain.probabilities()[r].length; k++) {
                assertThat(through.probabilities()[r][k]).isCloseTo(plain.probabilities()[r][k], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void theForwardPassForInferenceCreatesNoOptimizerState() {
        MultiLayerNetwork net = NetworkFactory.build(ModelSpec.cnn(), io.modelbench.engine.api.InputShape.image(12, 12, 1), 3,
                io.modelbench.engine.api.TaskType.CLASSIFICATION,
                new TrainingSettings(1, 16, 0.005, List.of(8), 5).withModel(ModelSpec.cnn()), null);
        assertThat(net.getUpdater(false)).isNull();
        ConvTrainer t = ConvTrainer.forInference(net, 4);
        assertThat(t).isNotNull();
        INDArray rows = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 7, 144);
        float[] out = t.predict(rows);
        TrainerChecks.assertClose("outputs", Nd4j.create(out, new long[] {7, 3}, 'c'), net.output(rows, false), 1e-5);
        assertThat(net.getUpdater(false)).as("no updater created").isNull();
        assertThat(t.predict(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 145))).as("rows of another width").isNull();
    }
}
