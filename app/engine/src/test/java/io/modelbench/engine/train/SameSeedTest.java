package io.modelbench.engine.train;

import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.data.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same data, settings and seed give the same model, weight for weight, whichever thread builds the network (the
 * session builds it on a thread of its own while it builds the splits) and whatever ran before in the JVM; another seed
 * gives another one. A table (the dense trainer) and images (the convolutional trainer, its first layer fused with its
 * pooling).
 */
class SameSeedTest {

    @Test
    void aTableSessionGivesTheSameWeightsForTheSameSeed() {
        Dataset iris = io.modelbench.engine.data.TableDataset.of(Samples.open(Samples.find("iris")));
        TrainingSettings t = TrainingSettings.defaults().withEpochs(3).withSeed(42);
        INDArray first = train(iris, "species", t);
        INDArray second = train(iris, "species", t);
        assertThat(second).isEqualTo(first);
        assertThat(train(iris, "species", t.withSeed(43))).isNotEqualTo(first);
    }

    @Test
    void anImageSessionGivesTheSameWeightsForTheSameSeed(@TempDir Path cache) {
        Dataset digits = io.modelbench.engine.data.SampleImages.everyNthDigit(cache, 10);
        TrainingSettings t = new TrainingSettings(1, 32, 0.002, TrainingSettings.DEFAULT_HIDDEN, 7).withModel(ModelSpec.cnn());
        INDArray first = train(digits, "class", t);
        INDArray second = train(digits, "class", t);
        assertThat(second).isEqualTo(first);
        assertThat(train(digits, "class", t.withSeed(8))).isNotEqualTo(first);
    }

    private static INDArray train(Dataset data, String target, TrainingSettings t) {
        TrainingRequest r = new TrainingRequest(target, TaskType.CLASSIFICATION, List.of(), new SplitSettings(0.2, 0.1, 42), t);
        return new Trainer().train(data, r, e -> { }, new StopSignal(), null).model().network().params().dup();
    }
}
