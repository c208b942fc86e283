package io.modelbench.engine.train;

import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.model.DenseTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A training session on images with the app's CNN template less its dropout layer (which the session trains with the
 * fast convolutional trainer) ends where the same session on DL4J's {@code fit} ({@code -Dmodelbench.fastTrain=false})
 * ends: the same training and validation losses per epoch and the same weights, to float rounding.
 */
class ConvSessionTest {

    @Test
    void anImageSessionWithTheFastTrainerEndsWhereDl4jsFitEnds(@TempDir Path cache) {
        endsWhereDl4jsFitEnds(io.modelbench.engine.data.SampleImages.everyNthDigit(cache, 10));
    }

    @Test
    void anAugmentedImageSessionWithTheFastTrainerEndsWhereDl4jsFitEnds(@TempDir Path cache) {
        // flips, shifts and rotations: the trainer gets each epoch's images as DL4J's fit would, in the same order
        ImageDataset few = io.modelbench.engine.data.SampleImages.everyNthDigit(cache, 10);
        ImageDataset augmented = new ImageDataset(few.folder(), few.source(), few.labels(), few.items(), List.of(), few.pixels(),
                few.settings().withAugmentation(new io.modelbench.engine.api.ImageSettings.Augmentation(true, 1, 10)), few.sha256());
        endsWhereDl4jsFitEnds(augmented);
    }

    @Test
    void anAugmentedImageSessionOfAnMlpWithTheFastTrainerEndsWhereDl4jsFitEnds(@TempDir Path cache) {
        // the dense trainer on the same augmented epochs
        ImageDataset few = io.modelbench.engine.data.SampleImages.everyNthDigit(cache, 10);
        ImageDataset augmented = new ImageDataset(few.folder(), few.source(), few.labels(), few.items(), List.of(), few.pixels(),
                few.settings().withAugmentation(new io.modelbench.engine.api.ImageSettings.Augmentation(true, 1, 10)), few.sha256());
        endsWhereDl4jsFitEnds(augmented, ModelSpec.mlp(List.of(32)));
    }

    private static void endsWhereDl4jsFitEnds(ImageDataset few) {
        ModelSpec cnn = ModelSpec.cnn();
        endsWhereDl4jsFitEnds(few, new ModelSpec("cnn", cnn.layers().subList(0, cnn.layers().size() - 1)));
    }

    private static void endsWhereDl4jsFitEnds(ImageDataset few, ModelSpec noDropout) {
        TrainingSettings t = new TrainingSettings(2, 32, 0.002, TrainingSettings.DEFAULT_HIDDEN, 7).withModel(noDropout);
        TrainingRequest request = new TrainingRequest("class", null, List.of(), SplitSettings.defaults(7), t);

        List<double[]> fast = new ArrayList<>();
        INDArray fastParams = new Trainer().train(few, request, e -> record(e, fast), new StopSignal(), null).model().network().params();
        List<double[]> dl4j = new ArrayList<>();
        INDArray dl4jParams;
        System.setProperty(DenseTrainer.SWITCH, "false");
        try {
            dl4jParams = new Trainer().train(few, request, e -> record(e, dl4j), new StopSignal(), null).model().network().params();
        } finally {
            System.clearProperty(DenseTrainer.SWITCH);
        }
        assertThat(fast).hasSize(2).hasSameSizeAs(dl4j);
        for (int e = 0; e < fast.size(); e++) {
            assertThat(fast.get(e)[0]).as("training loss, epoch %d", e + 1).isCloseTo(dl4j.get(e)[0], within(1e-4));
            assertThat(fast.get(e)[1]).as("validation loss, epoch %d", e + 1).isCloseTo(dl4j.get(e)[1], within(1e-4));
        }
        float[] a = fastParams.dup('c').data().asFloat();
        float[] b = dl4jParams.dup('c').data().asFloat();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1.0, Math.abs(b[i])));
        }
        assertThat(worst).as("the weights' largest difference").isLessThan(1e-4);
    }

    private static void record(TrainingEvent e, List<double[]> into) {
        if (e instanceof TrainingEvent.EpochDone d) {
            into.add(new double[] {d.trainingLoss(), d.validationLoss()});
        }
    }
}
