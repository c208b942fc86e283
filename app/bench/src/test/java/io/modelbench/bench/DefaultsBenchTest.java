package io.modelbench.bench;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The defaults bench's own arithmetic: the ensemble variant's averaging and the spread figures it prints. */
class DefaultsBenchTest {

    /**
     * An "ensemble" of one network must score exactly what the trainer reported for it: the averaging reads the test rows'
     * probabilities (classification) or predicted values (regression) and scores them as the trainer does. Two networks
     * see the same test rows (the split's seed stays) and score something in the range a network can.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iris", "diabetes"})
    void anEnsembleOfOneScoresAsItsNetworkAndMoreNetworksShareTheTestRows(String id) {
        Samples.Sample sample = Samples.find(id);
        TableDataset data = Datasets.table(Samples.open(sample));
        TrainingSettings settings = DefaultsBench.settings("new:epochs=3", 100, 1);
        TrainingRequest request = DefaultsBench.request(sample.target(), List.of(), settings);
        Trainer trainer = new Trainer();
        TrainingOutcome first = trainer.train(data, request, TrainingListener.NONE, new StopSignal(), null);

        assertThat(DefaultsBench.ensemble(trainer, data, request, 1, first)).isCloseTo(DefaultsBench.score(first.test()), within(1e-4));
        double two = DefaultsBench.ensemble(trainer, data, request, 2, first);
        assertThat(two).isFinite().isLessThanOrEqualTo(1.0);
    }

    @Test
    void aVariantNamesItsEnsembleSizeAndTheSummaryGivesMedianRangeAndStandardDeviation() {
        assertThat(DefaultsBench.members("new:wd=0.1:ens=3")).isEqualTo(3);
        assertThat(DefaultsBench.members("new:wd=0.1")).isEqualTo(1);
        assertThat(DefaultsBench.sd(new double[] {1, 2, 3})).isCloseTo(1.0, within(1e-12));
        assertThat(DefaultsBench.summary(new double[] {0.3, 0.1, 0.2})).isEqualTo("0.200 [0.100 … 0.300] sd 0.100");
    }
}
