package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.TrainingOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sequences of different lengths (4 to 24 steps, the length drawn apart from the class): each is padded at the end to
 * the longest, with a DL4J features mask. The class is decided by the content: channel a rises ("up") or falls
 * ("down") step by step under noise, channel b is noise. The LSTM learns it, and the padding never changes a result:
 * a short sequence predicted in one batch with longer ones gets what it gets alone, and what the network gives for
 * the sequence unpadded (its own length, no mask); without the mask the padded steps would run through the LSTM and
 * move the last step's output.
 */
class SequencePaddingTest {

    static TrainingOutcome outcome;
    static TableDataset data;

    /** {@code n} sequences, ids prefixed by {@code prefix}; rows in time order, column t numbers the steps. */
    static Table sequences(int n, long seed, String prefix) {
        Random r = new Random(seed);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean up = r.nextBoolean();
            int len = 4 + r.nextInt(21);
            for (int k = 0; k < len; k++) {
                double a = (up ? 0.3 : -0.3) * k + r.nextGaussian() * 0.5;
                rows.add(new String[] {prefix + i, Integer.toString(k), Double.toString(a), Double.toString(r.nextGaussian()), up ? "up" : "down"});
            }
        }
        long[] lines = java.util.stream.LongStream.range(2, rows.size() + 2L).toArray();
        return new Table(prefix + ".csv", List.of("id", "t", "a", "b", "label"), rows, lines, null);
    }

    @BeforeAll
    static void train() {
        data = Datasets.sequences(sequences(240, 7, "s"), "id", "t", "label", List.of());
        TrainingSettings s = TrainingSettings.defaults().withEpochs(12).withLearningRate(0.01).withModel(ModelSpec.lstm(1));
        outcome = new RunService().train(data, TrainingRequest.of("label", s), RunOutput.inMemory(), RunSettings.defaults(),
                RunListener.NONE, new StopSignal()).outcome();
    }

    @Test
    void theLengthsAreRecordedAndTheClassIsLearnedFromTheContent() {
        var seq = data.sequence();
        assertThat(seq.steps()).isEqualTo(24);
        assertThat(seq.lengths().min()).isEqualTo(4);
        assertThat(seq.lengths().max()).isEqualTo(24);
        assertThat(outcome.model().card().sequence().lengths()).isEqualTo(seq.lengths());
        double accuracy = ((EvaluationResult.Classification) outcome.test()).accuracy();
        System.out.println("padded sequences 4..24 steps, LSTM: test accuracy " + accuracy);
        assertThat(accuracy).isGreaterThan(0.9);
    }

    @Test
    void aSequenceGetsTheSamePredictionAloneInABatchWithLongerOnesAndUnpadded() {
        TrainedModel model = outcome.model();
        Table fresh = sequences(60, 99, "f");
        Exports.Predicted batch = Exports.predict(model, fresh);
        int checked = 0;
        for (int i = 0; i < batch.rows().rowCount(); i++) {
            String id = batch.rows().value(i, 0);
            List<String[]> own = new ArrayList<>();
            for (int r = 0; r < fresh.rowCount(); r++) {
                if (fresh.value(r, 0).equals(id)) {
                    own.add(fresh.row(r));
                }
            }
            if (own.size() > 12) {
                continue;   // the short ones: their batch holds sequences up to twice as long
            }
            Table alone = new Table("one.csv", fresh.columns(), own, java.util.stream.LongStream.range(2, own.size() + 2L).toArray(), null);
            double[] inBatch = batch.predictions().probabilities()[i];
            double[] byItself = Exports.predict(model, alone).predictions().probabilities()[0];
            double[] unpadded = unpadded(model, own);
            for (int k = 0; k < inBatch.length; k++) {
                assertThat(byItself[k]).as(id).isCloseTo(inBatch[k], org.assertj.core.data.Offset.offset(1e-6));
                assertThat(unpadded[k]).as(id).isCloseTo(inBatch[k], org.assertj.core.data.Offset.offset(1e-6));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    /** The network on the sequence at its own length: [1, channels, steps], normalized, no mask, no padding. */
    private static double[] unpadded(TrainedModel model, List<String[]> rows) {
        INDArray x = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2, rows.size());
        for (int k = 0; k < rows.size(); k++) {
            x.putScalar(new long[] {0, 0, k}, Double.parseDouble(rows.get(k)[2]));
            x.putScalar(new long[] {0, 1, k}, Double.parseDouble(rows.get(k)[3]));
        }
        model.normalizer().transform(x);
        return model.network().output(x, false).toDoubleVector();
    }

    @Test
    void aSequenceLongerThanTheModelReadsIsRefusedNamingIt() {
        Table t = sequences(1, 3, "x");
        List<String[]> rows = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            rows.add(new String[] {"long", Integer.toString(k), "1", "0", "up"});
        }
        Table tooLong = new Table("long.csv", t.columns(), rows, java.util.stream.LongStream.range(2, 32).toArray(), null);
        assertThatThrownBy(() -> Exports.predict(outcome.model(), tooLong)).isInstanceOf(InputException.class)
                .hasMessageContaining("sequence 'long' has 30 steps, the model reads at most 24");
    }

    @Test
    void oneDimensionalConvolutionIsRefusedOnSequencesOfDifferentLengths() {
        TrainingSettings s = TrainingSettings.defaults().withEpochs(1).withModel(ModelSpec.cnn1d());
        assertThatThrownBy(() -> new RunService().train(data, TrainingRequest.of("label", s), RunOutput.inMemory(), RunSettings.defaults(),
                RunListener.NONE, new StopSignal())).isInstanceOf(InputException.class)
                .hasMessageContaining("4 to 24 steps").hasMessageContaining("use --model lstm");
    }
}
